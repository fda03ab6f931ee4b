"""Where two coders' coding of the same material differs — prompts for a team
discussion, not a reliability score.

For every code and document both coders worked in: spans coded by both (the
same span), partial overlaps (with the exact characters only one of them
coded), spans only A coded and spans only B coded. Per code, an *overlap
share* (characters both coded ÷ characters either coded) describes how far
the two codings differ; reflexive thematic analysis treats coding as
interpretation, so this is never a measure of reliability or validity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.coders import find_coder, shown
from tema.domain.documents import document_text
from tema.errors import InvalidInput, NotFound
from tema.i18n import N_, _
from tema.store import models as m
from tema.text import nb_sort_key

# English, as the comparison export writes them; marked for the catalogue, so that the
# terminal UI can show them in the interface's language (_(OVERLAP_NOTE), _(KINDS[kind])).
OVERLAP_NOTE = N_(
    "Overlap share = characters both coders coded with the code ÷ characters either coded with it. "
    "It describes where the coding differs, as a prompt for discussion; it is not a reliability "
    "or validity score (reflexive thematic analysis treats coding as interpretation)."
)

KINDS = {"both": N_("coded by both"), "partial": N_("partial overlap"), "only_a": N_("only {a}"),
         "only_b": N_("only {b}")}

Span = tuple[int, int]


@dataclass(frozen=True)
class Difference:
    document: str
    code: str
    kind: str  # both | partial | only_a | only_b
    a: Span | None  # A's span (None when only B coded here)
    b: Span | None
    only_a: tuple[Span, ...]  # characters A coded here and B did not
    only_b: tuple[Span, ...]
    text_a: str
    text_b: str
    document_id: int = 0


@dataclass
class CodeSummary:
    code: str
    codings_a: int = 0
    codings_b: int = 0
    both: int = 0
    partial: int = 0
    only_a: int = 0
    only_b: int = 0
    chars_a: int = 0
    chars_b: int = 0
    chars_both: int = 0

    @property
    def overlap_share(self) -> float | None:
        union = self.chars_a + self.chars_b - self.chars_both
        return None if union == 0 else self.chars_both / union


@dataclass
class Comparison:
    coder_a: str
    coder_b: str
    documents: list[str]
    differences: list[Difference] = field(default_factory=list)
    summaries: list[CodeSummary] = field(default_factory=list)

    def kind_label(self, kind: str) -> str:
        return KINDS[kind].format(a=self.coder_a, b=self.coder_b)


def coders_with_codings(session: Session) -> list[tuple[str, int]]:
    """(coder's shown name, codings in live documents) of everyone who has coded, most first."""
    stmt = (
        select(func.coalesce(m.Coder.display_name, m.Coder.name), func.count(m.Coding.id))
        .join(m.Coding, m.Coding.coder_id == m.Coder.id)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None))
        .group_by(m.Coder.id, m.Coder.name, m.Coder.display_name)
    )
    return sorted(((name, int(n)) for name, n in session.execute(stmt)), key=lambda r: (-r[1], nb_sort_key(r[0])))


# ---- interval arithmetic ---------------------------------------------------------------


def union(spans: list[Span]) -> list[Span]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: list[Span], b: list[Span]) -> list[Span]:
    """Parts of the (merged) spans ``a`` not covered by the (merged) spans ``b``."""
    out: list[Span] = []
    for s, e in a:
        cur = s
        for bs, be in b:
            if be <= cur or bs >= e:
                continue
            if bs > cur:
                out.append((cur, bs))
            cur = max(cur, be)
        if cur < e:
            out.append((cur, e))
    return out


def length(spans: list[Span]) -> int:
    return sum(e - s for s, e in spans)


# ---- the comparison ---------------------------------------------------------------------


def _coder(session: Session, name: str):
    c = find_coder(session, name)
    if c is None:
        names = ", ".join(sorted(session.scalars(select(func.coalesce(m.Coder.display_name, m.Coder.name))),
                                 key=nb_sort_key)) or _("none")
        raise NotFound(_("--coder {name!r}: no such coder in this project (coders: {names})").format(name=name, names=names))
    return c


