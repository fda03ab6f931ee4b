"""The theme × participant table (phase 4). What it shows is computed by
tema.domain.theme_matrix.theme_matrix; this widget only draws it — a MatrixGrid, so a
team project's 500 columns cost only the cells in view."""

from __future__ import annotations

from tema.domain.theme_matrix import Matrix
from tema.i18n import _
from tema.tui.widgets.matrix_grid import MatrixGrid


class ThemeMatrix(MatrixGrid):
    def show(self, matrix: Matrix) -> None:
        self.set_table([_("Theme"), *matrix.participants],
                       [(str(tid), name, [str(c) if c else "·" for c in counts]) for tid, name, counts in matrix.rows])
        self.border_title = _("Theme × participant (extracts)")
