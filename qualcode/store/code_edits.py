"""Editing a project's codes one field at a time, with the checks a codebook file would get.

Edits made in the workbench land in the project at once; `codebook export`
writes them back to YAML, so the rules here match what loading a codebook
accepts: a unique hotkey per live code, hex colours, no cycles in the tree.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace

from sqlmodel import Session, col, func, select

from qualcode.errors import CodebookError, NotFoundError
from qualcode.store.codes import code_paths, project_codes
from qualcode.store.models import Code, Coding

RESERVED_HOTKEYS = frozenset("jknfmuq/? ")
"""Keys the coding screen binds to its own actions, so no code may take them as a hotkey."""

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class CodeFields:
    """The editable fields of a code, as the codebook editor shows them."""

    name: str
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    color: str = ""
    hotkey: str = ""
    parent_id: int | None = None
    archived: bool = False
    codable: bool = True
    """False for a category: a heading that groups codes and is not applied itself."""
    exclusive: bool = False
    """At most one of the code's children may stand on a segment (for one coder)."""
    position: int = 0
    """Order among siblings; the form never shows it, moving a code changes it."""

    @classmethod
    def of(cls, code: Code) -> CodeFields:
        return cls(**{field.name: getattr(code, field.name) for field in fields(cls)})


@dataclass(frozen=True)
class CodeEdit:
    """One edit of one code, with the fields before and after so that it can be undone."""

    code_id: int
    before: CodeFields
    after: CodeFields
    others: tuple[CodeEdit, ...] = ()
    """Codes changed by the same edit: the sibling a move swapped places with."""
    warning: str = ""
    """What the edit leaves for a lead to sort out (codings it did not touch); empty when nothing."""

    @property
    def label(self) -> str:
        changed = [name for name, value in asdict(self.after).items() if asdict(self.before)[name] != value]
        return f"{self.after.name}: {', '.join(changed) or 'nothing'} changed"

    def inverse(self) -> CodeEdit:
        return CodeEdit(
            self.code_id, self.after, self.before, tuple(other.inverse() for other in self.others)
        )


