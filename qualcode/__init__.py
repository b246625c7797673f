"""qualcode: a qualitative coding workbench for researchers who work in the terminal."""

__version__ = "0.1.0"
