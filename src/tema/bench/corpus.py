"""A deterministic synthetic corpus of Norwegian-like interview transcripts.

Every word list and sentence template below was written for this benchmark
(no seed text, no treebank text). Transcripts have speaker turns (``I:`` and
the participant's first name, sometimes with a timestamp), sentences of
spoken length (mean ≈ 14 words, long tail), æøå, abbreviations (f.eks.,
bl.a., ca., dvs., osv.), pauses (``..``), omissions (``[...]``) and
multi-paragraph answers. The same ``seed`` always gives the same text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = [
    "jeg", "vi", "de", "han", "hun", "mannen min", "kona mi", "læreren", "saksbehandleren",
    "fastlegen", "helsesykepleieren", "kommunen", "naboen", "svigermor", "sjefen min",
    "kontaktlæreren", "barnevernet", "NAV", "eldstemann", "minstemann", "ingen", "alle",
    "koordinatoren", "de på avlastningen", "bestemor", "familien",
]
# Verbs that take a noun object, in the past tense.
VERBS = [
    "fikk", "trengte", "savnet", "opplevde", "mistet", "fant", "sendte", "ventet på",
    "snakket om", "søkte om", "lurte på", "kjempet for", "ba om", "tenkte på", "hørte om",
    "fortalte om", "slet med", "klaget på", "glemte", "fikk høre om", "spurte etter",
    "prøvde ut", "takket nei til", "ble tilbudt", "diskuterte", "skrev om",
]
OBJECTS = [
    "avlastning", "et vedtak", "hjelp fra kommunen", "en fast kontaktperson", "støtte i hverdagen",
    "svar på søknaden", "et møte med skolen", "plass i barnehagen", "oppfølging etter sykehuset",
    "mer tid med ungene", "en pause", "tillit til systemet", "en ordentlig plan",
    "informasjon om rettighetene våre", "et tilbud på ettermiddagen", "hjemmesykepleie",
    "økonomisk støtte", "tilrettelegging på jobben", "fritidsaktiviteter", "søvn", "kontroll",
    "overblikk", "en ansvarsgruppe", "skyss til skolen", "bostøtte", "en individuell plan",
    "ventetiden", "mestring", "samarbeidet med barnehagen", "foreldremøtet", "fastlegen",
    "en koordinator", "søknadsskjemaene", "helsestasjonen", "dagligvarene", "lekser",
    "en støttekontakt", "en søskengruppe", "tolk", "økonomien", "nabolaget", "fritidsklubben",
    "hverdagen", "tryggheten", "ansvaret", "et kurs for foreldre", "ferien", "hjemmebesøket",
]
TAILS = [
    "i fjor høst", "på ettermiddagen", "etter ca. tre uker", "før jul", "hver eneste dag",
    "i flere måneder", "på kommunehuset", "hjemme hos oss", "på legekontoret", "via Helsenorge",
    "uten at noen sa ifra", "f.eks. når ungene var syke", "bl.a. på foreldremøtet",
    "dvs. nesten hele våren", "i 2019", "kl. 8 om morgenen", "etter skoletid", "på sommeren",
    "i påsken", "på telefonen", "gjennom hele høsten", "ca. annenhver uke", "på møtet i mai",
    "sammen med de andre foreldrene", "på nett", "midt i arbeidstiden", "i overgangen til ungdomsskolen",
]
OPENERS = [
    "Så", "Egentlig", "Til slutt", "I starten", "Etter hvert", "Den gangen", "Nå i ettertid",
    "Heldigvis", "Dessverre", "Ærlig talt", "Ofte", "Noen ganger", "Plutselig", "Etterpå",
    "Først", "Senere", "I høst", "Før det",
]
SUBORDINATORS = ["fordi", "selv om", "når", "siden", "etter at", "før", "mens", "slik at"]
COORDINATORS = ["men", "og så", "og", "eller"]
ADJECTIVES = [
    "tungt", "helt greit", "veldig slitsomt", "ganske uoversiktlig", "en lettelse", "forvirrende",
    "ensomt", "trygt", "frustrerende", "utrolig fint", "rart", "sårt", "krevende", "godt",
    "litt flaut", "uforutsigbart", "helt håpløst", "overraskende enkelt",
]
INFINITIVES = [
    "stå i det alene", "be om hjelp", "forklare alt på nytt", "vente", "fylle ut skjemaene",
    "få ting til å gå rundt", "vite hvem man skulle ringe", "sette grenser", "si ifra",
    "holde oversikt", "slippe taket", "ta imot hjelp", "planlegge ferien", "komme seg på jobb",
    "få sove", "møte de andre foreldrene", "snakke med ungene om det", "bytte skole",
]
FILLERS = ["Eh ..", "Ja, altså ..", "Mm.", "Hm ..", "Nei ..", "Ja.", "Altså ..", "Tja ..", "Jo ..", "Ja, nei .."]
ASIDES = ["[ler]", "[...]", "(pause)", "[sukker]", "[uklart]"]
QUESTIONS = [
    "Kan du fortelle litt om {o}?",
    "Hvordan opplevde du {o}?",
    "Hva betydde det for deg at {s} {v} {o}?",
    "Hvem tok kontakt først?",
    "Var det noe som kunne vært gjort annerledes?",
    "Når skjønte du at {s} {v} {o}?",
    "Hvordan var det med {o}, f.eks. i helgene?",
    "Kan du gi et eksempel?",
    "Du sa i stad at det var {a}. Kan du si mer om det?",
    "Hva tenker du om {o} nå, ca. et år etterpå?",
    "Hvordan påvirket det hverdagen deres?",
    "Hvis du skulle gi et råd til andre foreldre, hva ville det vært?",
]
FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Bjørn", "Åse", "Øystein", "Sølvi", "Håkon", "Mette", "Line",
    "Jørgen", "Siri", "Tor", "Astrid", "Ørjan", "Eirin", "Pål", "Gro", "Stian", "Hege",
    "Trond", "Marit", "Sindre", "Ragnhild", "Vegard", "Tone", "Ådne", "Liv", "Even", "Bodil",
]
HEADINGS = ["Intervju", "Samtale", "Transkripsjon"]

SEARCH_WORDS = [
    "avlastning", "vedtak", "kommunen", "søknad", "tillit", "barnehage", "fastlege", "økonomi",
    "ventetid", "hverdag", "skolen", "mestring", "ansvarsgruppe", "helsesykepleier", "bostøtte",
    "tilrettelegging", "foreldremøte", "ettermiddag", "kontaktperson", "søvn",
]


@dataclass(frozen=True)
class Transcript:
    index: int
    name: str  # file stem
    speaker: str  # the participant's first name as used in the labels
    text: str
    words: int


class _Writer:
    """Builds one transcript; all randomness comes from ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def clause(self, *, subordinate: bool = False, invert: bool = False) -> str:
        s, v, o = self.pick(SUBJECTS), self.pick(VERBS), self.pick(OBJECTS)
        fin, _, rest = v.partition(" ")  # finite verb and particle ("ba om")
        rest = f" {rest}" if rest else ""
        neg = self.rng.random() < 0.18
        tail = f" {self.pick(TAILS)}" if self.rng.random() < 0.45 else ""
        if subordinate:  # Norwegian puts "ikke" before the verb in a subordinate clause
            return f"{s} {'ikke ' if neg else ''}{fin}{rest} {o}{tail}"
        if invert:  # verb second after a fronted adverbial
            return f"{fin} {s}{' ikke' if neg else ''}{rest} {o}{tail}"
        return f"{s} {fin}{' ikke' if neg else ''}{rest} {o}{tail}"

    def statement(self) -> str:
        r = self.rng.random()
        if r < 0.22:
            body = f"Det var {self.pick(ADJECTIVES)} å {self.pick(INFINITIVES)}"
            if self.rng.random() < 0.5:
                body += f", {self.pick(SUBORDINATORS)} {self.clause(subordinate=True)}"
        elif r < 0.55:
            body = f"{self.pick(OPENERS)} {self.clause(invert=True)}"
        else:
            body = self.clause()
        if self.rng.random() < 0.5:
            body += f", {self.pick(COORDINATORS)} {self.clause()}"
        if self.rng.random() < 0.25:
            body += f" {self.pick(SUBORDINATORS)} {self.clause(subordinate=True)}"
        if self.rng.random() < 0.12:
            words = body.split(" ")
            k = self.rng.randrange(1, len(words))
            body = " ".join(words[:k]) + " .. " + " ".join(words[k:])
        if self.rng.random() < 0.06:
            body += " osv"
        body = body[0].upper() + body[1:]
        end = "." if self.rng.random() < 0.9 else self.pick(["!", " ..", "?"])
        return body + end

    def question(self) -> str:
        q = self.pick(QUESTIONS)
        return q.format(s=self.pick(SUBJECTS), v=self.pick(VERBS), o=self.pick(OBJECTS), a=self.pick(ADJECTIVES))

    def answer(self) -> str:
        n = max(1, int(self.rng.lognormvariate(1.4, 0.6)))
        parts = []
        if self.rng.random() < 0.4:
            parts.append(self.pick(FILLERS))
        for _ in range(n):
            parts.append(self.statement())
            if self.rng.random() < 0.06:
                parts.append(self.pick(ASIDES))
        if n > 4 and self.rng.random() < 0.5:  # a multi-paragraph answer
            k = self.rng.randrange(2, n)
            return " ".join(parts[:k]) + "\n\n" + " ".join(parts[k:])
        return " ".join(parts)


