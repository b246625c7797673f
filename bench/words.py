"""The vocabulary the benchmarks' generated transcripts are written in, shared so that every
benchmark writes the same kind of text."""

WORDS = [
    "trust",
    "community",
    "power",
    "healing",
    "story",
    "network",
    "funders",
    "metrics",
    "relationship",
    "listening",
    "circle",
    "collective",
    "practice",
    "system",
    "change",
    "scale",
    "measure",
    "ritual",
    "care",
    "grief",
    "justice",
    "land",
    "youth",
    "elders",
]

LONG_WORDS = [
    *WORDS,
    *[
        "together",
        "slowly",
        "strategy",
        "framework",
        "outcome",
        "learning",
        "movement",
        "organising",
        "neighbourhood",
    ],
]
"""A wider vocabulary for the import corpus, whose turns then vary more in length."""
