"""The thesis' analysis replayed over eight weeks, so the process account has a story
to tell: the interviews imported, coded in two rounds (the Tabell 3 extract with its
five phase-2 codes), the hand-drawn candidate map typed in (Vedlegg 4), initial themes
(phase 3, among them «Dynamikk»), the review that renamed, split, merged and discarded
its way to Tabell 5 (phase 4), a supervisor's comments on the codebook and the replies,
then defining and writing up. A clock stands in for the calendar (tema stamps rows
with ``tema.store.models.utcnow``); the TUI's reviewing moves are the domain calls the
TUI makes."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture
from tests.helpers.thesis import DomainSteps, build_thesis_project, quote_codes

START = datetime(2024, 1, 8, 9, 0)
F3, F4 = "Fase 3: Initielle tema", "Fase 4: Tema"
VEDLEGG4 = "Midlertidige tema og subtema"


class Clock:
    """``tema.store.models.datetime`` replaced by one whose now() is the story's."""

    def __init__(self, monkeypatch, start: datetime) -> None:
        import tema.store.models as models

        self.now = start
        clock = self

        class _Datetime(datetime):
            @classmethod
            def now(cls, tz=None):
                return clock.now.replace(tzinfo=UTC) if tz else clock.now

        monkeypatch.setattr(models, "datetime", _Datetime)

    def day(self, n: int, hour: int = 9) -> datetime:
        self.now = START + timedelta(days=n, hours=hour - 9)
        return self.now


@contextmanager
def _tx(project: Path):
    from tema.store.db import open_store

    store = open_store(project)
    try:
        with store.transaction() as s:
            yield s
    finally:
        store.close()


def tabell3() -> dict:
    return load_fixture("thesis_tables.json")["phase_lineage"]["rows"][0]