def _stamp(seconds: int) -> str:
    return f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}] "


def transcript(index: int, words: int, seed: int = 1) -> Transcript:
    """Interview number ``index`` of about ``words`` words (same seed → same text)."""
    rng = random.Random(f"tema-bench:{seed}:{index}")
    w = _Writer(rng)
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    stamps = rng.random() < 0.3
    interviewer = "I" if rng.random() < 0.7 else "Intervjuer"
    lines = [f"{w.pick(HEADINGS)} {index + 1:03d} – {first}, bølge {1 + index % 3}", ""]
    count, clock = 0, 0
    while count < words:
        q, a = w.question(), w.answer()
        prefix = _stamp(clock) if stamps else ""
        lines += [f"{prefix}{interviewer}: {q}", "", f"{first}: {a}", ""]
        count += len(q.split()) + len(a.split()) + 2
        clock += rng.randrange(20, 140)
    text = "\n".join(lines)
    return Transcript(index, f"intervju_{index + 1:03d}_{first.lower()}", first, text, len(text.split()))


def transcripts(n: int, words: int, seed: int = 1) -> Iterator[Transcript]:
    for i in range(n):
        yield transcript(i, words, seed)


def write_corpus(folder: Path, n: int, words: int, seed: int = 1) -> list[Path]:
    """Write ``n`` transcripts as UTF-8 .txt files; returns the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for t in transcripts(n, words, seed):
        path = folder / f"{t.name}.txt"
        path.write_text(t.text, encoding="utf-8")
        paths.append(path)
    return paths
