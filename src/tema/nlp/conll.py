"""Readers for the treebank files in ``../shared/nlp`` (training and evaluation only).

Nothing read here is ever written into the repository: training keeps the
reconstructed text in a temporary directory, and only weights and derived
tables (form → lemma, common words) are shipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Token", "Sentence", "read_ndt_dir", "read_ndt_file", "read_ud", "join_tokens", "NO_SPACE_BEFORE", "NO_SPACE_AFTER"]

NO_SPACE_BEFORE = frozenset([",", ".", ":", ";", "!", "?", ")", "]", "}", "»", "%", "...", "..", "”"])
NO_SPACE_AFTER = frozenset(["(", "[", "{", "«", "“"])


@dataclass(slots=True)
class Token:
    form: str
    lemma: str
    pos: str  # NDT POS or UD UPOS
    name: str = "O"  # NorNE BIO tag (NDT only), e.g. B-PER
    space_after: bool = True


@dataclass(slots=True)
class Sentence:
    tokens: list[Token]
    text: str | None = None  # UD "# text =" line
    newpar: bool = False  # UD "# newpar": a new paragraph starts here
    newdoc: bool = False
    headline: bool = False  # NDT: ended by a "|" headline token
    doc_id: str = ""
    extra: dict = field(default_factory=dict)


def _apply_spacing(tokens: list[Token]) -> None:
    """Reconstruct ``space_after`` for NDT tokens (README spacing rules; straight quotes alternate)."""
    open_quote = False
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        space = True
        if tok.form in NO_SPACE_AFTER:
            space = False
        if tok.form == '"':
            if not open_quote:
                space = False
            open_quote = not open_quote
        if nxt is not None:
            if nxt.form in NO_SPACE_BEFORE:
                space = False
            if nxt.form == '"' and open_quote:
                space = False
        tok.space_after = space
    if tokens:
        tokens[-1].space_after = True


def read_ndt_file(path: Path) -> list[Sentence]:
    sents: list[Sentence] = []
    cur: list[Token] = []
    headline = False

    def flush() -> None:
        nonlocal cur, headline
        if cur:
            _apply_spacing(cur)
            sents.append(Sentence(cur, headline=headline, doc_id=path.stem))
        cur = []
        headline = False

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 6 or "-" in cols[0] or "." in cols[0]:
                continue
            form, lemma, pos, feats = cols[1], cols[2], cols[3], cols[5]
            if form == "|" and "<overskrift>" in feats:
                headline = True
                continue
            name = "O"
            if len(cols) >= 10 and cols[9].startswith("name="):
                name = cols[9][5:]
            cur.append(Token(form, lemma, pos, name))
    flush()
    if sents:
        sents[0].newdoc = True
    return sents


def read_ndt_dir(path: Path) -> list[list[Sentence]]:
    """One list of sentences per file (document), files in name order."""
    files = sorted(p for p in Path(path).iterdir() if p.is_file() and not p.name.startswith("."))
    return [read_ndt_file(p) for p in files]


def read_ud(path: Path) -> list[Sentence]:
    """Sentences of a UD CoNLL-U file with their raw text and paragraph marks."""
    sents: list[Sentence] = []
    cur: list[Token] = []
    meta: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    sents.append(
                        Sentence(cur, text=meta.get("text"), newpar="newpar" in meta or "newdoc" in meta,
                                 newdoc="newdoc" in meta, doc_id=meta.get("sent_id", ""))
                    )
                cur, meta = [], {}
                continue
            if line.startswith("#"):
                body = line[1:].strip()
                if body.startswith("text ="):
                    meta["text"] = body[len("text =") :].strip()
                elif body.startswith("newpar"):
                    meta["newpar"] = True
                elif body.startswith("newdoc"):
                    meta["newdoc"] = True
                elif body.startswith("sent_id ="):
                    meta["sent_id"] = body[len("sent_id =") :].strip()
                continue
            cols = line.split("\t")
            if len(cols) < 10 or "-" in cols[0] or "." in cols[0]:
                continue
            space = "SpaceAfter=No" not in cols[9]
            cur.append(Token(cols[1], cols[2], cols[3], "O", space))
    if cur:
        sents.append(Sentence(cur, text=meta.get("text"), newpar="newpar" in meta, doc_id=meta.get("sent_id", "")))
    return sents


def join_tokens(tokens: list[Token]) -> tuple[str, list[int]]:
    """Text of the tokens and the character offset of each token."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for tok in tokens:
        offsets.append(pos)
        parts.append(tok.form)
        pos += len(tok.form)
        if tok.space_after:
            parts.append(" ")
            pos += 1
    return "".join(parts).rstrip(" "), offsets


def ud_paragraphs(sents: list[Sentence]) -> Iterator[list[Sentence]]:
    """Group UD sentences into paragraphs (``# newpar`` / ``# newdoc``)."""
    cur: list[Sentence] = []
    for s in sents:
        if (s.newpar or s.newdoc) and cur:
            yield cur
            cur = []
        cur.append(s)
    if cur:
        yield cur
