"""What an import keeps and says (issue 17, items 7, 8 and 10): titles for sources
without a name, warnings grouped by kind with a report file and a journal entry,
no label-vs-text warnings for qualitative-coding's ``line:N`` names, the person
importing not made a coder, and no tema keys written where they say nothing."""

from __future__ import annotations

import stat
import zipfile

from lxml import etree

from tema.refi.offsets import is_label
from tests.helpers.cli import info, tema
from tests.refi.helpers import content, import_records, make_qdpx, qde_of
from tests.refi.qc_file import USERS, qc_project

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_sources_without_a_name_are_titled_by_their_file_then_their_guid(tmp_path):
    archive, expect = qc_project(tmp_path / "qc.qdpx", sources=2, lines=4)
    tema("qdpx", "import", archive, tmp_path / "p.tema")
    titles = sorted(d[0] for d in content(tmp_path / "p.tema")["documents"])
    assert titles == sorted(expect["texts"])  # the stem of internal://<guid>.txt
    assert not any(t.startswith("Untitled") for t in titles)

    # no name and no plainTextPath (the text inline): the GUID
    root = etree.fromstring(qde_of(archive))
    guid = next(iter(expect["texts"]))
    src = root.find(f".//q:TextSource[@guid='{guid}']", NS)
    del src.attrib["plainTextPath"]
    src.insert(0, etree.Element(f"{{{NS['q']}}}PlainTextContent"))
    src[0].text = expect["texts"][guid]
    other = make_qdpx(tmp_path / "inline.qdpx", etree.tostring(root, encoding="utf-8"), {
        f"sources/{g}.txt": t.encode() for g, t in expect["texts"].items() if g != guid})
    tema("qdpx", "import", other, tmp_path / "q.tema")
    assert guid in {d[0] for d in content(tmp_path / "q.tema")["documents"]}


def test_qualitative_coding_line_labels_raise_no_warnings_and_warnings_are_grouped(tmp_path):
    archive, expect = qc_project(tmp_path / "qc.qdpx", sources=3, lines=60, duplicate_codes=10)
    project = tmp_path / "p.tema"
    result = tema("qdpx", "import", archive, project)
    out = result.output
    assert out.startswith(f"created {project}")  # the summary comes first
    assert "differs from its name" not in out and "named selections match" not in out
    assert "renamed on import: 10" in out  # the kind, with its count, before any example
    assert out.count("the name is taken; imported as") == 5  # a few examples per kind
    assert "… and 5 more" in out
    # every coding landed on its line
    data = content(project)
    assert len(data["codings"]) == 180
    assert all(c[3] == text for c, (_g, _s, _e, text) in zip(
        sorted(data["codings"], key=lambda c: (c[0], c[1])),
        sorted(expect["spans"], key=lambda s: (s[0], s[1]))))

    # the full list: a report file beside the project (owner-only) and the journal
    reports = sorted(tmp_path.glob("p.tema.import-*.txt"))
    assert len(reports) == 1 and f"{reports[0]}" in out
    assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    text = reports[0].read_text(encoding="utf-8")
    assert text.count("the name is taken; imported as") == 10
    (body, context), = import_records(project)
    assert body.count("the name is taken; imported as") == 10 and context["report_file"] == str(reports[0])


def test_report_files_never_overwrite_each_other(tmp_path):
    from datetime import datetime

    from tema.refi.report import ImportReport, report_path, write_report

    when = datetime(2025, 3, 1, 12, 0, 0)
    paths = []
    for _ in range(3):
        report = ImportReport("x.qdpx", "qc")
        report.warn("renamed", "code «a»: the name is taken; imported as «a (2)»")
        paths.append(write_report(report, report_path(str(tmp_path / "p.tema"), now=when)))
    assert len(set(paths)) == 3 and all(p.exists() for p in paths)
    assert paths[1].name == "p.tema.import-20250301-120000-2.txt"


