"""The codebook a supervisor opens: Word headings, counts per code and participant,
example extracts with participant labels, the journal appendix, PDF via LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter, defaultdict

import pytest

from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture
from tests.helpers.thesis import quote_codes


def _fixture_codings():
    labels = {v: k for k, v in load_fixture("thesis_tables.json")["participants"]["pseudonyms"].items()}
    counts: dict[str, Counter] = defaultdict(Counter)
    quotes: dict[str, set] = defaultdict(set)
    for participant, text, code, _label, _num in quote_codes(load_fixture("thesis_quotes.json")):
        counts[code][labels[participant]] += 1
        quotes[code].add((text, labels[participant]))
    return counts, quotes


def _sections(doc):
    """code heading text → (heading level, paragraphs until the next heading)."""
    out, current = {}, None
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            current = (int(p.style.name.split()[-1]), [])
            out.setdefault(p.text, current)
        elif current is not None:
            current[1].append(p)
    return out


def test_codebook_docx_headings_counts_and_examples(thesis_project, tmp_path):
    from docx import Document

    tema("theme", thesis_project, "Tom kategori", "--definition", "Et tema uten koder ennå.")
    tema("export", thesis_project, "codebook", "--examples", "2", "-o", tmp_path / "kb.docx")
    doc = Document(str(tmp_path / "kb.docx"))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles.count("Title") == 1 and doc.paragraphs[styles.index("Title")].text == "Barnekoordinatorrollen"
    levels = [int(s.split()[-1]) for s in styles if s.startswith("Heading")]
    assert {1, 2, 3} <= set(levels)
    assert all(b - a <= 1 for a, b in zip([1] + levels, levels))  # no level is skipped, so a TOC nests right
    assert 'TOC \\o "1-3"' in doc.element.xml
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    themes = load_fixture("thesis_tables.json")["final_themes"]["themes"]
    assert [f"Tema {t['number']}: {t['theme']}" for t in themes] + ["Tema 4: Tom kategori"] == heads[1:5]

    counts, quotes = _fixture_codings()
    sections = _sections(doc)
    total = 0
    for code, per in counts.items():
        level, paras = sections[code]
        assert level in (2, 3)
        fields = {p.runs[0].text.rstrip(": "): "".join(r.text for r in p.runs[1:]) for p in paras if p.runs and p.runs[0].bold}
        breakdown = ", ".join(f"{who} {n}" for who, n in sorted(per.items()))
        assert fields["Utdrag"] == f"{sum(per.values())} ({breakdown})"
        assert fields["Deltakere"] == str(len(per))
        total += sum(per.values())
        examples = [p.text for p in paras if p.style.name == "Quote"]
        assert 1 <= len(examples) <= 2
        for text in examples:
            body, label = text.rsplit(" (", 1)
            assert (body, label.rstrip(")")) in quotes[code]
        if len(per) > 1:  # examples come from different participants first
            assert len({e.rsplit(" (", 1)[1] for e in examples}) == len(examples)
    assert total == 78
    _, tom = sections["Tema 4: Tom kategori"]
    assert [p.text for p in tom][-1] == "Ingen koder er knyttet til dette temaet ennå."
    assert "Vedlegg: Refleksiv logg" not in heads


def test_codebook_journal_appendix_md_and_html(thesis_project, tmp_path):
    tema("journal", thesis_project, "Jeg merker at egen erfaring som koordinator farger lesingen.", "--phase", "2")
    tema("export", thesis_project, "codebook", "--journal", "--format", "md", "-o", tmp_path / "kb.md")
    md = (tmp_path / "kb.md").read_text(encoding="utf-8")
    assert md.startswith("# Barnekoordinatorrollen\n")
    assert "## Tema 1: Organisering av barnekoordinatorrollen" in md
    assert "#### Barnekoordinatorrollen med utgangspunkt i lovverk" in md
    assert md.index("## Vedlegg: Refleksiv logg") < md.index("Jeg merker at egen erfaring")
    tema("export", thesis_project, "codebook", "--journal", "-o", tmp_path / "kb.html")
    from lxml import html

    page = html.fromstring((tmp_path / "kb.html").read_bytes())
    assert page.findtext(".//h1") == "Barnekoordinatorrollen"
    assert len(page.findall(".//blockquote")) >= 9 and page.find(".//table") is not None
    tema("export", thesis_project, "codebook", "--lang", "en", "-o", tmp_path / "en.md")
    assert "## Theme 1: Organisering av barnekoordinatorrollen" in (tmp_path / "en.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_codebook_converts_to_pdf_with_libreoffice(thesis_project, tmp_path):
    tema("export", thesis_project, "codebook", "--journal", "-o", tmp_path / "kodebok.docx")
    env = {**os.environ, "HOME": str(tmp_path)}  # a private LibreOffice profile
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "kodebok.docx")],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "kodebok.pdf"
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000


RANDI = ("I: Hvordan holder du kontakten med skolen?\n"
         "Randi: Jeg ringer skolen hver mandag. Ingen andre vet hva som skjer med gutten.\n")
KJELL = ("I: Hvem tar kontakt først?\n"
         "Kjell: Barnehagen ringer meg først. Mora er sliten, men hun gir aldri opp.\n")
SKOLEN, ENSOM = "Jeg ringer skolen hver mandag.", "Ingen andre vet hva som skjer med gutten."
BARNEHAGEN, MORA = "Barnehagen ringer meg først.", "Mora er sliten, men hun gir aldri opp."


@pytest.fixture
def ordered_project(project, tmp_path):
    """Theme «Kontakt» (subtheme «Foreldrene») whose chosen extracts were put in an order
    that is neither the marking order nor the document order: ENSOM, SKOLEN, BARNEHAGEN."""
    from tema.domain import illustrative, themes
    from tema.store import models as m
    from tema.store.db import open_store

    for name, label, text in [("Randi", "A", RANDI), ("Kjell", "B", KJELL)]:
        tema("participant", project, name, "--label", label)
        src = tmp_path / f"{name.lower()}.txt"
        src.write_text(text, encoding="utf-8")
        tema("import", project, src, "--participant", name, "--title", f"Intervju med {name}")
    for doc, quote, code in [("Intervju med Randi", SKOLEN, "Fast kontakt med skolen"),
                             ("Intervju med Kjell", BARNEHAGEN, "Fast kontakt med skolen"),
                             ("Intervju med Randi", ENSOM, "Ensom i rollen"),
                             ("Intervju med Kjell", MORA, "Slitne foreldre")]:
        tema("code", project, "--doc", doc, "--quote", quote, "--code", code)
    tema("theme", project, "Kontakt", "--definition", "Hvordan koordinatoren holder trådene.",
         "--code", "Fast kontakt med skolen", "--code", "Ensom i rollen")
    tema("theme", project, "Foreldrene", "--parent", "Kontakt", "--code", "Slitne foreldre")
    store = open_store(project)
    try:
        with store.transaction() as s:
            ids = {c.text: c.id for c in s.query(m.Coding)}
            kontakt, foreldrene = themes.find_theme(s, "Kontakt"), themes.find_theme(s, "Foreldrene")
            for quote in (SKOLEN, BARNEHAGEN, ENSOM):
                illustrative.set_extract_selection(s, kontakt, ids[quote], True)
            illustrative.reorder_extract(s, kontakt, ids[ENSOM], -2)
            illustrative.set_extract_selection(s, foreldrene, ids[MORA], True)
    finally:
        store.close()
    return project


def _chosen_after(lines: list[tuple[str, str]], heading: str, label: str) -> list[str]:
    """The quotes right after «label» in the section under ``heading`` (kind, text) pairs."""
    i = lines.index(("heading", heading))
    end = next((j for j in range(i + 1, len(lines)) if lines[j][0] == "heading"), len(lines))
    section = lines[i + 1:end]
    k = section.index(("label", label))
    out = []
    for kind, text in section[k + 1:]:
        if kind != "quote":
            break
        out.append(text)
    return out


def test_codebook_lists_chosen_extracts_in_the_chosen_order(ordered_project, tmp_path):
    from docx import Document

    tema("export", ordered_project, "codebook", "--format", "md", "-o", tmp_path / "kb.md")
    md_lines = []
    for line in (tmp_path / "kb.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            md_lines.append(("heading", line.lstrip("#").strip()))
        elif line.startswith("> "):
            md_lines.append(("quote", line[2:]))
        elif line.startswith("*") and line.endswith(":*"):
            md_lines.append(("label", line.strip("*")))
        elif line:
            md_lines.append(("other", line))
    tema("export", ordered_project, "codebook", "-o", tmp_path / "kb.docx")
    docx_lines = []
    for p in Document(str(tmp_path / "kb.docx")).paragraphs:
        kind = "heading" if p.style.name.startswith("Heading") else "quote" if p.style.name == "Quote" else "other"
        if kind == "other" and p.text.endswith(":") and not any(r.bold for r in p.runs):
            kind = "label"
        docx_lines.append((kind, p.text))

    for lines in (md_lines, docx_lines):
        assert _chosen_after(lines, "Tema 1: Kontakt", "Illustrerende utdrag:") == [
            f"{ENSOM} (A)", f"{SKOLEN} (A)", f"{BARNEHAGEN} (B)"]
        assert _chosen_after(lines, "Foreldrene", "Illustrerende utdrag:") == [f"{MORA} (B)"]
        # a code's examples: the chosen ones in the chosen order (not by document title: Kjell < Randi)
        assert _chosen_after(lines, "Fast kontakt med skolen", "Eksempler på utdrag:") == [
            f"{SKOLEN} (A)", f"{BARNEHAGEN} (B)"]
        # the section order: definition, chosen extracts, then the codes
        i = lines.index(("heading", "Tema 1: Kontakt"))
        assert lines.index(("label", "Illustrerende utdrag:"), i) < lines.index(("heading", "Ensom i rollen"))


def test_a_theme_section_alone_is_the_codebook_section(ordered_project):
    """The TUI's preview (codebook_section_doc) holds exactly the blocks the full codebook
    holds for that theme or subtheme, pseudonymised the same way."""
    from tema.domain import themes
    from tema.errors import NotFound
    from tema.export.api import build_codebook_doc, codebook_section_doc
    from tema.export.doc import Heading
    from tema.store.db import open_store

    tema("pseudonym", "add", ordered_project, "Mora", "Moren til Lise")
    tema("theme", ordered_project, "Ventetid", "--definition", "Å vente på svar fra hjelpeapparatet.")
    store = open_store(ordered_project)
    try:
        with store.session() as s:
            full = build_codebook_doc(s).blocks

            def section(heading: Heading) -> list:
                i = full.index(heading)
                end = next((j for j in range(i + 1, len(full))
                            if isinstance(full[j], Heading) and full[j].level <= heading.level), len(full))
                return full[i:end]

            kontakt = codebook_section_doc(s, themes.find_theme(s, "Kontakt").id)
            assert kontakt.blocks == section(Heading(1, "Tema 1: Kontakt"))
            assert Heading(2, "Foreldrene") in kontakt.blocks  # the subthemes are part of it
            fid = themes.find_theme(s, "Foreldrene").id
            assert codebook_section_doc(s, fid).blocks == section(Heading(2, "Foreldrene"))
            english = [getattr(b, "text", "") for b in codebook_section_doc(s, fid, "en").blocks]
            assert english[0] == "Foreldrene" and "Illustrative extracts:" in english
            texts = [getattr(b, "text", "") for b in kontakt.blocks]
            assert "Moren til Lise er sliten, men hun gir aldri opp." in texts and not any("Mora" in t for t in texts)
            assert codebook_section_doc(s, themes.find_theme(s, "Ventetid").id).blocks == section(
                Heading(1, "Tema 2: Ventetid"))
        with store.transaction() as s:
            themes.discard_theme(s, themes.find_theme(s, "Ventetid"))
        with store.session() as s, pytest.raises(NotFound, match="«Ventetid»: discarded, so not in the codebook"):
            codebook_section_doc(s, themes.find_theme(s, "Ventetid").id)
    finally:
        store.close()


def test_themes_without_a_label_are_numbered_after_the_labels(project, tmp_path):
    """Issue 17.2: an unlabelled theme first on the board was «Tema 1» beside the theme
    labelled 1. Labels are kept; the others are numbered on from the highest label, in
    board order, and the codebook says so."""
    from docx import Document

    from tema.domain import themes
    from tema.export.api import codebook_section_doc
    from tema.store.db import open_store

    tema("theme", project, "Ventetid")
    tema("theme", project, "Kontakt", "--label", "1")
    tema("theme", project, "Søsken")
    tema("export", project, "codebook", "-o", tmp_path / "kb.docx")
    doc = Document(str(tmp_path / "kb.docx"))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads[1:] == ["Tema 1: Kontakt", "Tema 2: Ventetid", "Tema 3: Søsken"]
    assert any("nummerert videre fra det høyeste nummeret" in p.text for p in doc.paragraphs)
    tema("export", project, "codebook", "--format", "md", "-o", tmp_path / "kb.md")
    md = (tmp_path / "kb.md").read_text(encoding="utf-8")
    assert [line for line in md.splitlines() if line.startswith("## Tema")] == [f"## {h}" for h in heads[1:]]
    store = open_store(project)
    try:
        with store.session() as s:
            section = codebook_section_doc(s, themes.find_theme(s, "Ventetid").id)
            assert section.blocks[0].text == "Tema 2: Ventetid"
    finally:
        store.close()


def test_title_page_phase_and_the_coders_who_coded(project, tmp_path, monkeypatch):
    """Issue 17.3: «Fase: 1: Familiarisering» had a double colon, and «Kodere» listed the
    operating-system login of whoever ran a command; only coders who coded are named."""
    from docx import Document

    monkeypatch.setenv("TEMA_CODER", "root")
    tema("theme", project, "Kontakt")  # «root» runs a command but codes nothing

    def title_lines(path):
        doc = Document(str(path))
        return {p.runs[0].text.rstrip(": "): p.text.split(": ", 1)[1] for p in doc.paragraphs[:12]
                if p.runs and p.runs[0].bold}

    tema("export", project, "codebook", "-o", tmp_path / "kb.docx")
    lines = title_lines(tmp_path / "kb.docx")
    assert lines["Fase"] == "1 – Familiarisering"
    assert "Kodere" not in lines  # nobody has coded yet
    src = tmp_path / "randi.txt"
    src.write_text("I: Hvordan går det?\nRandi: Jeg ringer skolen hver mandag.\n", encoding="utf-8")
    tema("import", project, src, "--participant", "Randi")
    tema("code", project, "--doc", "randi", "--quote", "Jeg ringer skolen hver mandag.", "--code", "Fast kontakt",
         "--coder", "Kari Nordmann")
    tema("code", project, "--doc", "randi", "--quote", "Jeg ringer skolen", "--code", "Ringer", "--coder", "Ola")
    tema("export", project, "codebook", "-o", tmp_path / "kb2.docx")
    assert title_lines(tmp_path / "kb2.docx")["Kodere"] == "Kari Nordmann, Ola"


def test_new_pages_start_with_page_break_before_never_an_empty_break(thesis_project, tmp_path):
    """Issue 17.3: a separate page-break paragraph after the contents gives a blank page
    when the contents exactly fill one; the next heading starts the page instead."""
    from docx import Document
    from docx.oxml.ns import qn

    tema("journal", thesis_project, "Første notat.")
    tema("export", thesis_project, "codebook", "--journal", "-o", tmp_path / "kb.docx")
    doc = Document(str(tmp_path / "kb.docx"))
    breaks = [p for p in doc.paragraphs if any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))]
    assert breaks == []
    starts = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert starts == ["Innhold", "Oversikt", "Vedlegg: Refleksiv logg"]


def test_every_theme_subtheme_code_and_extract_carries_a_bookmark(thesis_project, tmp_path):
    """Issue 18.1: stable, invisible anchors — a Word bookmark per theme, subtheme, code and
    quoted extract, named by kind and id (unique, at most 40 characters, as Word wants),
    and the project's id in the custom properties."""
    import re
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    from tema.store import models as m
    from tema.store.db import open_store

    tema("export", thesis_project, "codebook", "-o", tmp_path / "kb.docx")
    doc = Document(str(tmp_path / "kb.docx"))
    store = open_store(thesis_project)
    try:
        with store.session() as s:
            themes = {t.id: t for t in s.query(m.Theme)}
            codes = {c.id: c.name for c in s.query(m.Code)}
            codings = {c.id: c.text for c in s.query(m.Coding)}
            uid = s.query(m.Project).one().settings["project_uid"]
    finally:
        store.close()
    names = [b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names)) and max(map(len, names)) <= 40
    checked = Counter()
    for p in doc.paragraphs:
        marks = [b.get(qn("w:name")) for b in p._p.iter(qn("w:bookmarkStart"))]
        style = p.style.name
        if style in ("Heading 1", "Heading 2", "Heading 3") and p.text.startswith("Tema "):
            [mark] = marks
            t = themes[int(mark.split("_")[2])]
            assert mark.startswith("tema_theme_") and p.text.endswith(f": {t.name}")
            checked["theme"] += 1
        elif style in ("Heading 2", "Heading 3") and p.text in codes.values():
            [mark] = [x for x in marks if x.startswith("tema_code_")] or [None]
            assert mark is not None and codes[int(mark.split("_")[2])] == p.text, (p.text, marks)
            checked["code"] += 1
        elif style == "Heading 2" and p.text == "Koder knyttet direkte til temaet":
            [mark] = marks  # a comment on it belongs to the theme, not to the extract above it
            assert re.fullmatch(r"tema_theme_\d+_2", mark) and themes[int(mark.split("_")[2])].parent_id is None
        elif style == "Heading 2":
            [mark] = marks
            t = themes[int(mark.split("_")[2])]
            assert mark.startswith("tema_theme_") and t.parent_id is not None and p.text == f"{t.label} {t.name}"
            checked["subtheme"] += 1
        elif style == "Quote":
            [mark] = marks
            assert mark.startswith("tema_coding_") and p.text.startswith(codings[int(mark.split("_")[2])])
            checked["extract"] += 1
    assert checked == Counter(theme=3, subtheme=7, code=9, extract=checked["extract"]) and checked["extract"] >= 9
    props = zipfile.ZipFile(tmp_path / "kb.docx").read("docProps/custom.xml").decode()
    assert f'name="tema.project"><vt:lpwstr>{uid}</vt:lpwstr>' in props
