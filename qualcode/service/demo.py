"""The demo project: a sample interview, the shipped codebook and two coders who mostly agree."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable

import yaml
from sqlmodel import select

from qualcode.errors import ImportFileError
from qualcode.service.results import CodeInfo
from qualcode.service.workbench import Workbench
from qualcode.store import codes as code_store
from qualcode.store import codings as coding_store
from qualcode.store import documents as document_store
from qualcode.store.models import CoderRole, SegmentReview

DEMO_PROJECT = "demo"
"""The project `build_demo` makes, under projects/ unless a database URL is given."""
INTERVIEW = "demo-interview.txt"
INTENDED_CODING = "demo-codings.yaml"
SHIPPED_CODEBOOK = "transformational-change.yaml"

TurnCoding = dict[int, tuple[str, ...]]
"""Turn position (1-based) → code names applied to it."""


@dataclass(frozen=True)
class CoderHabits:
    """How one simulated coder departs from the intended coding.

    The departures are the ones real coding teams argue about, so that the
    agreement figures and the adjudication queue of the demo have something
    to show: missed codes, a neighbouring code added, a passage read the other
    way round, and rare codes only one coder thinks of.
    """

    name: str
    seed: int
    """Seeds this coder's own `random.Random`, so every build makes the same codings."""
    miss_rate: float
    """Chance of leaving out each intended code of a turn."""
    neighbour_rate: float
    """Chance, per coded turn, of reaching for a neighbour of one of its codes."""
    misreadings: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
    """Turn → {intended code: code applied instead}."""
    own_codes: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    """Turn → codes that only this coder sees there."""
    overlooked: frozenset[str] = frozenset()
    """Codes this coder never applies, so only the other coder uses them."""


@dataclass(frozen=True)
class CodeNeighbours:
    """The codes a coder mixes each code up with, taken from the codebook's tree."""

    names: Mapping[str, tuple[str, ...]]
    """Code name → its codable siblings, parent and children."""
    exclusive: frozenset[str]
    """Codes of a mutually exclusive group: a neighbour replaces them rather than joining them."""


CODER_HABITS = (
    CoderHabits(
        name="ana",
        seed=2017,
        miss_rate=0.06,
        neighbour_rate=0.08,
        # Reads the whole slide-deck-and-soup passage as the relational story it argues for.
        misreadings={10: {"technical": "relational"}},
        own_codes={30: ("historical trauma",), 63: ("collective healing",)},
    ),
    CoderHabits(
        name="ben",
        seed=2021,
        miss_rate=0.08,
        neighbour_rate=0.10,
        # Codes the funders' framework turn by what the speaker wants instead of what she describes.
        misreadings={8: {"technical": "relational"}},
        own_codes={2: ("critical",), 56: ("system story",)},
        overlooked=frozenset({"zero-sum power"}),
    ),
)
LEAD = "lead"
"""The lead who adjudicates ana's and ben's disagreements; codes nothing in the demo."""


def data_file(name: str) -> Traversable:
    """A file shipped in ``qualcode/data``, read from the installed package, not the repository."""
    return resources.files("qualcode") / "data" / name


def read_intended_coding() -> TurnCoding:
    """The codes a careful coder applies to each turn of the demo interview."""
    document = yaml.safe_load(data_file(INTENDED_CODING).read_text(encoding="utf-8"))
    return {int(turn): tuple(codes or ()) for turn, codes in document["turns"].items()}


def code_neighbours(codes: Sequence[CodeInfo]) -> CodeNeighbours:
    """Each codable code's neighbours in the tree: what a coder reaches for instead, or as well."""

    def related(code: CodeInfo, other: CodeInfo) -> bool:
        siblings = code.parent_id is not None and other.parent_id == code.parent_id
        return other is not code and (siblings or other.id == code.parent_id or other.parent_id == code.id)

    names = {
        code.name: tuple(other.name for other in codes if other.codable and related(code, other))
        for code in codes
        if code.codable
    }
    exclusive_parents = {code.id for code in codes if code.exclusive}
    exclusive = frozenset(code.name for code in codes if code.parent_id in exclusive_parents)
    return CodeNeighbours(names, exclusive)


