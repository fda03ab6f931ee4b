"""The matrix grid (phase 4's theme × column table): the names and the header stay put
while the columns scroll, the cursor row scrolls into view, long names are cut with …,
and a line is drawn from the cells in view only (a 500-column matrix costs what is on
screen, not 500 cells a row)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tema.tui.widgets.matrix_grid import MatrixGrid, fit
from tests.tui.util import wait_until


class Grid(App):
    def compose(self) -> ComposeResult:
        yield MatrixGrid(id="grid")


class CountingCells(list):
    """A row's cells that remember which columns were read."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.read: set[int] = set()

    def __getitem__(self, i):
        self.read.add(i)
        return super().__getitem__(i)


def table(columns: int, rows: int) -> tuple[list[str], list[tuple[str, str, list[str]]]]:
    header = ["Tema", *(f"deltaker {c}" for c in range(columns))]
    body = [(str(r), f"Tema {r}", CountingCells(str(r * c % 7 or "·") for c in range(columns))) for r in range(rows)]
    return header, body


def test_fit_cuts_with_an_ellipsis_and_pads_either_side():
    assert fit("Ensomhet i rollen", 8) == "Ensomhe…"
    assert fit("12", 5, right=True) == "   12"
    assert fit("Åse", 5) == "Åse  "


async def test_names_and_header_stay_while_columns_scroll():
    app = Grid()
    async with app.run_test(size=(60, 12)) as pilot:
        grid = app.query_one(MatrixGrid)
        header, rows = table(40, 30)
        grid.set_table(header, rows)
        grid.focus()
        await pilot.pause()
        assert grid.render_line(0).text.startswith("Tema    deltaker 0 deltaker 1")
        assert grid.render_line(1).text.startswith("Tema 0           ·          ·")
        await pilot.press("right", "right")
        await wait_until(pilot, lambda: grid.scroll_offset.x > 0, what="the columns to scroll")
        assert grid.render_line(0).text.startswith("Tema    deltaker 2 deltaker 3")
        assert grid.render_line(2).text.startswith("Tema 1           2          3")
        await pilot.press("left", "left", "left")
        await wait_until(pilot, lambda: grid.scroll_offset.x == 0, what="the first column back")
        assert grid.render_line(0).text.startswith("Tema    deltaker 0")


async def test_the_cursor_row_scrolls_into_view_under_a_fixed_header():
    app = Grid()
    async with app.run_test(size=(60, 12)) as pilot:
        grid = app.query_one(MatrixGrid)
        grid.styles.height = 8
        grid.set_table(*table(5, 30))
        grid.focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: grid.scroll_offset.y > 0, what="the last row scrolled into view")
        assert grid.render_line(0).text.startswith("Tema ")  # the header stays on top
        shown = [grid.render_line(y).text.split()[1] for y in range(1, grid.scrollable_content_region.height)]
        assert shown[-1] == "29"
        await pilot.press("home")
        await wait_until(pilot, lambda: grid.scroll_offset.y == 0, what="the first row back in view")
        assert grid.render_line(1).text.startswith("Tema 0 ")


async def test_a_line_reads_only_the_cells_in_view():
    app = Grid()
    async with app.run_test(size=(80, 12)) as pilot:
        grid = app.query_one(MatrixGrid)
        header, rows = table(500, 3)
        grid.set_table(header, rows)
        await pilot.pause()
        cells = rows[1][2]
        cells.read.clear()
        grid.render_line(2)
        assert cells.read and len(cells.read) <= 80 // 11 + 1  # the columns that fit, not 500
        grid.scroll_to(x=300 * 11, animate=False)
        await wait_until(pilot, lambda: grid.scroll_offset.x > 0, what="the scroll")
        cells.read.clear()
        grid.render_line(2)
        assert min(cells.read) > 200 and len(cells.read) <= 80 // 11 + 1  # far to the right, a few


async def test_a_long_name_is_cut_and_the_widths_follow_the_widest_cell():
    app = Grid()
    async with app.run_test(size=(100, 8)) as pilot:
        grid = app.query_one(MatrixGrid)
        long = "Å skrive seg inn i en ny rolle som barnekoordinator i en stor bydel med mange familier"
        grid.set_table(["Tema", "Åse", "Øystein"], [("1", long, ["1234", "·"]), ("2", "Kort", ["2", "15"])])
        await pilot.pause()
        first = grid.render_line(1).text
        assert "…" in first and first.index("…") < 48
        assert grid.render_line(0).text.rstrip().endswith(" Åse Øystein")
        assert grid.render_line(2).text.rstrip().endswith("    2      15")
