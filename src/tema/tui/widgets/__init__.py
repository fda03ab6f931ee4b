"""Widgets, one per module: transcript view, document table, notes, codes and codings panels."""
