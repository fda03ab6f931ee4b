"""Invented names for the seeded analysis: codes, themes, perspectives, coders,
municipalities and interview-guide sections (all written for the benchmark)."""

from __future__ import annotations

CODE_HEADS = [
    "ventetid", "tillit", "avlastning", "ansvar", "skam", "mestring", "samarbeid", "informasjon",
    "økonomi", "søvn", "kontroll", "ensomhet", "humor", "sinne", "takknemlighet", "tidsklemme",
    "overgang", "rettigheter", "fleksibilitet", "språk", "nettverk", "forutsigbarhet",
    "motstand", "sårbarhet", "grenser",
]
CODE_TAILS = [
    "i hverdagen", "overfor kommunen", "som byrde", "som ressurs", "i familien", "på jobben",
    "hos fastlegen", "i skolen", "uten støtte", "etter vedtak", "blant søsken", "i møte med NAV",
    "som strategi", "over tid", "i overganger", "på natta", "rundt søknader", "med nabolaget",
    "som forventning", "i barnehagen", "ved sykdom", "i ferier", "fra besteforeldre",
    "i digitale kanaler", "når planer svikter", "mellom foreldrene", "i ansvarsgruppen",
    "som tema hjemme", "med tolk", "i fritiden", "som taus kunnskap", "etter flytting",
    "i starten", "mot slutten", "i krisen", "i gode perioder", "i hjelpeapparatet",
    "fra lærere", "for barnet", "for søsken",
]
THEMES = [
    "Å bære alt alene", "Systemet som motpart", "Små seire i hverdagen", "Tid som knapp ressurs",
    "Tillit som må fortjenes", "Familien som lag", "Når hjelpen kommer for sent", "Å bli sett",
    "Kampen om informasjon", "Skam og stolthet", "Nettverket som sikkerhetsnett",
    "Overganger som bristepunkt", "Økonomi og valgfrihet", "Barnets stemme", "Kommunen som labyrint",
]
ASPECTS = [
    "i møte med skolen", "i møte med helsetjenesten", "hjemme", "på jobben", "over tid",
    "i starten", "for søsken", "i nabolaget",
]
PERSPECTIVES = [
    "foreldreperspektiv", "barnets perspektiv", "tjenesteperspektiv", "søskenperspektiv",
    "økonomisk perspektiv", "kjønnsperspektiv", "rettighetsperspektiv", "tidsperspektiv",
    "relasjonelt perspektiv", "systemperspektiv", "kulturelt perspektiv", "mestringsperspektiv",
]
CODERS = [("Marte Lien", "ML"), ("Jonas Berg", "JB"), ("Sunniva Kvam", "SK"), ("Eivind Rød", "ER"),
          ("Nora Hætta", "NH"), ("Åsmund Fjære", "ÅF"), ("Ida Sæther", "IS"), ("Kristoffer Ødegård", "KØ")]
MUNICIPALITIES = ["Fjellvik", "Solbakken", "Øyrane", "Åsdalen", "Nordstrand", "Liavåg", "Bråtane",
                  "Kvitnes", "Storøy", "Mælen"]
ROLES = ["mor", "far", "foresatt", "bestemor"]
GUIDE = [
    ("Bakgrunn og familie", "#4e79a7", ["familiens situasjon", "barnets behov"]),
    ("Møte med tjenestene", "#f28e2b", ["første kontakt", "søknader og vedtak"]),
    ("Hverdagen", "#59a14f", ["rutiner", "søvn", "arbeid"]),
    ("Samarbeid", "#e15759", ["skole og barnehage", "ansvarsgruppe"]),
    ("Nettverk", "#b07aa1", ["familie", "venner og naboer"]),
    ("Framtid", "#76b7b2", ["ønsker", "råd til andre"]),
]
COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"]


def code_names(n: int) -> list[str]:
    """``n`` distinct code names ("Ventetid i hverdagen", …), numbered past 1,000."""
    out = []
    for k in range(n):
        head = CODE_HEADS[k % len(CODE_HEADS)]
        tail = CODE_TAILS[(k // len(CODE_HEADS)) % len(CODE_TAILS)]
        lap = k // (len(CODE_HEADS) * len(CODE_TAILS))
        name = f"{head} {tail}" + (f" ({lap + 1})" if lap else "")
        out.append(name[0].upper() + name[1:])
    return out


def theme_names(n_top: int) -> list[str]:
    return [THEMES[k % len(THEMES)] + (f" ({k // len(THEMES) + 1})" if k >= len(THEMES) else "")
            for k in range(n_top)]


def near_variant(name: str, k: int) -> str:
    """A near name a second coder might type: other case, a typo, or another word order."""
    kind = k % 3
    if kind == 0:
        return name.lower() if name[0].isupper() else name.capitalize()
    if kind == 1:  # drop one inner letter of the longest word
        words = name.split()
        i = max(range(len(words)), key=lambda j: len(words[j]))
        w = words[i]
        words[i] = w[: len(w) // 2] + w[len(w) // 2 + 1 :]
        return " ".join(words)
    words = name.split()
    return " ".join(words[1:] + words[:1]).capitalize()
