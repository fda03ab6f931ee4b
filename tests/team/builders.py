"""Coders' projects for the merge tests, built from ../shared/fixtures/thesis_quotes.json.

One base project (participants A–E, one transcript each) is built through the
CLI; each coder gets a copy and codes part of the quotes through the domain
layer, naming codes in their own way: Kari uses the thesis' subtheme names,
Ola writes some in lower case and one in another word order, Per makes typos.
Ola and Per also code theme 3a quotes "Slitne foreldre" / "slitne foreldere".
Per's file also holds a few of Kari's codings (he started from her file):
exact duplicates the merge must not copy twice."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tema.domain.coders import get_or_create_coder
from tema.domain.codes import find_code
from tema.domain.coding import code_span, locate_quote
from tema.domain.documents import document_text, find_document
from tema.domain.journal import add_journal
from tema.domain.snapshots import take_snapshot
from tema.domain.themes import create_theme, place_code
from tema.store.db import open_store
from tests.helpers.paths import load_fixture
from tests.helpers.thesis import build_thesis_project, quote_codes

WORD_ORDER = {"Ansvarsgruppemøter som arena": "Som arena ansvarsgruppemøter"}
TYPOS = {
    "Barnekoordinatorrollen med utgangspunkt i lovverk": "Barnekoordinatorollen med utgangspunkt i lovverket",
    "Et dynamisk system": "Et dynamsik system",
}
KARI_IN_PER = 4  # Kari's 1b codings Per's file also holds


@dataclass
class CoderProject:
    coder: str
    path: Path
    codings: list[tuple[str, str, str, int, int]] = field(default_factory=list)  # (coder, code, doc, start, end)


def _ola_name(code: str, theme: int) -> str:
    return WORD_ORDER.get(code, code.lower() if theme == 2 else code)


def _per_name(code: str, theme: int) -> str:
    return TYPOS.get(code, code)


PLANS = {
    "Kari": ({1, 2}, lambda code, theme: code, None),
    "Ola": ({2, 3}, _ola_name, "Slitne foreldre"),
    "Per": ({1, 3}, _per_name, "slitne foreldere"),
}


def build_base(folder: Path) -> Path:
    return build_thesis_project(folder, code=False)


def build_coder_projects(base: Path, folder: Path) -> dict[str, CoderProject]:
    rows = quote_codes(load_fixture("thesis_quotes.json"))
    out: dict[str, CoderProject] = {}
    kari_1b: list[tuple[str, str, str]] = []
    for coder, (themes, name_of, tired) in PLANS.items():
        proj = CoderProject(coder, folder / f"{coder.lower()}.tema")
        shutil.copy(base, proj.path)
        store = open_store(proj.path)
        try:
            with store.transaction() as s:
                cid = get_or_create_coder(s, coder).id
                texts: dict[str, str] = {}

                def code(participant, quote, name, who=cid, who_name=coder, texts=texts, proj=proj, s=s):
                    doc = find_document(s, participant)
                    text = texts.setdefault(participant, document_text(s, doc.id))
                    start, end = locate_quote(text, quote)
                    code_span(s, doc, start, end, [name], coder_id=who, text=text)
                    proj.codings.append((who_name, name, doc.title, start, end))

                for participant, quote, code_name, label, theme in rows:
                    if theme not in themes:
                        continue
                    code(participant, quote, name_of(code_name, theme))
                    if coder == "Kari" and label == "1b":
                        kari_1b.append((participant, quote, code_name))
                    if tired and label == "3a":
                        code(participant, quote, tired)
                if coder == "Per":
                    kari = get_or_create_coder(s, "Kari").id
                    for participant, quote, code_name in kari_1b[:KARI_IN_PER]:
                        code(participant, quote, code_name, kari, "Kari")
                # Each coder's own theme "Samarbeid" (different codes) and a snapshot of the same name.
                theme = create_theme(s, "Samarbeid", coder_id=cid)
                placed = sorted({c for _w, c, *_ in proj.codings if _w == coder})[:2 if coder != "Per" else 1]
                for name in placed:
                    place_code(s, find_code(s, name), theme, coder_id=cid)
                take_snapshot(s, "Fase 3: initielle tema", phase=3, coder_id=cid)
                add_journal(s, f"{coder} sin refleksjon: jeg la merke til min egen forforståelse.", coder_id=cid)
        finally:
            store.close()
        out[coder] = proj
    return out
