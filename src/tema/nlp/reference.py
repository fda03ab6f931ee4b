"""Reference statistics of written Norwegian Bokmål, for weighting lemmas in a second look:
the function words (stop words) and how common each lemma is in general language.

Both tables are derived from the treebank in ``../shared/nlp`` by :func:`build_reference`
and keyed by tema's own lemmas (those stored on segments): ``models/function_words.txt.gz``
(pronouns, determiners, prepositions, conjunctions, auxiliaries, the infinitive mark,
interjections and the most frequent adverbs) and ``models/lemma_df.json.gz`` (in how many
of the treebank's sentences each lemma occurs). Without the files, a short hand-written
list of function words (spoken fillers included) is used and no lemma counts as common.
Only the standard library reads them at run time.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from tema.nlp.resources import MODELS_DIR

FUNCTION_WORDS_PATH = MODELS_DIR / "function_words.txt.gz"
LEMMA_DF_PATH = MODELS_DIR / "lemma_df.json.gz"

# NDT part-of-speech tags (column 4) of closed word classes, and the UD ones.
NDT_CLOSED = frozenset({"prep", "det", "pron", "konj", "sbu", "inf-merke", "interj"})
UD_CLOSED = frozenset({"ADP", "AUX", "CCONJ", "SCONJ", "DET", "PRON", "PART", "INTJ"})
ADVERB_TAGS = frozenset({"adv", "ADV"})

# Always stop words: spoken fillers and hedges the (written) treebank rarely has, and the
# core function words, so the list is usable before `build_reference` has run.
FALLBACK = frozenset(
    """altså ja nei jo joa nja mm mhm hm eh ehm øh æh ok okei greit liksom sånn sann slik sikkert
    egentlig kanskje bare også ikke da så nå her der hit dit nok vel visst litt mye veldig
    ganske helt enda ennå alltid aldri ofte
    jeg du han hun den det vi dere de meg deg seg oss dem min mi mitt mine din di ditt dine
    sin si sitt sine hans hennes dens dets vår vårt våre deres man en ei et noen noe ingen
    ingenting alle all alt hver hvert denne dette disse selv samme annen annet andre
    hva hvem hvor hvorfor hvordan hvilken hvilket hvilke når som at om enn
    og eller men for fordi før etter siden mens hvis dersom uten enten både verken heller
    i på til fra med av under over mot ved hos mellom gjennom langs
    blant rundt innen inn inne ut ute opp oppe ned nede bort borte fram frem tilbake
    å være ha bli kunne skulle ville måtte burde""".split()
)
MIN_DF = 2  # lemmas seen in fewer treebank sentences are not stored (they count as rare)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The stop words: the shipped treebank-derived list with the fallback list, or the
    fallback list alone when the shipped file is missing."""
    if FUNCTION_WORDS_PATH.exists():
        with gzip.open(FUNCTION_WORDS_PATH, "rt", encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip()) | FALLBACK
    return FALLBACK


@lru_cache(maxsize=1)
def _reference_df() -> tuple[int, dict[str, int]]:
    if not LEMMA_DF_PATH.exists():
        return 0, {}
    with gzip.open(LEMMA_DF_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return int(data["sentences"]), dict(data["df"])


@lru_cache(maxsize=100_000)
def general_rarity(lemma: str) -> float:
    """How rare a lemma is in general written Norwegian, 0–1: its idf in the treebank's
    sentences divided by the idf of a lemma never seen there (1 when there is no table)."""
    n, df = _reference_df()
    if not n:
        return 1.0
    top = math.log(1 + (n + 0.5) / 0.5)
    d = df.get(lemma, 0)
    return math.log(1 + (n - d + 0.5) / (d + 0.5)) / top


def build_reference(data_dir: Path, *, min_count: int = 20, top_adverbs: int = 150) -> tuple[list[str], dict]:
    """(function words, lemma document frequencies) from the treebank (``ndt_nob/train``
    and the UD dev file), keyed by tema's lemma of each form. A lemma is a function word
    when, in either source, at least half of its occurrences are tagged with a closed class
    and it occurs ``min_count`` times or more; adverbs count when they are among the
    ``top_adverbs`` most frequent lemmas. Frequencies count NDT training sentences."""
    from tema.nlp.conll import read_ndt_dir, read_ud
    from tema.nlp.lemmas import lemma_of
    from tema.nlp.resources import lemma_tables

    exact, lower = lemma_tables()
    total: Counter[str] = Counter()
    adverb: Counter[str] = Counter()
    sentence_df: Counter[str] = Counter()
    n_sentences = 0
    words: set[str] = set()
    ud = Path(data_dir) / "no_bokmaal-ud-dev.conllu"
    sources = [[s for doc in read_ndt_dir(Path(data_dir) / "ndt_nob" / "train") for s in doc]]
    if ud.exists():  # UD tags auxiliaries (være, ha, bli, kunne, …), which NDT calls verbs
        sources.append(read_ud(ud))
    for k, sentences in enumerate(sources):
        seen: Counter[str] = Counter()
        closed: Counter[str] = Counter()
        for sent in sentences:
            keys = []
            for tok in sent.tokens:
                if not any(ch.isalpha() for ch in tok.form):
                    continue
                key = lemma_of(tok.form, exact, lower).lower()
                keys.append(key)
                seen[key] += 1
                if tok.pos in NDT_CLOSED or tok.pos in UD_CLOSED:
                    closed[key] += 1
                elif tok.pos in ADVERB_TAGS:
                    adverb[key] += 1
            if k == 0:
                n_sentences += 1
                sentence_df.update(set(keys))
        words |= {w for w, n in seen.items() if n >= min_count and closed[w] * 2 >= n}
        total.update(seen)
    words |= {w for w, _ in total.most_common(top_adverbs) if adverb[w] * 2 >= total[w]}
    df = {w: n for w, n in sorted(sentence_df.items()) if n >= MIN_DF}
    return sorted(words), {"sentences": n_sentences, "df": df}


def write_reference(words: list[str], df: dict, models_dir: Path = MODELS_DIR) -> list[Path]:
    """Write both tables into the package's model folder (gzip, reproducible bytes)."""
    from tema.files import write_bytes

    lines = gzip.compress(("\n".join(words) + "\n").encode("utf-8"), mtime=0)
    table = gzip.compress(json.dumps(df, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), mtime=0)
    out = [write_bytes(models_dir / FUNCTION_WORDS_PATH.name, lines, force=True),
           write_bytes(models_dir / LEMMA_DF_PATH.name, table, force=True)]
    function_words.cache_clear()
    _reference_df.cache_clear()
    general_rarity.cache_clear()
    return out


if __name__ == "__main__":  # python -m tema.nlp.reference ../shared/nlp
    import sys

    built, table = build_reference(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/nlp"))
    for path in write_reference(built, table):
        print(f"wrote {path}")
    print(f"{len(built)} function words, {len(table['df'])} lemma frequencies over {table['sentences']} sentences")
