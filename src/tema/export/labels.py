"""Headings and titles of the exports in Norwegian (the thesis' wording) and English."""

from __future__ import annotations

from tema.errors import InvalidInput
from tema.i18n import _

LANGS = ("nb", "en")

_TEXT: dict[str, dict[str, str]] = {
    "nb": {
        "table": "Tabell",
        "theme": "Tema",
        "subtheme": "Subtema",
        "code": "Kode",
        "codes": "Koder",
        "level": "Nivå",
        "semantic": "semantisk",
        "latent": "latent",
        "extracts": "Utdrag",
        "codings": "Kodinger",
        "participants": "Deltakere",
        "participant": "Deltaker",
        "label": "Bokstav",
        "pseudonym": "Pseudonym",
        "documents": "Dokumenter",
        "unplaced": "(ikke plassert)",
        "unplaced_title": "Ikke plassert",
        "quote": "Sitat",
        "coding_perspectives": "Koding (perspektiv)",
        "and": "og",
        "phase2": "Fase 2: Koding av rådata",
        "attribute": "Egenskap",
        "value": "Verdi",
        "count": "Antall",
        "heading": "Overskrift",
        "colour": "Farge",
        "areas": "Temaområder",
        "total": "Totalt",
        "title.themes": "Oppsummering av tema og subtema",
        "title.code-themes": "Koder og tema",
        "title.perspectives": "Koding ut fra flere perspektiv",
        "title.lineage": "De ulike fasene med koding",
        "persp.chosen": "utvalgte utdrag for {theme}",
        "persp.codes": "utdrag med kodene i {theme} (ingen utdrag valgt ut ennå)",
        "renamed_from": "omdøpt fra «{old}»",
        "title.participants": "Utvalgsbeskrivelse",
        "title.participant-list": "Deltakere",
        "title.guide": "Intervjuguidens deler med farger og temaområder",
        "title.matrix": "Tema og deltakere: antall utdrag",
        "title.matrix-codes": "Koder og deltakere: antall utdrag",
        "title.map": "Temakart",
        "count.extracts": "antall utdrag",
        "count.codings": "antall kodinger",
        "by.participant": "deltakere",
        "by.case": "caser",
        "by.wave": "bølger",
        "by.attr": "«{key}»",
        "themes_and": "Tema og {by}: {count}",
        "codes_and": "Koder og {by}: {count}",
        "case": "Case",
        "cases": "Caser",
        "wave": "Bølge",
        "waves": "Bølger",
        "trend": "Utvikling",
        "trend.new": "ny i bølge {wave}",
        "trend.gone": "borte i bølge {wave}",
        "trend.grows": "øker",
        "trend.fades": "avtar",
        "trend.steady": "stabil",
        "title.case-matrix": "Tema og caser: utdrag per case",
        "title.wave-themes": "Tema over bølger: {count}",
        "note.extracts": "Utdrag: kodede tekstbiter i samme dokument som overlapper, regnes som ett utdrag.",
        "note.codings": "Kodinger: hver kode på en tekstbit telles for seg.",
        "note.waves": "Intervjuer per bølge: {docs}. Utvikling: utdrag per intervju i siste mot første bølge "
                      "med utdrag (øker/avtar ved minst 50 % endring).",
        "note.no_case": "Utdrag fra dokumenter uten case er ikke med.",
        # codebook
        "codebook": "Kodebok",
        "question": "Problemstilling",
        "date": "Dato",
        "coders": "Kodere",
        "phase": "Fase",
        "contents": "Innhold",
        "toc_hint": "Innholdsfortegnelse: høyreklikk og velg «Oppdater felt» (F9) i Word.",
        "overview": "Oversikt",
        "definition": "Definisjon",
        "central_concept": "Sentralt organiserende konsept",
        "scope": "Avgrensning",
        "no_definition": "(ikke skrevet ennå)",
        "direct_codes": "Koder knyttet direkte til temaet",
        "perspectives": "Perspektiver",
        "examples": "Eksempler på utdrag",
        "illustrative": "Illustrerende utdrag",
        "also_in": "Også i",
        "journal": "Vedlegg: Refleksiv logg",
        "no_codes": "Ingen koder er knyttet til dette temaet ennå.",
        "no_themes": "Prosjektet har ingen tema ennå.",
        "no_journal": "Loggen har ingen innførsler ennå.",
        "none": "ingen",
        "page": "Side",
    },
    "en": {
        "table": "Table",
        "theme": "Theme",
        "subtheme": "Subtheme",
        "code": "Code",
        "codes": "Codes",
        "level": "Level",
        "semantic": "semantic",
        "latent": "latent",
        "extracts": "Extracts",
        "codings": "Codings",
        "participants": "Participants",
        "participant": "Participant",
        "label": "Label",
        "pseudonym": "Pseudonym",
        "documents": "Documents",
        "unplaced": "(not placed)",
        "unplaced_title": "Not placed",
        "quote": "Extract",
        "coding_perspectives": "Codes (perspectives)",
        "and": "and",
        "phase2": "Phase 2: Coding",
        "attribute": "Attribute",
        "value": "Value",
        "count": "Count",
        "heading": "Heading",
        "colour": "Colour",
        "areas": "Topic areas",
        "total": "Total",
        "title.themes": "Summary of themes and subthemes",
        "title.code-themes": "Codes and themes",
        "title.perspectives": "Coding from several perspectives",
        "title.lineage": "Coding across the phases",
        "persp.chosen": "chosen extracts of {theme}",
        "persp.codes": "extracts with the codes of {theme} (no extracts chosen yet)",
        "renamed_from": "renamed from “{old}”",
        "title.participants": "Sample description",
        "title.participant-list": "Participants",
        "title.guide": "Interview-guide sections with colours and topic areas",
        "title.matrix": "Themes and participants: number of extracts",
        "title.matrix-codes": "Codes and participants: number of extracts",
        "title.map": "Theme map",
        "count.extracts": "number of extracts",
        "count.codings": "number of codings",
        "by.participant": "participants",
        "by.case": "cases",
        "by.wave": "waves",
        "by.attr": "“{key}”",
        "themes_and": "Themes and {by}: {count}",
        "codes_and": "Codes and {by}: {count}",
        "case": "Case",
        "cases": "Cases",
        "wave": "Wave",
        "waves": "Waves",
        "trend": "Trend",
        "trend.new": "new in wave {wave}",
        "trend.gone": "gone in wave {wave}",
        "trend.grows": "grows",
        "trend.fades": "fades",
        "trend.steady": "steady",
        "title.case-matrix": "Themes and cases: extracts per case",
        "title.wave-themes": "Themes across waves: {count}",
        "note.extracts": "Extracts: coded passages of one document that overlap count as one extract.",
        "note.codings": "Codings: each code on a passage counts separately.",
        "note.waves": "Interviews per wave: {docs}. Trend: extracts per interview in the last against the first "
                      "wave with extracts (grows/fades at a change of 50 % or more).",
        "note.no_case": "Extracts from documents without a case are left out.",
        "codebook": "Codebook",
        "question": "Research question",
        "date": "Date",
        "coders": "Coders",
        "phase": "Phase",
        "contents": "Contents",
        "toc_hint": "Table of contents: right-click and choose “Update field” (F9) in Word.",
        "overview": "Overview",
        "definition": "Definition",
        "central_concept": "Central organising concept",
        "scope": "Scope",
        "no_definition": "(not written yet)",
        "direct_codes": "Codes placed directly in the theme",
        "perspectives": "Perspectives",
        "examples": "Example extracts",
        "illustrative": "Illustrative extracts",
        "also_in": "Also in",
        "journal": "Appendix: Reflexive journal",
        "no_codes": "No codes are placed in this theme yet.",
        "no_themes": "The project has no themes yet.",
        "no_journal": "The journal has no entries yet.",
        "none": "none",
        "page": "Page",
    },
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidInput(_("--lang {lang!r}: must be one of {choices}").format(lang=lang, choices=', '.join(LANGS)))
    return lang


def text(lang: str, key: str) -> str:
    return _TEXT[check_lang(lang)][key]


class Words:
    """``w = Words(lang); w["theme"]`` — the export's words in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self._t = _TEXT[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._t[key]

    def level(self, level: str) -> str:
        return self._t.get(level, level)

    def wave(self, wave: str) -> str:
        """"Bølge 2" for a wave numbered 2; a named wave ("Høst 2024") as it is."""
        return f"{self._t['wave']} {wave}" if wave.isdigit() else wave

    def by(self, columns: str) -> str:
        """The columns of a count table in a heading: "deltakere", "bølger", "«Rolle»"."""
        if columns.startswith("attr:"):
            return self._t["by.attr"].format(key=columns[5:])
        return self._t[f"by.{columns}"]

    def counts_title(self, rows: str, columns: str, measure: str) -> str:
        """"Tema og deltakere: antall utdrag" — what the rows, columns and numbers are."""
        return self._t["themes_and" if rows == "theme" else "codes_and"].format(
            by=self.by(columns), count=self._t[f"count.{measure}"])
