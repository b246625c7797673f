"""Who is coding which project: the one piece of state every screen of the app shares."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.service import Workbench
from qualcode.store.models import CoderRole


@dataclass(frozen=True)
class CodingContext:
    """The open project and the coder working on it; screens read it, never replace it."""

    workbench: Workbench
    coder: str
    role: str

    @property
    def is_lead(self) -> bool:
        return self.role == CoderRole.LEAD.value

    @property
    def project(self) -> str:
        return self.workbench.name

    @classmethod
    def open(cls, workbench: Workbench, coder: str) -> CodingContext:
        """Resolve the coder's role once; a missing coder raises the service's `NotFoundError`."""
        return cls(workbench, coder, workbench.coder(coder).role)
