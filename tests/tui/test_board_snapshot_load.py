"""Loading a snapshot into the theme board (L): on the thesis project, the candidate map
of Vedlegg 4 (5 themes, 32 subthemes), typed in as an outline and stored with
`tema snapshot --from`, becomes the board's map by keys; at 120×40 every theme and
subtheme is reachable by scrolling and the long names are shown whole in the detail line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tema.domain import snapshots
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.confirm import ConfirmModal
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture
from tests.tui.util import settle

VEDLEGG4 = "Midlertidige tema og subtema"


def vedlegg4_outline(folder: Path) -> tuple[Path, list[tuple[str, list[str]]]]:
    """Vedlegg 4 as a researcher would type it in: # theme, ## subtheme."""
    temporary = load_fixture("thesis_tables.json")["temporary_themes"]["themes"]
    lines = []
    for t in temporary:
        lines.append(f"# {t['theme']}")
        lines += [f"## {s}" for s in t["subthemes"]]
    path = folder / "vedlegg4.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [(t["theme"], list(t["subthemes"])) for t in temporary]


@pytest.fixture
def thesis_with_vedlegg4(thesis_project, tmp_path):
    outline, expected = vedlegg4_outline(tmp_path)
    out = tema("snapshot", thesis_project, VEDLEGG4, "--from", outline, "--phase", "3").output
    assert "(5 themes, 32 subthemes)" in out
    return thesis_project, expected


async def load_by_keys(pilot, name: str) -> None:
    await pilot.press("3")
    await settle(pilot)
    await pilot.press("L")
    modal = pilot.app.screen
    assert isinstance(modal, ChooseModal)
    [index] = [i for i, (_, label) in enumerate(modal.items) if label == name]
    await pilot.press(*["down"] * index, "enter")
    assert isinstance(pilot.app.screen, ConfirmModal)
    await pilot.press("y")
    await settle(pilot)


def tree_shape(tree) -> list[tuple[str, list[str]]]:
    out = []
    for node in tree.root.children:
        if node.data[0] != "theme" or "Diverse" in node.label.plain:
            continue
        subs = [c.label.plain.rsplit("  (", 1)[0] for c in node.children if c.data[0] == "theme"]
        out.append((node.label.plain.rsplit("  (", 1)[0], subs))
    return out


async def test_vedlegg4_loaded_as_snapshot_fills_the_board(thesis_with_vedlegg4, open_app, read_store):
    project, expected = thesis_with_vedlegg4
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        await load_by_keys(pilot, VEDLEGG4)
        board = app.screen
        tree = board.tree
        assert tree_shape(tree) == expected
        assert sum(len(subs) for _, subs in expected) == 32
        # Taller than the panel at 120×40: reachable by scrolling, the last subtheme included.
        assert tree.virtual_size.height > tree.scrollable_content_region.height
        tree.focus()
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()  # the scroll to the last row
        assert tree.scroll_y > 0
        assert tree.cursor_node.label.plain.startswith("Diverse (ikke plassert ennå)")  # the pile stays last
        await pilot.press("up")
        assert tree.cursor_node.label.plain.startswith(expected[-1][1][-1])
        # The longest subtheme name is shown whole in the detail line under the tree.
        longest = max((s for _, subs in expected for s in subs), key=len)
        await pilot.press("home")
        for _ in range(60):
            if tree.cursor_node.label.plain.startswith(longest):
                break
            await pilot.press("down")
        detail = board.query_one("#board-detail")
        assert longest in str(detail.render())
        assert detail.size.width < len(longest)  # it is wrapped, not cut
    store = read_store(project)
    with store.session() as s:
        current = snapshots.current_structure(s)
        assert [(t["name"], [x["name"] for x in t["subthemes"]]) for t in current["themes"]] == expected
        names = [sn.name for sn in snapshots.list_snapshots(s)]
    # The Tabell 5 map the project had is kept as a snapshot of its own.
    assert names[0] == VEDLEGG4 and names[1].startswith(f"Før «{VEDLEGG4}» ble hentet")


async def test_loading_can_be_cancelled_and_undone(thesis_with_vedlegg4, open_app, read_store):
    project, _ = thesis_with_vedlegg4
    store = read_store(project)
    with store.session() as s:
        before = snapshots.current_structure(s)
    app = open_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("L", "enter", "n")  # choose, then decline
        await settle(pilot)
        with store.session() as s:
            assert snapshots.current_structure(s) == before
        await load_by_keys(pilot, VEDLEGG4)
        with store.session() as s:
            assert len(snapshots.current_structure(s)["themes"]) == 5
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len([n for n in app.screen.tree.root.children if "Diverse" not in n.label.plain]) == 3
    with store.session() as s:
        assert snapshots.current_structure(s) == before
        assert [sn.name for sn in snapshots.list_snapshots(s)] == [VEDLEGG4]
