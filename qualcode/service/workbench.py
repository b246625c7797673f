"""The Workbench: the one door through which the CLI and the TUI reach a project."""

from __future__ import annotations

from qualcode.service.admin_ops import AdminOps
from qualcode.service.attribute_ops import AttributeOps
from qualcode.service.coding_ops import CodingOps
from qualcode.service.export_ops import ExportOps
from qualcode.service.project_ops import ProjectOps
from qualcode.service.reliability.ops import ReliabilityOps
from qualcode.service.replace_ops import ReplaceOps
from qualcode.service.retrieval_ops import RetrievalOps
from qualcode.service.team_ops import TeamOps


class Workbench(
    ProjectOps,
    CodingOps,
    RetrievalOps,
    ExportOps,
    ReliabilityOps,
    AdminOps,
    ReplaceOps,
    TeamOps,
    AttributeOps,
):
    """One object for every front end; its parts live in one module each by concern."""
