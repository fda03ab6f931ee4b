"""Round trip: the (enriched) thesis project → .qdpx → a new project → .qdpx again."""

from __future__ import annotations

import re
import zipfile

from tema.refi.archive import parse_xml
from tema.refi.parse import parse_project
from tests.helpers.cli import tema
from tests.refi.helpers import content, qde_of


def _picture(qdpx) -> dict:
    """The exported project with GUIDs resolved to names, for comparing two exports."""
    p = parse_project(parse_xml(qde_of(qdpx), str(qdpx)), str(qdpx))
    codes: dict[str, str] = {}

    def walk(nodes, path):
        out = []
        for n in nodes:
            codes[n.guid] = n.name
            out.append((path, n.name, n.codable, n.description, walk(n.children, path + (n.name,))))
        return out

    tree = walk(p.codes, ())
    with zipfile.ZipFile(qdpx) as zf:
        texts = {src.name: zf.read(src.text_path.replace("internal://", "Sources/")).decode() for src in p.sources}
    notes = sorted((n.name, n.text) for n in p.notes.values())

    def no_ids(description: str | None) -> str | None:  # snapshot JSON names themes by GUID
        return re.sub(r'"id": "[0-9a-f-]+"', '"id": …', description) if description else description

    return {
        "tree": tree,
        "sources": sorted(
            (src.name, texts[src.name],
             sorted((sel.start, sel.end, sel.name, tuple(sorted(codes[c.code] for c in sel.codings))) for sel in src.selections))
            for src in p.sources
        ),
        "notes": notes,
        "cases": sorted((c.name, c.description, len(c.values), len(c.sources)) for c in p.cases),
        "variables": sorted((v.name, v.type) for v in p.variables.values()),
        "sets": sorted((st.name, no_ids(st.description), sorted(codes[g] for g in st.codes)) for st in p.sets),
        "users": sorted(name for name, _ in p.users.values()),
    }


def test_thesis_project_round_trips(rich_project, tmp_path):
    first, copy, second = tmp_path / "a.qdpx", tmp_path / "copy.tema", tmp_path / "b.qdpx"
    tema("qdpx", "export", rich_project, "-o", first)
    tema("qdpx", "import", first, copy, "--coder", "Forsker")
    tema("qdpx", "export", copy, "-o", second)

    before, after = content(rich_project), content(copy)
    for key in before:
        assert after[key] == before[key], key
    # the material the comparison covers is really there
    assert len(before["codings"]) == 80 and len(before["memos"]) == 6
    assert any(c[6] == ("Foreldreperspektiv", "Systemperspektiv") for c in before["codings"])
    assert {p[0]: dict((k, (v, t)) for k, v, t in p[2]) for p in before["participants"]}["Anne"]["alder"] == ("34", "number")

    a, b = _picture(first), _picture(second)
    recorded = [n for n in b["notes"] if n[1].startswith("REFI-QDA import of")]
    assert len(recorded) == 1 and "by Forsker" in recorded[0][1]  # the import, in the journal
    b["notes"] = [n for n in b["notes"] if n not in recorded]
    assert a == b


def test_a_code_in_two_themes_and_a_nested_code_keep_their_places(rich_project, tmp_path):
    out, copy = tmp_path / "a.qdpx", tmp_path / "copy.tema"
    tema("qdpx", "export", rich_project, "-o", out)
    tema("qdpx", "import", out, copy)
    themes = {t[0]: t for t in content(copy)["themes"]}
    subthemes = {s[0]: s for t in themes.values() for s in t[7]}
    assert "Ansvarsgruppemøter som arena" in themes["Samarbeid på tvers"][6]
    assert "Ansvarsgruppemøter som arena" in subthemes["Ansvarsgruppemøter som arena"][6]
    assert "100% barnekoordinator" in subthemes["100% barnekoordinator"][6]
    codes = {c[0]: c for c in content(copy)["codes"]}
    assert codes["100% barnekoordinator"][5] == "Barnekoordinatorrollen med utgangspunkt i lovverk"
    assert codes["Utdatert kode"][4] == "retired"


def test_guids_are_stable_across_exports(rich_project, tmp_path):
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    tema("qdpx", "export", rich_project, "-o", a)
    tema("journal", rich_project, "En ny tanke etter første eksport")
    tema("qdpx", "export", rich_project, "-o", b)
    pa = parse_project(parse_xml(qde_of(a), "a"), "a")
    pb = parse_project(parse_xml(qde_of(b), "b"), "b")
    assert [(c.guid, c.name) for c in pa.codes] == [(c.guid, c.name) for c in pb.codes]
    assert {s.guid: s.name for s in pa.sources} == {s.guid: s.name for s in pb.sources}
    sel_a = {sel.guid for s in pa.sources for sel in s.selections}
    assert sel_a == {sel.guid for s in pb.sources for sel in s.selections}
    assert set(pa.notes) < set(pb.notes) and len(pb.notes) == len(pa.notes) + 1
