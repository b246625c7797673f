"""A project's codes: loading a codebook into the store without losing identities, and finding codes."""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass

from sqlmodel import Session, col, select

from qualcode.codebook import Codebook, CodeSpec, code_path
from qualcode.errors import NotFoundError
from qualcode.store.models import Code, Project


@dataclass(frozen=True)
class CodebookSync:
    """What loading a codebook changed, so the user can check it before coding on."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    archived: tuple[str, ...]
    unchanged: int


_SPEC_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example", "color", "exclusive", "ordered")


def project_codes(session: Session, project_id: int, include_archived: bool = False) -> list[Code]:
    statement = select(Code).where(Code.project_id == project_id)
    if not include_archived:
        statement = statement.where(Code.archived == False)  # noqa: E712
    return list(session.exec(statement.order_by(col(Code.position), col(Code.id))))


def code_paths(codes: list[Code]) -> dict[int, str]:
    """Every code's path, spelt by the one rule in ``qualcode.codebook.code_path``."""
    by_id = {code.id: code for code in codes}
    paths: dict[int, str] = {}
    for code in codes:
        names: list[str] = []
        current: Code | None = code
        while current is not None:
            names.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id else None
        assert code.id is not None
        paths[code.id] = code_path(list(reversed(names)))
    return paths


def _existing_match(spec: CodeSpec, by_uuid: dict[str, Code], by_name: dict[str, Code]) -> Code | None:
    """UUID first (the codebook carries it once loaded or exported), then the name.

    Matching by name keeps identities when a team edits a YAML file that never
    had UUIDs written into it.
    """
    if spec.uuid and spec.uuid in by_uuid:
        return by_uuid[spec.uuid]
    if spec.uuid:
        return None
    return by_name.get(spec.name.casefold())


def sync_codebook(session: Session, project: Project, codebook: Codebook) -> CodebookSync:
    """Make the project's codes match ``codebook``; removed codes are archived, never deleted."""
    assert project.id is not None
    existing = project_codes(session, project.id, include_archived=True)
    by_uuid = {code.uuid: code for code in existing}
    by_name = {code.name.casefold(): code for code in existing if not code.archived}
    ids_by_spec: dict[int, int] = {}
    seen: set[int] = set()
    added: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for position, (path, spec, parent) in enumerate(codebook.walk()):
        parent_id = ids_by_spec[id(parent)] if parent is not None else None
        code = _existing_match(spec, by_uuid, by_name)
        wanted = {field: getattr(spec, field) for field in _SPEC_FIELDS}
        wanted |= {
            "name": spec.name,
            "hotkey": spec.key,
            "codable": spec.codable,
            "parent_id": parent_id,
            "position": position,
            "archived": False,
        }
        if code is None:
            code = Code(
                project_id=project.id,
                uuid=spec.uuid or str(uuid_module.uuid4()),
                **wanted,
            )
            session.add(code)
            session.flush()
            added.append(code_path(path))
        else:
            changed = any(getattr(code, key) != value for key, value in wanted.items())
            for key, value in wanted.items():
                setattr(code, key, value)
            if changed:
                updated.append(code_path(path))
            else:
                unchanged += 1
        assert code.id is not None
        ids_by_spec[id(spec)] = code.id
        seen.add(code.id)
    archived: list[str] = []
    paths = code_paths(existing)
    for code in existing:
        if code.id not in seen and not code.archived:
            code.archived = True
            code.hotkey = ""
            archived.append(paths[code.id])  # type: ignore[index]
    project.codebook_name = codebook.name
    project.codebook_version = codebook.version
    project.codebook_description = codebook.description
    session.add(project)
    return CodebookSync(tuple(added), tuple(updated), tuple(archived), unchanged)


def codebook_from_store(session: Session, project: Project) -> Codebook:
    """The project's live codebook (archived codes left out), ready to write as YAML or QDC."""
    assert project.id is not None
    codes = project_codes(session, project.id)
    specs: dict[int, CodeSpec] = {}
    roots: list[CodeSpec] = []
    for code in codes:
        spec = CodeSpec(
            name=code.name,
            key=code.hotkey,
            color=code.color,
            definition=code.definition,
            when_to_use=code.when_to_use,
            when_not_to_use=code.when_not_to_use,
            example=code.example,
            exclusive=code.exclusive,
            ordered=code.ordered,
            codable=code.codable,
            uuid=code.uuid,
        )
        assert code.id is not None
        specs[code.id] = spec
    for code in codes:
        spec = specs[code.id]  # type: ignore[index]
        if code.parent_id is not None and code.parent_id in specs:
            specs[code.parent_id].children.append(spec)
        else:
            roots.append(spec)
    return Codebook(
        name=project.codebook_name or project.name,
        version=project.codebook_version,
        description=project.codebook_description,
        codes=roots,
    )


def find_code(session: Session, project_id: int, ref: str) -> Code:
    """A live code by name (case-insensitive), path ("approach/relational") or UUID."""
    codes = project_codes(session, project_id)
    wanted = ref.strip().casefold()
    for code in codes:
        if code.uuid == wanted:
            return code
    paths = code_paths(codes)
    matches = [code for code in codes if paths[code.id].casefold() == wanted]  # type: ignore[index]
    if not matches:
        matches = [code for code in codes if code.name.casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        options = ", ".join(sorted(paths[code.id] for code in matches))  # type: ignore[index]
        raise NotFoundError(f"code {ref!r} is ambiguous: use its path ({options})")
    raise NotFoundError(f"no code {ref!r} in this project's codebook")
