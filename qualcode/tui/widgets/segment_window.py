"""Which segments of a document the list holds: rows to positions, a filter, and chunked reading.

Plain Python with no Textual in it, so the bookkeeping of a 5,000-row list
can be read and reasoned about apart from how the rows are drawn.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from qualcode.service.coding_ops import SegmentLine

CHUNK = 100
"""Rows read per query: one round trip fills several screens."""
KEEP_ROWS = 30 * CHUNK
"""Rows kept in memory; far-away ones are dropped and read again if the coder comes back."""


class SegmentWindow:
    """Rows are what is shown (every segment, or those a filter keeps); positions count from 1."""

    def __init__(self) -> None:
        self.document_id: int | None = None
        self.segment_count = 0
        self.positions: list[int] | None = None
        """The filter: positions shown, in order; None shows every segment."""
        self.generation = 0
        """Bumped when the document changes, so rows read for the old one are dropped on arrival."""
        self._lines: dict[int, SegmentLine] = {}
        self._position_by_id: dict[int, int] = {}
        self._loaded: set[int] = set()
        self._pending: set[int] = set()

    def reset(self, document_id: int, segment_count: int, positions: list[int] | None = None) -> None:
        self.generation += 1
        self.document_id = document_id
        self.segment_count = segment_count
        self.positions = positions
        self._lines.clear()
        self._position_by_id.clear()
        self._loaded.clear()
        self._pending.clear()

    def set_filter(self, positions: list[int] | None) -> None:
        self.positions = positions
        self._loaded.clear()
        self._pending.clear()

    # -- rows and positions ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.positions) if self.positions is not None else self.segment_count

    def position_of(self, row: int) -> int:
        return self.positions[row] if self.positions is not None else row + 1

    def row_of(self, position: int) -> int | None:
        if self.positions is None:
            return position - 1 if 1 <= position <= self.segment_count else None
        index = bisect.bisect_left(self.positions, position)
        return index if index < len(self.positions) and self.positions[index] == position else None

    def nearest_row(self, position: int) -> int:
        """The row of ``position``, or of the next position shown after it."""
        if not self.row_count:
            return 0
        if self.positions is None:
            return max(0, min(position - 1, self.segment_count - 1))
        return min(bisect.bisect_left(self.positions, position), len(self.positions) - 1)

    def line_at(self, position: int) -> SegmentLine | None:
        return self._lines.get(position)

    def line_at_row(self, row: int) -> SegmentLine | None:
        return self._lines.get(self.position_of(row)) if 0 <= row < self.row_count else None

    def position_by_id(self, segment_id: int) -> int | None:
        return self._position_by_id.get(segment_id)

    def line_by_id(self, segment_id: int) -> SegmentLine | None:
        position = self._position_by_id.get(segment_id)
        return self._lines.get(position) if position is not None else None

    # -- storing what was read ---------------------------------------------------------------

    def replace(self, line: SegmentLine) -> bool:
        """Store a line the coder just changed; False when it belongs to another document."""
        if line.document_id != self.document_id:
            return False
        self._lines[line.position] = line
        self._position_by_id[line.id] = line.position
        return True

    def chunks_to_read(self, first_row: int, last_row: int) -> Iterator[tuple[int, list[int]]]:
        """(chunk, positions) for each chunk of rows in the range not yet read nor being read."""
        if self.document_id is None or not self.row_count:
            return
        first = max(first_row, 0) // CHUNK
        last = min(last_row, self.row_count - 1) // CHUNK
        for chunk in range(first, last + 1):
            if chunk in self._loaded or chunk in self._pending:
                continue
            rows = range(chunk * CHUNK, min((chunk + 1) * CHUNK, self.row_count))
            positions = [self.position_of(row) for row in rows]
            if all(position in self._lines for position in positions):
                self._loaded.add(chunk)
                continue
            self._pending.add(chunk)
            yield chunk, positions

    def arrived(self, generation: int, chunk: int, lines: Iterable[SegmentLine], cursor: int) -> bool:
        """Store a chunk that was read; lines changed since the read began are kept as they are."""
        if generation != self.generation:
            return False
        self._pending.discard(chunk)
        self._loaded.add(chunk)
        for line in lines:
            self._lines.setdefault(line.position, line)
            self._position_by_id[line.id] = line.position
        self._forget_far_rows(cursor)
        return True

    def _forget_far_rows(self, cursor: int) -> None:
        if len(self._lines) <= KEEP_ROWS:
            return
        low = self.position_of(max(cursor - KEEP_ROWS // 3, 0))
        high = self.position_of(min(cursor + KEEP_ROWS // 3, self.row_count - 1))
        for position in [position for position in self._lines if not low <= position <= high]:
            del self._position_by_id[self._lines.pop(position).id]
        self._loaded.clear()
