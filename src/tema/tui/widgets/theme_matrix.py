"""The theme × participant table (phase 4). What it shows is computed by
tema.domain.theme_matrix.theme_matrix; this widget only draws it."""

from __future__ import annotations

from textual.widgets import DataTable

from tema.domain.theme_matrix import Matrix


class ThemeMatrix(DataTable):
    def show(self, matrix: Matrix) -> None:
        self.clear(columns=True)
        self.add_column("Theme", key="theme")
        for p in matrix.participants:
            self.add_column(p, key=p)
        for tid, name, counts in matrix.rows:
            self.add_row(name, *[str(c) if c else "·" for c in counts], key=str(tid))
        self.border_title = "Theme × participant (extracts)"