def simulated_coding(intended: TurnCoding, habits: CoderHabits, neighbours: CodeNeighbours) -> TurnCoding:
    """The intended coding as ``habits`` would record it; the same inputs give the same result."""
    rng = random.Random(habits.seed)
    coding: TurnCoding = {}
    for turn in sorted(intended):
        misread = habits.misreadings.get(turn, {})
        codes = [misread.get(code, code) for code in intended[turn]]
        kept = [code for code in codes if rng.random() >= habits.miss_rate]
        if kept and rng.random() < habits.neighbour_rate:
            code = rng.choice(kept)
            # A code the coder has read out of this turn is not a slip of the hand away.
            options = sorted(set(neighbours.names.get(code, ())) - set(kept) - set(misread))
            if options:
                neighbour = rng.choice(options)
                if code in neighbours.exclusive:
                    kept.remove(code)
                kept.append(neighbour)
        kept += habits.own_codes.get(turn, ())
        coding[turn] = tuple(code for code in dict.fromkeys(kept) if code not in habits.overlooked)
    return coding


def build_demo(db_url: str | None = None) -> Workbench:
    """Make (or complete) the demo project and return it open; running it again changes nothing.

    A coder who has reviewed anything is left alone, so a user who has played
    with the demo keeps their work and a second build adds no duplicates.
    """
    workbench = Workbench.create(DEMO_PROJECT, db_url, exist_ok=True)
    try:
        # Loaded once only: reloading would archive any code the user added to the demo's codebook.
        if not workbench.codes(include_archived=True):
            with resources.as_file(data_file(SHIPPED_CODEBOOK)) as codebook_path:
                workbench.load_codebook(codebook_path)
        document_id = _import_interview(workbench)
        existing = {coder.name for coder in workbench.coders()}
        team = [(habits.name, CoderRole.CODER) for habits in CODER_HABITS] + [(LEAD, CoderRole.LEAD)]
        for name, role in team:
            if name not in existing:
                workbench.add_coder(name, role)
        intended = read_intended_coding()
        neighbours = code_neighbours(workbench.codes())
        for habits in CODER_HABITS:
            coding = simulated_coding(intended, habits, neighbours)
            _record_coding(workbench, document_id, habits.name, coding)
    except BaseException:
        workbench.close()
        raise
    return workbench


def _import_interview(workbench: Workbench) -> int:
    """The demo interview's document id, importing it unless the same bytes are already in."""
    interview = data_file(INTERVIEW)
    sha256 = hashlib.sha256(interview.read_bytes()).hexdigest()
    if (document_id := _document_with_sha(workbench, sha256)) is not None:
        return document_id
    with resources.as_file(interview) as path:
        report = workbench.import_files([path], segmentation="turn")
    if report.failed:
        raise ImportFileError(report.failed[0].message)
    document_id = _document_with_sha(workbench, sha256)
    assert document_id is not None
    return document_id


def _document_with_sha(workbench: Workbench, sha256: str) -> int | None:
    with workbench.unit() as session:
        documents = document_store.documents_with_sha(session, workbench.project_id, sha256)
        return documents[0].id if documents else None


def _record_coding(workbench: Workbench, document_id: int, coder_name: str, coding: TurnCoding) -> None:
    """Record one coder's codings and reviews in one transaction: all of them or, on error, none.

    Every turn is reviewed, coded or not, so "no code applies" counts as a
    judgement when agreement is computed.
    """
    segments = workbench.segments(document_id)
    coder = workbench.coder(coder_name)
    assert coder.id is not None
    with workbench.unit() as session:
        reviewed = session.exec(select(SegmentReview.id).where(SegmentReview.coder_id == coder.id)).first()
        if reviewed is not None:
            return
        names = sorted({name for codes in coding.values() for name in codes})
        codes = {name: code_store.find_code(session, workbench.project_id, name) for name in names}
        for segment in segments:
            applied = coding.get(segment.position, ())
            for name in applied:
                coding_store.apply_code(session, segment.id, codes[name], coder)
            if not applied:
                coding_store.mark_reviewed(session, segment.id, coder.id)
