"""Words of the feedback appendix and the process account, Norwegian (the thesis'
register) and English — beside ``labels.Words``, which holds the tables' words."""

from __future__ import annotations

from tema.export.labels import check_lang

_TEXT: dict[str, dict[str, str]] = {
    "nb": {
        "numbering": "Tema med nummer beholder det; tema uten nummer er nummerert videre fra det høyeste nummeret, "
                     "i rekkefølgen på tematavla.",
        "feedback": "Vedlegg: Tilbakemeldinger",
        "feedback_intro": "Åpne tilbakemeldinger og svarene på dem. En kommentar skrevet i Word på en tilbakemelding "
                          "her blir et svar i samme tråd når filen leses inn igjen.",
        "on": "Om",
        "reply": "Svar fra",
        "reply_on": "Svar om",
        "commented_text": "Kommentert tekst",
        "project": "prosjektet",
        "extract": "utdrag",
        "process": "Analyseprosessen",
        "process_intro": "Denne beretningen er bygget av det tema har registrert underveis: hendelsesloggen, "
                         "øyeblikksbildene av temakartet, den refleksive loggen og tilbakemeldingene. "
                         "Navn er pseudonymisert.",
        "course": "Forløpet",
        "counts": "Forløpet i tall",
        "when": "Dato",
        "milestone": "Milepæl",
        "documents": "Dokumenter",
        "codes": "Koder",
        "codings": "Kodinger",
        "themes": "Tema",
        "now": "Nå",
        "so_far": "Så langt",
        "until": "Fram til",
        "after": "Etter",
        "start": "Før første øyeblikksbilde",
        "snapshot": "Øyeblikksbilde",
        "typed_in": "et kart skrevet inn for hånd",
        "theme_changes": "Hva skjedde med temaene",
        "no_changes": "Ingen endringer i temaene er registrert i denne perioden.",
        "map_diff": "Sammenlignet med «{a}»: nye tema {appeared}, borte {gone}, flyttede koder {moved}.",
        "phase_change": "Fase {a} → {b}: {name}",
        "journal": "Logg",
        "feedback_round": "Tilbakemelding, runde {n} ({file})",
        "comments_n": "{n} kommentarer",
        "created": "opprettet",
        "renamed": "omdøpt fra «{old}» til «{new}»",
        "renamed_from": "omdøpt fra «{old}»",
        "subtheme": "Subtema",
        "resolved": "Tilbakemelding løst",
        "reopened": "Tilbakemelding åpnet igjen",
        "split_from": "skilt ut fra «{name}»",
        "split_off": "«{name}» skilt ut",
        "merged_into": "slått sammen med «{name}»",
        "merged_in": "«{name}» slått inn",
        "discarded": "forkastet",
        "restored": "gjenopprettet",
        "deleted": "lagt i papirkurven",
        "moved_under": "flyttet under «{name}»",
        "made_top": "gjort til tema på øverste nivå",
        "codes_in": "koder inn: {names}",
        "codes_out": "koder ut: {names}",
        "lineage": "Utdrag som flyttet mellom tema",
        "lineage_intro": "Utdrag der kodene lå i ulike tema i øyeblikksbildene (som Tabell 3 i oppgaven).",
        "map_of": "Temakart «{name}» ({date})",
        "journal_entry": "Logg ({who})",
    },
    "en": {
        "numbering": "Themes with a number keep it; themes without one are numbered on from the highest number, "
                     "in the order of the theme board.",
        "feedback": "Appendix: Feedback",
        "feedback_intro": "Open feedback and the replies to it. A comment written in Word on a feedback item here "
                          "becomes a reply in the same thread when the file is read back.",
        "on": "On",
        "reply": "Reply from",
        "reply_on": "Reply on",
        "commented_text": "Commented text",
        "project": "the project",
        "extract": "extract",
        "process": "The analysis process",
        "process_intro": "This account is built from what tema recorded along the way: the event log, the "
                         "snapshots of the theme map, the reflexive journal and the feedback. Names are "
                         "pseudonymised.",
        "course": "The course of the analysis",
        "counts": "The analysis in numbers",
        "when": "Date",
        "milestone": "Milestone",
        "documents": "Documents",
        "codes": "Codes",
        "codings": "Codings",
        "themes": "Themes",
        "now": "Now",
        "so_far": "So far",
        "until": "Up to",
        "after": "After",
        "start": "Before the first snapshot",
        "snapshot": "Snapshot",
        "typed_in": "a map typed in by hand",
        "theme_changes": "What happened to the themes",
        "no_changes": "No changes to the themes were recorded in this period.",
        "map_diff": "Compared with «{a}»: new themes {appeared}, gone {gone}, codes moved {moved}.",
        "phase_change": "Phase {a} → {b}: {name}",
        "journal": "Journal",
        "feedback_round": "Feedback, round {n} ({file})",
        "comments_n": "{n} comments",
        "created": "created",
        "renamed": "renamed from «{old}» to «{new}»",
        "renamed_from": "renamed from «{old}»",
        "subtheme": "Subtheme",
        "resolved": "Feedback resolved",
        "reopened": "Feedback reopened",
        "split_from": "split from «{name}»",
        "split_off": "«{name}» split off",
        "merged_into": "merged into «{name}»",
        "merged_in": "«{name}» merged in",
        "discarded": "discarded",
        "restored": "restored",
        "deleted": "moved to the trash",
        "moved_under": "moved under «{name}»",
        "made_top": "made a top-level theme",
        "codes_in": "codes in: {names}",
        "codes_out": "codes out: {names}",
        "lineage": "Extracts that moved between themes",
        "lineage_intro": "Extracts whose codes sat in different themes in the snapshots (as the thesis' Tabell 3).",
        "map_of": "Theme map «{name}» ({date})",
        "journal_entry": "Journal ({who})",
    },
}


class StoryWords:
    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self._t = _TEXT[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._t[key]

    def __call__(self, key: str, **values: object) -> str:
        return self._t[key].format(**values)

    def date(self, when) -> str:
        return when.strftime("%d.%m.%Y") if self.lang == "nb" else when.strftime("%Y-%m-%d")
