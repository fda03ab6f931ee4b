"""Paths of the data shipped in ``tema/nlp/models`` and their (cached) loaders.

Everything here loads with the standard library only: the tables are derived
(form → lemma, a list of common lower-case words), never treebank sentences.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent / "models"
PIPELINE_DIR = MODELS_DIR / "nb_tema"
LEMMAS_PATH = MODELS_DIR / "lemmas.tsvz"
COMMON_WORDS_PATH = MODELS_DIR / "common_words.txt.gz"
NAMES_PATH = MODELS_DIR / "names.json.gz"

# A minimal list used only when the shipped table is missing (fresh checkout
# before `tema nlp train` has run).
_FALLBACK_COMMON = frozenset(
    """altså ja nei jo men og eller så da nå her der det den de dette denne disse jeg du han
    hun vi dere meg deg seg oss dem hva hvem hvor hvorfor hvordan når ok okei greit merk
    note obs spørsmål svar også ikke bare kanskje selvfølgelig egentlig liksom sånn slik
    først sist til slutt uansett eksempel for fra med om på i av til""".split()
)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case words that are common (not names) in Norwegian Bokmål."""
    if COMMON_WORDS_PATH.exists():
        with gzip.open(COMMON_WORDS_PATH, "rt", encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip()) | _FALLBACK_COMMON
    return _FALLBACK_COMMON


@lru_cache(maxsize=1)
def lemma_tables() -> tuple[dict[str, str], Mapping[str, str]]:
    """(exact, lower): form → lemma for case-sensitive forms, and lower-case form → lemma
    (a read-only mapping searched in place, see :mod:`tema.nlp.lemma_table`).

    Forms missing from both tables are their own lemma.  Empty tables when the
    file is missing.
    """
    from tema.nlp import lemma_table

    if not LEMMAS_PATH.exists():
        return {}, {}
    return lemma_table.read(LEMMAS_PATH)


def load_meta() -> dict:
    """The shipped pipeline's meta.json (empty dict when not trained yet)."""
    path = PIPELINE_DIR / "meta.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
