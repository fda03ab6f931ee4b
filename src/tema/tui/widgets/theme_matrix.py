"""The theme × participant table (phase 4), or theme × case, wave or a participant
attribute (``columns_kind``; k switches). What it shows is computed by
tema.domain.theme_matrix.theme_matrix (distinct extracts, as the export's
``matrix --columns`` counts them); this widget only draws it — a MatrixGrid, so a team
project's 500 columns cost only the cells in view."""

from __future__ import annotations

from tema.domain.theme_matrix import Matrix
from tema.i18n import N_, _
from tema.tui.widgets.matrix_grid import MatrixGrid

KINDS = {"participant": N_("participant"), "case": N_("case"), "wave": N_("wave")}


def column_kind(columns: str) -> str:
    """How a kind of column is named in the header: participant, case, wave, or the attribute's key."""
    return columns[5:] if columns.startswith("attr:") else _(KINDS.get(columns, columns))


class ThemeMatrix(MatrixGrid):
    columns_kind = "participant"  # what the columns are: participant | case | wave | attr:KEY

    def show(self, matrix: Matrix) -> None:
        self.set_table([_("Theme"), *matrix.participants],
                       [(str(tid), name, [str(c) if c else "·" for c in counts]) for tid, name, counts in matrix.rows])
        self.columns_kind = matrix.dimension
        self.border_title = _("Theme × {kind} (distinct extracts)").format(kind=column_kind(matrix.dimension))
        self.border_subtitle = _("k: columns")
