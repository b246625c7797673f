"""Widgets the workbench's screens are built from, one per module."""
