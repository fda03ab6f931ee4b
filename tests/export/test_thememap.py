"""Theme maps: the thesis' final map (3 themes, 7 subthemes) and its Vedlegg 4 map
(5 themes, 32 subthemes) drawn without overlapping labels, in every format."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from lxml import etree

from tests.export.readers import tabell5
from tests.export.test_snapshot_and_sample import VEDLEGG4, store_vedlegg4
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture


def _graph(project, snapshot=None, codes=False):
    from tema.export import map_graph_for
    from tema.store.db import open_store

    store = open_store(project)
    try:
        with store.session() as s:
            return map_graph_for(s, snapshot, codes=codes)
    finally:
        store.close()


def _label_boxes(g):
    """Every node label's drawn box (the Text's bbox patch) in display pixels."""
    from tema.export.mapdraw import draw

    fig = draw(g, "Temakart")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {}
    for t in fig.axes[0].texts:
        gid = t.get_gid() or ""
        if gid.startswith("node-"):
            boxes[gid[5:]] = t.get_bbox_patch().get_window_extent(renderer)
        else:
            boxes[gid] = t.get_window_extent(renderer)
    return fig, boxes


def _assert_no_overlap(g):
    fig, boxes = _label_boxes(g)
    assert set(g.nodes) <= set(boxes)
    for (a, ba), (b, bb) in itertools.combinations(boxes.items(), 2):
        dx = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
        dy = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
        assert dx <= 0.5 or dy <= 0.5, f"labels {g.nodes[a]['label'] if a in g else a!r} and {b!r} overlap"
    frame = fig.bbox
    for node, box in boxes.items():
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, node


def test_final_map_has_every_theme_and_no_overlap(thesis_project):
    g = _graph(thesis_project)
    labels = {d["label"] for n, d in g.nodes(data=True) if d["kind"] in ("theme", "subtheme")}
    assert labels == {c for row in tabell5() for c in row}
    assert g.nodes["root"]["label"] == load_fixture("thesis_tables.json")["research_question"]
    assert {d["kind"] for *_, d in g.edges(data=True)} == {"theme", "subtheme"}
    _assert_no_overlap(g)
    _assert_no_overlap(_graph(thesis_project, codes=True))


def test_vedlegg4_map_has_no_overlap(thesis_project):
    store_vedlegg4(thesis_project)
    g = _graph(thesis_project, VEDLEGG4)
    kinds = [d["kind"] for _, d in g.nodes(data=True)]
    assert kinds.count("theme") == 5 and kinds.count("subtheme") == 32
    _assert_no_overlap(g)


def _svg_labels(path):
    """node id → its label as drawn (wrapped lines joined by spaces)."""
    tree = etree.parse(str(path))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    out = {}
    for group in tree.iterfind(".//svg:g[@id]", ns):
        gid = group.get("id")
        if gid.startswith("node-"):
            out[gid[5:]] = " ".join(t.text for t in group.iterfind(".//svg:text", ns))
    return out


@pytest.mark.parametrize("snapshot", [None, VEDLEGG4])
def test_png_and_svg_files(thesis_project, tmp_path, snapshot):
    store_vedlegg4(thesis_project)
    extra = ["--snapshot", snapshot] if snapshot else []
    tema("map", thesis_project, *extra, "-o", tmp_path / "map.svg")
    tema("map", thesis_project, *extra, "-o", tmp_path / "map.png")
    g = _graph(thesis_project, snapshot)
    assert _svg_labels(tmp_path / "map.svg") == {n: d["label"] for n, d in g.nodes(data=True)}
    import matplotlib.image

    png = matplotlib.image.imread(str(tmp_path / "map.png"))
    assert png.shape[0] > 400 and png.shape[1] > 800
    assert png[..., :3].std() > 0.1  # not a blank canvas


def test_text_formats(thesis_project, tmp_path):
    g = _graph(thesis_project, codes=True)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    tema("map", thesis_project, "--codes", "--format", "graphml", "-o", tmp_path / "m.graphml")
    back = nx.read_graphml(str(tmp_path / "m.graphml"))
    assert {d["label"] for _, d in back.nodes(data=True)} == labels
    assert {d["kind"] for *_, d in back.edges(data=True)} == {"theme", "subtheme", "code"}
    tema("map", thesis_project, "--format", "mermaid", "-o", tmp_path / "m.mmd")
    mermaid = (tmp_path / "m.mmd").read_text(encoding="utf-8").splitlines()
    assert mermaid[0] == "mindmap"
    assert mermaid[1].strip().startswith("nroot((") and len(mermaid) == 1 + 1 + 3 + 7
    assert all(any(f'"{label}"' in line for line in mermaid) for label in {c for r in tabell5() for c in r})
    tema("map", thesis_project, "--format", "dot", "-o", tmp_path / "m.dot")
    dot = (tmp_path / "m.dot").read_text(encoding="utf-8").replace("\\n", " ")
    assert dot.startswith("digraph") and all(f'"{c}"' in dot for r in tabell5() for c in r)
    assert dot.count("->") == 10


def test_map_of_an_empty_project(project, tmp_path):
    tema("map", project, "-o", tmp_path / "empty.svg")
    assert "Hva betyr rollen?" in " ".join(_svg_labels(tmp_path / "empty.svg").values())


def _theme_colours(g) -> dict[str, str]:
    return {d["label"]: d["colour"] for _, d in g.nodes(data=True) if d["kind"] == "theme"}


def test_colours_follow_the_theme_not_its_position(thesis_project, tmp_path):
    """Deleting the first theme recolours none of the others, in the current map, in a
    snapshot taken before, and in the written files (17.4)."""
    tema("snapshot", thesis_project, "Før")
    before = _theme_colours(_graph(thesis_project))
    assert len(set(before.values())) == 3  # side by side, themes differ
    first = next(iter(before)).split(" ", 1)[1]
    tema("delete", thesis_project, "theme", first)
    after = _theme_colours(_graph(thesis_project))
    assert after == {k: v for k, v in before.items() if not k.endswith(first)}
    assert _theme_colours(_graph(thesis_project, "Før")) == before
    tema("theme", thesis_project, "Nytt tema")
    newest = _theme_colours(_graph(thesis_project))["Nytt tema"]
    assert newest not in after.values()  # a new theme takes a colour no live theme has
    tema("map", thesis_project, "--format", "dot", "-o", tmp_path / "m.dot")
    dot = (tmp_path / "m.dot").read_text(encoding="utf-8")
    assert all(colour in dot for colour in after.values())


def test_unplaced_codes_only_on_request(thesis_project, tmp_path):
    tema("code", thesis_project, "--doc", "Elise", "--quote", "Så vi må prøve å finne en slags retning da.",
         "--code", "Retning")
    with_codes = _graph(thesis_project, codes=True)
    labels = {d["label"] for _, d in with_codes.nodes(data=True)}
    assert "Retning" not in labels and "Ikke plassert" not in labels
    tema("map", thesis_project, "--codes", "--unplaced", "--format", "graphml", "-o", tmp_path / "u.graphml")
    back = nx.read_graphml(str(tmp_path / "u.graphml"))
    assert {"Retning", "Ikke plassert"} <= {d["label"] for _, d in back.nodes(data=True)}
