"""Making the names and hotkeys of a codebook from another tool unique, as qualcode requires."""

from __future__ import annotations

from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.paths import code_path


def _free_name(name: str, parent: CodeSpec | None, taken: dict[str, str]) -> str:
    """``name (parent)``, or with a number added until no code has it (ignoring case)."""
    base = f"{name} ({parent.name})" if parent is not None else name
    candidate, number = base, 2
    while candidate.casefold() in taken:
        candidate = f"{base} ({number})"
        number += 1
    return candidate


def unique_names_and_keys(book: Codebook) -> list[tuple[CodeSpec, str]]:
    """Rename repeated names and drop repeated hotkeys in place; what changed, code by code.

    Other tools allow the same name under different parents ("positive" under
    two topics); qualcode needs each name once so a code can be named alone.
    The first code keeps its name and later ones get their parent's name added
    (``positive (emotions)``), which keeps the file loadable and every code
    findable. A repeated hotkey stays with the first code that has it.
    """
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    changes: list[tuple[CodeSpec, str]] = []

    def visit(codes: list[CodeSpec], parent: CodeSpec | None, prefix: tuple[str, ...]) -> None:
        for code in codes:
            folded = code.name.casefold()
            if folded in names:
                renamed = _free_name(code.name, parent, names)
                changes.append(
                    (code, f"code name {code.name!r} is also used at {names[folded]}; renamed {renamed!r}")
                )
                code.name = renamed
            path = (*prefix, code.name)
            names[code.name.casefold()] = code_path(path)
            if code.key and code.key in keys:
                changes.append((code, f"hotkey {code.key!r} is also used by {keys[code.key]} (dropped)"))
                code.key = ""
            elif code.key:
                keys[code.key] = code_path(path)
            visit(code.children, code, path)

    visit(book.codes, None, ())
    return changes