def build_thesis_story(folder: Path, monkeypatch) -> Path:
    from tema.domain import coders, codes, snapshots, themes

    clock = Clock(monkeypatch, START)
    project = build_thesis_project(folder, code=False)
    rows = quote_codes(load_fixture("thesis_quotes.json"))
    t3 = tabell3()
    by_text = {text: (participant, code) for participant, text, code, *_ in rows}
    lineage_text = next(text for text in by_text if text.endswith("Så blir man en offentlig familie"))
    clock.day(1)
    tema("journal", project, "Jeg leser intervjuene på nytt og merker hvor mye hverdagen fyller.", "--coder", "Forsker")
    clock.day(7)
    tema("phase", project, "2", "--coder", "Forsker")
    steps = DomainSteps.opened(project)  # each coding as `tema code` makes it (tests/helpers/thesis.py)
    try:
        for i, (participant, text, code, _label, _num) in enumerate(rows):
            clock.day(10 if i < len(rows) // 2 else 17, 9 + i % 8)
            steps.code(participant, text, t3["phase2_codes"] if text == lineage_text else [code], "Forsker")
    finally:
        steps.close()
    clock.day(18)
    tema("journal", project, "Kodene om søsken og hverdag glir over i hverandre.", "--coder", "Forsker")

    clock.day(20)
    tema("phase", project, "3", "--coder", "Forsker")
    temporary = load_fixture("thesis_tables.json")["temporary_themes"]["themes"]
    with _tx(project) as s:
        snapshots.store_structure(s, VEDLEGG4, {"themes": [
            {"name": t["theme"], "codes": [], "subthemes": [{"name": n, "codes": [], "subthemes": []}
                                                           for n in t["subthemes"]]} for t in temporary],
            "unplaced": []}, phase=3)
    clock.day(22)
    final = load_fixture("thesis_tables.json")["final_themes"]["themes"]
    sub = {s["label"]: s["name"] for t in final for s in t["subthemes"]}
    code = {label: c for _, _, c, label, _ in rows if label}  # a subtheme's code (as chapter 5 names it)
    [initial] = t3["phase3_initial_themes"]
    with _tx(project) as s:
        me = coders.get_or_create_coder(s, "Forsker").id
        themes.upsert_theme(s, initial, codes=t3["phase2_codes"], coder_id=me)
        themes.upsert_theme(s, "Samarbeid", codes=[code["2a"], code["2b"], code["2c"]], coder_id=me)
        themes.upsert_theme(s, "Avklaringer", codes=[code["1a"], code["1b"]], coder_id=me)
        themes.upsert_theme(s, "Hva er viktig for deg?", codes=[code["3a"]], coder_id=me)
        themes.upsert_theme(s, "Familien som system", codes=[code["3b"]], coder_id=me)
        themes.upsert_theme(s, "Belastning i jobben", coder_id=me)
    tema("snapshot", project, F3, "--phase", "3", "--coder", "Forsker")

    clock.day(30)
    tema("phase", project, "4", "--coder", "Forsker")
    with _tx(project) as s:
        me = coders.get_or_create_coder(s, "Forsker").id
        theme2 = themes.find_theme(s, "Samarbeid")
        themes.set_theme_fields(s, theme2, name=final[1]["theme"], label="2", coder_id=me)
        for label in ("2a", "2b", "2c"):
            new = themes.create_theme(s, sub[label], parent=theme2, label=label, coder_id=me)
            themes.move_code(s, codes.find_code(s, code[label]), theme2, new, me)
        theme1 = themes.find_theme(s, "Avklaringer")
        themes.set_theme_fields(s, theme1, name=final[0]["theme"], label="1", coder_id=me)
        for label in ("1a", "1b"):
            new = themes.create_theme(s, sub[label], parent=theme1, label=label, coder_id=me)
            themes.move_code(s, codes.find_code(s, code[label]), theme1, new, me)
    clock.day(31)
    with _tx(project) as s:
        me = coders.get_or_create_coder(s, "Forsker").id
        theme3 = themes.find_theme(s, "Hva er viktig for deg?")
        themes.set_theme_fields(s, theme3, name=final[2]["theme"], label="3", coder_id=me)
        themes.split_theme(s, theme3, sub["3a"], [code["3a"]], me)
        themes.move_theme(s, themes.find_theme(s, sub["3a"]), theme3, me)
        themes.set_theme_fields(s, themes.find_theme(s, sub["3a"]), label="3a", coder_id=me)
        system = themes.find_theme(s, "Familien som system")
        themes.move_theme(s, system, theme3, me)
        themes.set_theme_fields(s, system, name=sub["3b"], label="3b", coder_id=me)
        dyn = themes.find_theme(s, initial)
        themes.merge_themes(s, dyn, theme3, me)
        themes.discard_theme(s, themes.find_theme(s, "Belastning i jobben"), me)
    tema("journal", project, "Dynamikk var et tema om familien, ikke om koordinatoren: slått inn i tema 3.",
         "--coder", "Forsker")
    clock.day(32)
    tema("snapshot", project, F4, "--phase", "4", "--coder", "Forsker")
    return project


def supervisor_round(project: Path, folder: Path, monkeypatch) -> Path:
    """Eva comments on the codebook (day 35), the comments are read in (day 36) and
    answered (day 37); one thread is resolved (day 38); phases 5 and 6 follow."""
    from docx import Document

    from tests.helpers.word_comments import Threads, comment, paragraph

    clock = Clock(monkeypatch, START)
    clock.day(34)
    kb = folder / "kodebok.docx"
    tema("export", project, "codebook", "-o", kb)
    doc = Document(str(kb))
    final = load_fixture("thesis_tables.json")["final_themes"]["themes"]
    threads = Threads()
    th = paragraph(doc, f"Tema 3: {final[2]['theme']}", "Heading 1")
    first = comment(doc, th, "Hva er det sentrale organiserende konseptet i tema 3?", "Eva Veileder",
                    START + timedelta(days=35, hours=1))
    comment(doc, paragraph(doc, "En offentlig familie", "Heading 3"), "Sterk kode – behold den.", "Eva Veileder",
            START + timedelta(days=35, hours=2))
    threads.reply(doc, first, th, "Se Braun & Clarke om sentrale konsepter.", "Eva Veileder",
                  START + timedelta(days=35, hours=3))
    threads.save(doc, folder / "kodebok-eva.docx")
    clock.day(36)
    tema("feedback", "import", project, folder / "kodebok-eva.docx", "--coder", "Forsker")
    clock.day(37)
    from tema.domain.feedback import list_feedback
    from tema.store.db import open_store

    store = open_store(project)
    try:
        with store.session() as s:
            ids = [t.id for t in list_feedback(s)]
    finally:
        store.close()
    tema("feedback", "reply", project, str(ids[0]), "Konseptet er: familien som helhet i samarbeidet.",
         "--coder", "Forsker")
    clock.day(38)
    tema("feedback", "resolve", project, str(ids[1]), "--coder", "Forsker")
    clock.day(40)
    tema("phase", project, "5", "--coder", "Forsker")
    tema("theme", project, final[2]["theme"], "--concept", "Familien som helhet i samarbeidet.", "--coder", "Forsker")
    clock.day(45)
    tema("phase", project, "6", "--coder", "Forsker")
    return folder / "kodebok-eva.docx"
