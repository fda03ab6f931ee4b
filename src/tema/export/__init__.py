"""Exports: the thesis' tables (md, csv, xlsx, docx, html), the codebook, theme maps.

Public API (used by the CLI and the TUI's phase-6 export menu)::

    run_export(store, table, fmt=None, out_path=None, *, codes=(), themes=(), snapshots=(),
               by="theme", lang=None, force=False, number=1, examples=3, journal=False,
               columns="participant", measure="extracts") -> Path
    write_map(store, fmt=None, out_path=None, *, snapshot=None, codes=False, lang=None, force=False,
              unplaced=False) -> Path
    build_tables(session, name, filters=None, lang=None) -> list[Table]      # data only, for previews
    build_codebook_doc(session, lang=None, *, examples=3, journal=False) -> Doc
    codebook_section_doc(session, theme_id, lang=None, *, examples=3) -> Doc   # one theme's section
    map_graph_for(session, snapshot=None, *, codes=False, lang=None) -> networkx.DiGraph

Heavy modules (matplotlib, python-docx, openpyxl) load only when a format needs them.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "EXPORTS", "MAP_FORMATS", "TABLE_FORMATS", "CODEBOOK_FORMATS", "Filters", "Table",
    "build_codebook_doc", "build_tables", "codebook_section_doc", "formats_for", "map_graph_for", "run_export", "write_map",
]


def __getattr__(name: str) -> Any:  # lazy: `import tema.export.<module>` must not pull in the table writers
    if name in __all__:
        from tema.export import api, table, tables

        for module in (api, table, tables):
            if hasattr(module, name):
                return getattr(module, name)
    raise AttributeError(f"module 'tema.export' has no attribute {name!r}")