def compare_coders(session: Session, coder_a: str, coder_b: str, *, doc_id: int | None = None) -> Comparison:
    """Differences between two coders' codings, per code and document."""
    a, b = _coder(session, coder_a), _coder(session, coder_b)
    if a.id == b.id:
        raise InvalidInput(_("--coder {a!r} and --coder {b!r}: the same coder; name two different coders").format(a=coder_a, b=coder_b))
    C, D, K = m.Coding, m.Document, m.Code
    stmt = (
        select(C.coder_id, C.start, C.end, D.id, D.title, K.name)
        .join(D, D.id == C.document_id)
        .join(K, K.id == C.code_id)
        .where(C.coder_id.in_((a.id, b.id)), D.deleted_at.is_(None), K.deleted_at.is_(None))
    )
    if doc_id is not None:
        stmt = stmt.where(C.document_id == doc_id)
    groups: dict[tuple[int, str, str], tuple[list[Span], list[Span]]] = {}
    doc_has: dict[int, set[int | None]] = {}
    for coder_id, start, end, did, title, code in session.execute(stmt):
        spans = groups.setdefault((did, title, code), ([], []))
        spans[0 if coder_id == a.id else 1].append((start, end))
        doc_has.setdefault(did, set()).add(coder_id)
    # Only documents both coders worked in: elsewhere one of them simply did not code.
    shared = {d for d, who in doc_has.items() if len(who) == 2}
    result = Comparison(shown(a) or a.name, shown(b) or b.name, sorted({t for (d, t, _c) in groups if d in shared}, key=nb_sort_key))
    texts = {d: document_text(session, d) for d in shared}
    summaries: dict[str, CodeSummary] = {}
    for (did, title, code), (spans_a, spans_b) in sorted(groups.items(), key=lambda kv: (nb_sort_key(kv[0][2]), nb_sort_key(kv[0][1]))):
        if did not in shared:
            continue
        summary = summaries.setdefault(code, CodeSummary(code))
        result.differences.extend(_differences((did, title), code, sorted(set(spans_a)), sorted(set(spans_b)), texts[did], summary))
    result.summaries = sorted(summaries.values(), key=lambda s: nb_sort_key(s.code))
    return result


def _differences(doc: tuple[int, str], code: str, spans_a: list[Span], spans_b: list[Span], text: str,
                 summary: CodeSummary) -> list[Difference]:
    did, title = doc
    ua, ub = union(spans_a), union(spans_b)
    summary.codings_a += len(spans_a)
    summary.codings_b += len(spans_b)
    summary.chars_a += length(ua)
    summary.chars_b += length(ub)
    summary.chars_both += length(intersect(ua, ub))
    out: list[Difference] = []
    set_b = set(spans_b)
    for sa in spans_a:
        if sa in set_b:
            summary.both += 1
            out.append(Difference(title, code, "both", sa, sa, (), (), text[sa[0]:sa[1]], text[sa[0]:sa[1]], did))
            continue
        partners = [sb for sb in spans_b if sb[0] < sa[1] and sa[0] < sb[1]]
        if not partners:
            summary.only_a += 1
            out.append(Difference(title, code, "only_a", sa, None, (sa,), (), text[sa[0]:sa[1]], "", did))
            continue
        for sb in partners:
            summary.partial += 1
            oa, ob = subtract([sa], [sb]), subtract([sb], [sa])
            out.append(Difference(title, code, "partial", sa, sb, tuple(oa), tuple(ob), text[sa[0]:sa[1]], text[sb[0]:sb[1]], did))
    for sb in spans_b:
        if not any(sa[0] < sb[1] and sb[0] < sa[1] for sa in spans_a):
            summary.only_b += 1
            out.append(Difference(title, code, "only_b", None, sb, (), (sb,), "", text[sb[0]:sb[1]], did))
    out.sort(key=lambda d: (d.a or d.b or (0, 0))[0])  # each difference has a span of a or b
    return out


# ---- as tables (for the terminal, Markdown and spreadsheets) ------------------------------


def _spans(spans) -> str:
    return ", ".join(f"{s}–{e}" for s, e in spans) if spans else ""


def difference_table(cmp: Comparison) -> tuple[list[str], list[list]]:
    headers = ["Code", "Document", "Where", f"{cmp.coder_a}: span", f"{cmp.coder_b}: span",
               f"only {cmp.coder_a}", f"only {cmp.coder_b}", "Text"]
    rows = []
    for d in cmp.differences:
        text = d.text_a if d.kind in ("both", "only_a") else d.text_b if d.kind == "only_b" else d.text_a
        if d.kind == "partial":
            text = f"{cmp.coder_a}: {d.text_a} | {cmp.coder_b}: {d.text_b}"
        rows.append([d.code, d.document, cmp.kind_label(d.kind), _spans([d.a] if d.a else []),
                     _spans([d.b] if d.b else []), _spans(d.only_a), _spans(d.only_b), " ".join(text.split())])
    return headers, rows


def summary_table(cmp: Comparison) -> tuple[list[str], list[list]]:
    headers = ["Code", f"codings {cmp.coder_a}", f"codings {cmp.coder_b}", "same span", "partial overlap",
               f"only {cmp.coder_a}", f"only {cmp.coder_b}", "overlap share (describes difference, not reliability)"]
    rows = []
    for s in cmp.summaries:
        share = "—" if s.overlap_share is None else f"{s.overlap_share:.0%}"
        rows.append([s.code, s.codings_a, s.codings_b, s.both, s.partial, s.only_a, s.only_b, share])
    return headers, rows
