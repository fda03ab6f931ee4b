"""Phase 4's matrix switches its columns (issue 17, item 6): k walks participant → case →
wave → each participant attribute and round again; the header names the kind of column
and the cells are the export's counts of distinct extracts (tema.domain.theme_matrix,
the same function `tema export … matrix --columns` uses)."""

from __future__ import annotations

from tema.domain.matrix_columns import column_choices
from tema.domain.theme_matrix import theme_matrix
from tema.tui.screens.review import ReviewScreen
from tests.tui.util import matrix_cells, settle, wait_until


def expected(store, columns: str) -> tuple[list[str], dict[str, dict[str, int]]]:
    with store.session() as s:
        matrix = theme_matrix(s, columns)
    cells = {}
    for line in matrix.lines:
        cells[line.name] = {col: n for col, n in zip(matrix.columns, line.counts) if n}
    return matrix.columns, cells


async def test_k_switches_the_matrix_columns_and_counts_as_the_export_does(demo_project, open_app, read_store):
    store = read_store(demo_project)
    with store.session() as s:
        choices = column_choices(s)
    assert choices[:3] == ["participant", "case", "wave"] and len(choices) > 3  # the demo has both
    assert expected(store, "wave")[0] == ["1", "2"]
    app = open_app(demo_project)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        matrix = screen.query_one("#review-matrix")
        assert matrix.border_title == "Theme × participant (distinct extracts)"
        for columns in [*choices[1:], "participant"]:
            await pilot.press("k")
            await wait_until(pilot, lambda c=columns: matrix.columns_kind == c, what=f"the columns {columns}")
            kind = columns[5:] if columns.startswith("attr:") else columns
            assert matrix.border_title == f"Theme × {kind} (distinct extracts)"
            heads, cells = matrix_cells(screen)
            want_heads, want = expected(store, columns)
            assert heads == want_heads
            assert {name: counts for name, (_label, counts) in cells.items()} == want
            assert any(want.values())  # something is counted in every kind of column
