"""The codebook as the screens show it: live codes, which key applies which, and each tag's look."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.service.results import CodeInfo
from qualcode.tui.keys import RESERVED_LETTERS
from qualcode.tui.widgets.segment_rows import CodeTag


@dataclass(frozen=True)
class CodebookView:
    """Built once per codebook revision and shared by every screen through the app."""

    codes: tuple[CodeInfo, ...] = ()
    """Every code, archived ones too: old codings may still carry them."""
    by_id: dict[int, CodeInfo] = field(default_factory=dict)
    hotkeys: dict[str, CodeInfo] = field(default_factory=dict)
    """Key → the code it toggles; only codable live codes with a usable key."""
    key_of: dict[int, str] = field(default_factory=dict)
    tags: dict[int, CodeTag] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    """Hotkeys that could not be honoured, said once when the codebook is shown."""

    @classmethod
    def build(cls, codes: Sequence[CodeInfo]) -> CodebookView:
        hotkeys: dict[str, CodeInfo] = {}
        problems: list[str] = []
        for code in codes:
            key = code.hotkey
            if not key or not code.codable or code.archived:
                continue
            if len(key) != 1:
                problems.append(f"{code.path}: hotkey {key!r} is not a single key; use ctrl+k to apply it")
            elif key in RESERVED_LETTERS:
                problems.append(f"{code.path}: hotkey {key!r} is a workbench key; use ctrl+k to apply it")
            elif key in hotkeys:
                problems.append(f"{code.path}: hotkey {key!r} is taken by {hotkeys[key].path}")
            else:
                hotkeys[key] = code
        return cls(
            codes=tuple(codes),
            by_id={code.id: code for code in codes},
            hotkeys=hotkeys,
            key_of={code.id: key for key, code in hotkeys.items()},
            tags={code.id: CodeTag(code.name, code.color) for code in codes},
            problems=tuple(problems),
        )

    @property
    def live(self) -> list[CodeInfo]:
        return [code for code in self.codes if not code.archived]

    @property
    def codable(self) -> list[CodeInfo]:
        return [code for code in self.codes if code.codable and not code.archived]
