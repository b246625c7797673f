"""The service layer: the Workbench object that both front ends call."""

from qualcode.service.workbench import Workbench

__all__ = ["Workbench"]
