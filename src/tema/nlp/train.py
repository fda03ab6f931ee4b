"""Train tema's Norwegian pipeline from the treebank in ``../shared/nlp`` (``tema nlp train``).

Reproducible (fixed seeds) and small:

1. reconstruct raw text from ``ndt_nob/train`` (README spacing rules) in chunks of
   1–8 consecutive sentences, plus lower-cased / unpunctuated variants of some
   chunks so that lower-case, unpunctuated speech is split too; ``ndt_nob/dev`` is
   the development set.  The corpora go to a temporary directory only;
2. train spaCy's small CNN ``senter`` (``senter.cfg``) on a blank ``nb`` pipeline and
   write it (weights + config) to ``models/nb_tema``;
3. build the form → lemma table (most frequent treebank lemma per form, Norsk
   Ordbank from ``spacy-lookups-data`` as fallback) → ``models/lemmas.tsvz``;
4. derive the common-word list (lower-case treebank lemmas and forms that are not
   proper nouns) → ``models/common_words.txt.gz``, used by name suggestions and
   speaker-label detection;
5. evaluate on ``ndt_nob/dev`` and the UD dev file and store the figures in
   ``models/nb_tema/meta.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from tema.errors import TemaError
from tema.i18n import _
from tema.nlp import lemma_table
from tema.nlp.conll import Sentence, Token, _apply_spacing, read_ndt_dir
from tema.nlp.resources import COMMON_WORDS_PATH, LEMMAS_PATH, MODELS_DIR, PIPELINE_DIR

__all__ = ["train", "build_lemma_table", "build_common_words", "make_chunks"]

CONFIG_PATH = Path(__file__).resolve().parent / "senter.cfg"
SEED = 20240
_FINAL_PUNCT = frozenset([".", "!", "?", "...", "..", "…"])
_PUNCT_POS = frozenset(["clb", "<komma>", "<strek>", "<anf>", "<parentes-beg>", "<parentes-slutt>"])


def _is_punct(tok: Token) -> bool:
    return tok.pos in _PUNCT_POS or tok.lemma.startswith("$")


# ---------------------------------------------------------------- corpora


def _variant(sents: list[list[Token]], kind: str) -> list[list[Token]]:
    """A lower-cased / unpunctuated copy of a chunk (``lower``, ``nofinal``, ``nopunct``)."""
    out = []
    for toks in sents:
        new = []
        for k, t in enumerate(toks):
            if kind == "nopunct" and _is_punct(t) and len(toks) > 1:
                continue
            if kind == "nofinal" and k == len(toks) - 1 and t.form in _FINAL_PUNCT and len(toks) > 1:
                continue
            new.append(Token(t.form.lower(), t.lemma, t.pos, t.name, True))
        if not new:
            continue
        _apply_spacing(new)  # spacing again, now that tokens may be gone
        out.append(new)
    return out


def make_chunks(docs: list[list[Sentence]], rng: random.Random, augment: bool) -> list[list[list[Token]]]:
    """Chunks of 1–8 consecutive sentences (each a list of tokens).

    Headlines (no final punctuation) stay inside chunks: running text often has a
    headline or a photo credit right before the next sentence.
    """
    chunks: list[list[list[Token]]] = []
    for doc in docs:
        i = 0
        while i < len(doc):
            size = rng.randint(1, 8)
            chunks.append([s.tokens for s in doc[i : i + size]])
            i += size
    if augment:
        extra = []
        for chunk in chunks:
            if len(chunk) < 2:
                continue
            r = rng.random()
            if r < 0.12:
                extra.append(_variant(chunk, "lower"))
            elif r < 0.24:
                extra.append(_variant(chunk, "nofinal"))
            elif r < 0.30:
                extra.append(_variant(chunk, "nopunct"))
        chunks.extend(c for c in extra if c)
    return chunks


def _docbin(chunks: list[list[list[Token]]], path: Path) -> int:
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("nb").vocab
    db = DocBin(attrs=["ORTH", "SENT_START"], store_user_data=False)
    n = 0
    for chunk in chunks:
        words, spaces, starts = [], [], []
        for sent in chunk:
            for k, t in enumerate(sent):
                words.append(t.form)
                spaces.append(t.space_after or k == len(sent) - 1)  # a space between sentences
                starts.append(k == 0)
        spaces[-1] = False
        db.add(Doc(vocab, words=words, spaces=spaces, sent_starts=starts))
        n += 1
    db.to_disk(path)
    return n


# ---------------------------------------------------------------- tables


def _ordbank() -> dict[str, str]:
    """Norsk Ordbank forms → lemma from spacy-lookups-data (a build-time dependency)."""
    try:
        import spacy_lookups_data
    except ImportError as exc:  # pragma: no cover - dev dependency
        raise TemaError(_("spacy-lookups-data is needed to build the lemma table: pip install 'tema[dev]'")) from exc
    base = Path(spacy_lookups_data.__file__).resolve().parent / "data"
    with gzip.open(base / "nb_lemma_exc.json.gz", "rt", encoding="utf-8") as fh:
        exc = json.load(fh)
    with gzip.open(base / "nb_lemma_lookup.json.gz", "rt", encoding="utf-8") as fh:
        lookup = json.load(fh)
    table: dict[str, str] = {}
    # priority when a form has lemmas in several word classes
    for pos in ("adv", "adj", "noun", "verb"):
        for form, lemmas in exc.get(pos, {}).items():
            if not lemmas:
                continue
            lemma = form if form in lemmas else lemmas[0]
            table[form] = lemma
    for form, lemma in lookup.items():
        table.setdefault(form, lemma)
    return table


def build_lemma_table(docs: list[list[Sentence]], ordbank: bool = True) -> dict:
    """``{"exact": {...}, "lower": {...}}`` (only entries that differ from the default)."""
    exact_counts: dict[str, Counter] = defaultdict(Counter)
    lower_counts: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        for s in doc:
            for t in s.tokens:
                if _is_punct(t) or not t.lemma or t.lemma == "_":
                    continue
                exact_counts[t.form][t.lemma] += 1
                lower_counts[t.form.lower()][t.lemma] += 1
    lower: dict[str, str] = {}
    if ordbank:
        for form, lemma in _ordbank().items():
            low = form.lower()
            if form == low:
                lower[low] = lemma
            else:
                lower.setdefault(low, lemma)
    for low, c in lower_counts.items():
        lower[low] = c.most_common(1)[0][0]
    exact: dict[str, str] = {}
    for form, c in exact_counts.items():
        best, n_best = c.most_common(1)[0]
        default = lower.get(form.lower(), form.lower())
        if default != best and n_best > c.get(default, 0):  # ties go to the case-free lemma
            exact[form] = best
    lower = {k: v for k, v in lower.items() if v != k}
    return {"version": 1, "exact": dict(sorted(exact.items())), "lower": dict(sorted(lower.items()))}


def build_common_words(docs: list[list[Sentence]]) -> list[str]:
    """Lower-case lemmas and forms of words that are not proper nouns (seen twice or more)."""
    counts: Counter = Counter()
    proper: Counter = Counter()
    for doc in docs:
        for s in doc:
            for t in s.tokens:
                if _is_punct(t) or not any(ch.isalpha() for ch in t.form):
                    continue
                if t.name != "O":
                    proper[t.form.lower()] += 1
                    continue
                if t.form[:1].isupper() and t.lemma[:1].isupper():
                    proper[t.form.lower()] += 1
                    continue
                counts[t.lemma.lower()] += 1
                counts[t.form.lower()] += 1
    return sorted(w for w, n in counts.items() if n >= 2 and proper[w] < n)


def _write_gz_lines(path: Path, lines: list[str]) -> None:
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(raw)


# ---------------------------------------------------------------- training


def _train_senter(corpora: Path, output: Path, log: Callable[[str], None], max_steps: int | None) -> None:
    """``spacy train`` in a child process at low priority (``nice``: the machine is shared)."""
    cmd = [
        sys.executable, "-m", "spacy", "train", str(CONFIG_PATH), "--output", str(output),
        "--paths.train", str(corpora / "train.spacy"), "--paths.dev", str(corpora / "dev.spacy"),
        "--system.seed", str(SEED),
    ]
    if max_steps:
        cmd += ["--training.max_steps", str(max_steps)]

    def lower_priority() -> None:  # pragma: no cover - runs in the child
        try:
            os.nice(10)
        except OSError:
            pass

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        preexec_fn=lower_priority if os.name == "posix" else None,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        log(line.rstrip())
    if proc.wait() != 0:
        raise TemaError(_("spacy train failed (exit code {code}); see the output above").format(code=proc.returncode))


def _install_pipeline(best: Path, dest: Path) -> None:
    """Copy the trained pipeline (config, meta, tokenizer, senter weights) to ``dest``."""
    import spacy

    nlp = spacy.load(best)
    if dest.exists():
        shutil.rmtree(dest)
    nlp.meta["name"] = "tema"
    nlp.meta["description"] = (
        "tema's Norwegian Bokmål sentence splitter: spaCy's small CNN senter trained on the "
        "Norwegian Dependency Treebank (NDT, annotations CC0) by tema's train script."
    )
    nlp.meta["license"] = "MIT (weights); training data NDT (CC0 annotations)"
    nlp.meta.pop("performance", None)
    from tema import __version__

    nlp.meta["version"] = __version__
    nlp.meta["spacy_version"] = f">={spacy.__version__.rsplit('.', 1)[0]},<4.0.0"
    nlp.to_disk(dest, exclude=["vocab"])
    # no temporary corpus paths in the shipped config (keeps the files reproducible)
    from thinc.api import Config

    cfg = Config().from_disk(dest / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        cfg["paths"][key] = None
    cfg.to_disk(dest / "config.cfg")
    # The senter hashes its features: the string store is not needed at run time.
    (dest / "vocab").mkdir(exist_ok=True)
    (dest / "vocab" / "strings.json").write_text("[]", encoding="utf-8")


def train(
    data_dir: Path,
    models_dir: Path = MODELS_DIR,
    log: Callable[[str], None] = print,
    max_steps: int | None = None,
    names: bool = True,
) -> dict:
    """Train everything; returns the figures also stored in the model's meta.json."""
    data_dir = Path(data_dir)
    train_dir = data_dir / "ndt_nob" / "train"
    dev_dir = data_dir / "ndt_nob" / "dev"
    ud_dev = data_dir / "no_bokmaal-ud-dev.conllu"
    for p in (train_dir, dev_dir, ud_dev):
        if not p.exists():
            raise TemaError(_("{path}: training data not found (pass --data DIR, the folder with ndt_nob/)").format(path=p))
    t_start = time.perf_counter()
    rng = random.Random(SEED)
    train_docs = read_ndt_dir(train_dir)
    dev_docs = read_ndt_dir(dev_dir)
    log(f"read {sum(len(d) for d in train_docs)} training and {sum(len(d) for d in dev_docs)} dev sentences")

    models_dir.mkdir(parents=True, exist_ok=True)
    # tables first: they do not depend on the senter
    table = build_lemma_table(train_docs)
    lemmas_path = models_dir / LEMMAS_PATH.name
    lemma_table.write(lemmas_path, table)
    log(f"lemma table: {len(table['exact'])} + {len(table['lower'])} forms, {lemmas_path.stat().st_size // 1024} KiB")
    common = build_common_words(train_docs)
    _write_gz_lines(models_dir / COMMON_WORDS_PATH.name, common)
    log(f"common words: {len(common)}")

    with tempfile.TemporaryDirectory(prefix="tema-train-") as tmp:
        tmp_path = Path(tmp)
        n_train = _docbin(make_chunks(train_docs, rng, augment=True), tmp_path / "train.spacy")
        n_dev = _docbin(make_chunks(dev_docs, random.Random(SEED + 1), augment=False), tmp_path / "dev.spacy")
        log(f"corpora: {n_train} training docs, {n_dev} dev docs (temporary)")
        t0 = time.perf_counter()
        _train_senter(tmp_path, tmp_path / "out", log, max_steps)
        senter_seconds = time.perf_counter() - t0
        dest = models_dir / PIPELINE_DIR.name
        _install_pipeline(tmp_path / "out" / "model-best", dest)

    names_info = None
    if names:
        from tema.nlp.names import train_names

        names_info = train_names(train_docs, dev_docs, models_dir, log=log)

    figures = measure_all(data_dir, dest)
    figures["training_seconds"] = round(time.perf_counter() - t_start, 1)
    figures["senter_training_seconds"] = round(senter_seconds, 1)
    if names_info:
        figures["names_model"] = names_info
    meta_path = dest / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["tema_figures"] = figures
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    from tema.nlp.pipeline import clear_cache

    clear_cache()
    return figures


def measure_all(data_dir: Path, pipeline_dir: Path | None = None) -> dict:
    """Figures of the (freshly trained) shipped pipeline on NDT dev and UD dev."""
    from tema.nlp.evaluate import evaluate_conllu
    from tema.nlp.pipeline import clear_cache, load_pipeline

    clear_cache()
    nlp = load_pipeline("tema")
    ud = evaluate_conllu(nlp, Path(data_dir) / "no_bokmaal-ud-dev.conllu")
    figures = {
        "ud_dev": ud,
        "measured_with": f"spaCy {__import__('spacy').__version__}, one process",
    }
    try:
        from tema.nlp.names import evaluate_names

        figures["names_ndt_dev"] = evaluate_names(read_ndt_dir(Path(data_dir) / "ndt_nob" / "dev"))
    except ImportError:  # pragma: no cover
        pass
    return figures

