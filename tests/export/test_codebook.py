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