def test_important_warnings_are_not_cut_off_by_a_flood(tmp_path):
    """Many name mismatches (text names that disagree) still leave the renames visible, first."""
    archive, _ = qc_project(tmp_path / "qc.qdpx", sources=1, lines=60, duplicate_codes=3)
    qde = qde_of(archive).decode()
    for i in range(60):
        qde = qde.replace(f'name="line:{i}"', f'name="Helt annen tekst nummer {i}"', 1)
    with zipfile.ZipFile(archive) as zf:
        files = {n: zf.read(n) for n in zf.namelist() if n != "project.qde"}
    out = tema("qdpx", "import", make_qdpx(tmp_path / "named.qdpx", qde, files), tmp_path / "p.tema").output
    assert out.index("renamed on import: 3") < out.index("selections whose name differs from the text they cover: 60")
    assert out.index("offsets: 1") < out.index("selections whose name differs")


def test_labels_are_told_from_text():
    assert all(is_label(n) for n in ["line:12", "line: 3", "l.4", "p. 7", "12", "lines 3-5", "para#2"])
    assert not any(is_label(n) for n in ["Jeg jobbet med Ola", "line of thought", "Takk!", "", None])


def test_the_person_importing_is_not_made_a_coder(tmp_path, monkeypatch):
    monkeypatch.setenv("TEMA_CODER", "Importøren")
    archive, _ = qc_project(tmp_path / "qc.qdpx", sources=1, lines=6, duplicate_codes=1)
    project, again = tmp_path / "p.tema", tmp_path / "again.qdpx"
    tema("qdpx", "import", archive, project)
    assert info(project)["coders"] == 2
    assert sorted({c[5] for c in content(project)["codings"]}) == sorted(USERS)
    (body, context), = import_records(project)
    assert context["by"] == "Importøren" and "by Importøren" in body
    tema("qdpx", "export", project, "-o", again)
    users = [u.get("name") for u in etree.fromstring(qde_of(again)).iterfind(".//q:User", NS)]
    assert sorted(users) == sorted(USERS)


def test_only_informative_tema_keys_are_written(project, tmp_path):
    tema("theme", project, "Uten beskrivelse", "--coder", "Forsker")
    tema("theme", project, "Ferdig tema", "--coder", "Forsker")
    from tema.domain import themes
    from tema.store.db import open_store

    store = open_store(project)
    with store.transaction() as s:
        themes.set_theme_fields(s, themes.find_theme(s, "Ferdig tema"), status="final")
    store.close()
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", project, "-o", out)
    root = etree.fromstring(qde_of(out))
    plain = root.find(".//q:Code[@name='Uten beskrivelse']", NS)
    assert plain.find("q:Description", NS) is None  # not "Status: candidate"
    final = root.find(".//q:Code[@name='Ferdig tema']", NS)
    assert final.findtext("q:Description", namespaces=NS) == "Status: final"
    tema("qdpx", "import", out, tmp_path / "copy.tema")
    statuses = {t[0]: t[2] for t in content(tmp_path / "copy.tema")["themes"]}
    assert statuses["Uten beskrivelse"] == "candidate" and statuses["Ferdig tema"] == "final"


def test_imported_themes_get_their_own_colours(rich_project, tmp_path):
    """Top-level themes imported at once get distinct stored colours, as created ones do."""
    from sqlalchemy import select

    from tema.store import models as m
    from tema.store.db import open_store

    out, copy = tmp_path / "p.qdpx", tmp_path / "copy.tema"
    tema("qdpx", "export", rich_project, "-o", out)
    tema("qdpx", "import", out, copy)
    store = open_store(copy)
    try:
        with store.session() as s:
            rows = s.execute(select(m.Theme.colour).where(m.Theme.parent_id.is_(None), m.Theme.is_holding.is_(False))).all()
    finally:
        store.close()
    colours = [c for (c,) in rows]
    assert len(colours) >= 3 and all(colours) and len(set(colours)) == len(colours)