def _live_code(session: Session, project_id: int, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None or code.project_id != project_id:
        raise NotFoundError(f"no code with id {code_id}")
    return code


def _normalised(wanted: CodeFields) -> CodeFields:
    """Trim what users paste; colours are stored upper-case, as codebook files spell them."""
    color = wanted.color.strip()
    return replace(
        wanted,
        name=wanted.name.strip(),
        hotkey="" if wanted.hotkey.isspace() else wanted.hotkey,
        color=color.upper() if _COLOUR.match(color) else color,
    )


def check_code_fields(session: Session, project_id: int, code_id: int | None, wanted: CodeFields) -> None:
    """Raise a `CodebookError` naming the field and the problem, or return when ``wanted`` is valid."""
    codes = project_codes(session, project_id, include_archived=True)
    by_id = {code.id: code for code in codes}
    paths = code_paths(codes)
    if not wanted.name:
        raise CodebookError("a code needs a name")
    if "/" in wanted.name:
        raise CodebookError(f"code name {wanted.name!r} may not contain '/': it separates a code's path")
    if not wanted.archived:
        for other in codes:
            if (
                other.id != code_id
                and not other.archived
                and other.parent_id == wanted.parent_id
                and other.name.casefold() == wanted.name.casefold()
            ):
                raise CodebookError(f"there is already a code {paths[other.id]!r}")  # type: ignore[index]
    if wanted.hotkey:
        if len(wanted.hotkey) != 1 or wanted.hotkey.isspace():
            raise CodebookError(f"hotkey {wanted.hotkey!r} must be a single character")
        if wanted.hotkey in RESERVED_HOTKEYS:
            raise CodebookError(
                f"hotkey {wanted.hotkey!r} is reserved for the workbench "
                f"(reserved: {' '.join(sorted(RESERVED_HOTKEYS - {' '}))} and space)"
            )
        for other in codes:
            if other.id != code_id and not other.archived and other.hotkey == wanted.hotkey:
                raise CodebookError(
                    f"hotkey {wanted.hotkey!r} is already used by {paths[other.id]!r}"  # type: ignore[index]
                )
    if wanted.color and not _COLOUR.match(wanted.color):
        raise CodebookError(f"colour {wanted.color!r} is not a hex colour like #2E8B57")
    if wanted.parent_id is not None:
        parent = by_id.get(wanted.parent_id)
        if parent is None:
            raise CodebookError(f"no code with id {wanted.parent_id} to be the parent")
        if parent.archived and not wanted.archived:
            raise CodebookError(f"{paths[parent.id]!r} is archived and cannot hold live codes")  # type: ignore[index]
        ancestor: Code | None = parent
        while ancestor is not None:
            if code_id is not None and ancestor.id == code_id:
                raise CodebookError("a code cannot be moved under itself or one of its own codes")
            ancestor = by_id.get(ancestor.parent_id) if ancestor.parent_id else None
    if wanted.archived and code_id is not None:
        children = [c for c in codes if c.parent_id == code_id and not c.archived]
        if children:
            raise CodebookError(
                f"{wanted.name!r} still has live codes under it "
                f"({', '.join(sorted(c.name for c in children))}): archive or move them first"
            )


def edit_code(session: Session, project_id: int, code_id: int, wanted: CodeFields) -> CodeEdit:
    """Write ``wanted`` over the code's fields; archiving frees its hotkey for other codes."""
    code = _live_code(session, project_id, code_id)
    before = CodeFields.of(code)
    wanted = _normalised(wanted)
    if wanted.archived and not before.archived:
        wanted = replace(wanted, hotkey="")
    check_code_fields(session, project_id, code_id, wanted)
    warning = _flag_warning(session, code_id, before, wanted)
    for name, value in asdict(wanted).items():
        setattr(code, name, value)
    session.add(code)
    return CodeEdit(code_id, before, wanted, warning=warning)


def _flag_warning(session: Session, code_id: int, before: CodeFields, wanted: CodeFields) -> str:
    """Codings a new flag leaves as they were, counted, so the lead knows what to adjudicate.

    Neither flag deletes or rewrites codings: they are coders' judgements, and
    the disagreement and adjudication screens are where a lead settles them.
    """
    if before.codable and not wanted.codable:
        count = session.exec(select(func.count()).select_from(Coding).where(Coding.code_id == code_id)).one()
        if count:
            return (
                f"{wanted.name!r} is now a category: its {_codings(count)}, but it can no longer be applied"
            )
    if wanted.exclusive and not before.exclusive:
        children = select(Code.id).where(Code.parent_id == code_id)
        doubled = (
            select(Coding.segment_id, Coding.coder_id)
            .where(col(Coding.code_id).in_(children))
            .group_by(col(Coding.segment_id), col(Coding.coder_id))
            .having(func.count() > 1)
            .subquery()
        )
        count = session.exec(select(func.count()).select_from(doubled)).one()
        if count:
            return (
                f"{wanted.name!r} is now exclusive, but {count} "
                f"{'segment already carries' if count == 1 else 'segments already carry'} "
                "two or more of its codes from one coder: settle them in adjudication"
            )
    return ""


def _codings(count: int) -> str:
    return f"{count} coding stays" if count == 1 else f"{count} codings stay"


def move_code(session: Session, project_id: int, code_id: int, step: int) -> CodeEdit:
    """Swap the code with its live sibling ``step`` places away (-1 up, +1 down)."""
    code = _live_code(session, project_id, code_id)
    siblings = [
        other
        for other in project_codes(session, project_id, include_archived=True)
        if other.parent_id == code.parent_id and (not other.archived or other.id == code_id)
    ]
    index = next(i for i, other in enumerate(siblings) if other.id == code_id)
    if not 0 <= index + step < len(siblings):
        where = "first" if step < 0 else "last"
        raise CodebookError(f"{code.name!r} is already the {where} code at its level")
    neighbour = siblings[index + step]
    assert neighbour.id is not None
    here, there = code.position, neighbour.position
    if here == there:
        # Codes added before positions were kept apart share one; order them by id first.
        there = here + step
    moved = _reposition(code, there)
    swapped = _reposition(neighbour, here)
    session.add_all([code, neighbour])
    return replace(moved, others=(swapped,))


def _reposition(code: Code, position: int) -> CodeEdit:
    assert code.id is not None
    before = CodeFields.of(code)
    code.position = position
    return CodeEdit(code.id, before, replace(before, position=position))


def add_code(session: Session, project_id: int, wanted: CodeFields) -> CodeEdit:
    """Create a code at the end of its parent's children; undoing the creation archives it."""
    wanted = _normalised(wanted)
    check_code_fields(session, project_id, None, wanted)
    last = session.exec(
        select(Code.position).where(Code.project_id == project_id).order_by(col(Code.position).desc())
    ).first()
    wanted = replace(wanted, position=(last or 0) + 1)
    code = Code(project_id=project_id, **asdict(wanted))
    session.add(code)
    session.flush()
    assert code.id is not None
    return CodeEdit(code.id, replace(wanted, archived=True, hotkey=""), wanted)
