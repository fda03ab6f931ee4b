"""tema — reflexive thematic analysis of qualitative interviews."""

__version__ = "0.1.0"
