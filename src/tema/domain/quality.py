"""Quality prompts (Braun & Clarke 2022): things worth a second look in phases 4–5.

They are prompts, never verdicts and never blocking: each is a question the researcher
may answer by changing nothing. The rules, exactly:

``no_definition``
    A live, non-discarded theme or subtheme whose definition is empty (blank).
``topic_name``
    No central organising concept written, and the name looks like a topic label
    (:func:`looks_like_topic`): it contains none of :data:`CLAIM_WORDS` (common finite
    verbs, ``å``, ``ikke``) and either starts with one of :data:`TOPIC_OPENERS` (whole words)
    ("Barrierer for", "Samarbeid", "Betydning av", "Rollen", …) or has at most
    :data:`TOPIC_MAX_WORDS` words.
``no_participant``
    Live documents that belong to no participant (one prompt naming how many and which):
    their extracts count for nobody in the matrix and the participant tables.
``one_participant``
    The theme's codings (a theme's own codes plus its live subthemes' codes; a
    subtheme's own codes), in live documents that belong to a participant, come from
    fewer than 2 participants (one, or none yet). When it has codings only in documents
    without a participant, the prompt says so instead.
``one_guide_section``
    At least one of the theme's codings overlaps a span tagged to an interview-guide
    section (GuideTag), and every coding that overlaps a tagged span overlaps spans of
    one and the same section.
``code_in_many_themes``
    A code placed in :data:`MANY_THEMES` or more live, non-discarded themes or subthemes
    (a theme and its subtheme count as two placements).
``sparse_coding``
    In a live document that has codings, a run of :data:`SPARSE_RUN` or more consecutive
    sentence segments that no coding (of a code not in the trash) overlaps.

Every rule is read with a fixed number of statements (aggregate queries and ordered
spans swept in Python), whatever the number of themes, codes, documents or codings.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from itertools import groupby

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from tema.domain import participants as participants_d
from tema.domain.theme_matrix import codings_per_code_and_participant, theme_families
from tema.domain.themes import placed_code_ids
from tema.i18n import N_, _, ngettext
from tema.store import models as m
from tema.text import nb_sort_key

MANY_THEMES = 3  # a code in this many themes (or more) is worth a look
SPARSE_RUN = 15  # this many consecutive uncoded sentences (or more) in a coded document
TOPIC_MAX_WORDS = 3  # a verb-less name this short reads like a topic label
TOPIC_OPENERS = (
    "barrierer for", "barrierer mot", "betydning av", "betydningen av", "rollen", "rolle", "samarbeid",
    "erfaringer med", "erfaring med", "opplevelser av", "opplevelse av", "utfordringer", "faktorer",
    "aspekter ved", "forhold ved", "om",
)
CLAIM_WORDS = frozenset({
    "er", "var", "blir", "ble", "har", "hadde", "kan", "kunne", "må", "måtte", "skal", "skulle", "vil", "ville",
    "får", "fikk", "gir", "ga", "tar", "tok", "gjør", "gjorde", "trenger", "mangler", "bærer", "står", "holder",
    "føler", "ser", "vet", "tør", "å", "ikke", "aldri",
})

KINDS: dict[str, str] = {  # kind → heading (English; shown through _()), in the order prompts are listed
    "no_participant": N_("Documents without a participant"),
    "no_definition": N_("No definition written"),
    "topic_name": N_("Named like a topic, no central organising concept"),
    "one_participant": N_("Carried by one participant"),
    "one_guide_section": N_("All extracts answer one interview-guide section"),
    "code_in_many_themes": N_("Codes sitting in many themes"),
    "sparse_coding": N_("Sparsely coded parts of transcripts"),
}


@dataclass(frozen=True)
class Prompt:
    kind: str
    theme_id: int | None
    code_id: int | None
    document_id: int | None
    message: str
    themes: tuple[int, ...] = ()  # code_in_many_themes: the themes the code sits in
    start: int | None = None  # sparse_coding: the uncoded characters start–end …
    end: int | None = None
    sentences: int | None = None  # … and how many sentences they are

    def concerns(self, theme_id: int) -> bool:
        """Whether the prompt is about this theme (or a code sitting in it)."""
        return self.theme_id == theme_id or theme_id in self.themes

    def as_dict(self) -> dict:
        d = asdict(self)
        d["themes"] = list(self.themes)
        return d


def looks_like_topic(name: str) -> bool:
    """A heuristic, not a judgement: no claim word, and a topic opener or a short name."""
    words = re.findall(r"\w+", name.casefold())
    if not words or any(w in CLAIM_WORDS for w in words):
        return False
    text = " ".join(words) + " "
    return len(words) <= TOPIC_MAX_WORDS or any(text.startswith(o.strip() + " ") for o in TOPIC_OPENERS)


def _theme_prompts(session: Session) -> list[Prompt]:
    families = theme_families(session)  # 2 statements
    people = {p.id: p.label or p.pseudonym for p in participants_d.list_participants(session)}  # 1
    per_code = codings_per_code_and_participant(session)  # 1
    unassigned = _codings_without_participant(session)  # 1
    guide = _guide_sections_per_code(session)  # 1
    out: dict[str, list[Prompt]] = {k: [] for k in KINDS}
    for fam in families:
        if not (fam.definition or "").strip():
            no_definition = (_("«{name}»: no definition yet — what does this subtheme capture, and where are its "
                               "edges?") if fam.parent_id is not None else
                             _("«{name}»: no definition yet — what does this theme capture, and where are its edges?"))
            out["no_definition"].append(Prompt("no_definition", fam.id, None, None, no_definition.format(name=fam.name)))
        if not (fam.central_concept or "").strip() and looks_like_topic(fam.name):
            out["topic_name"].append(Prompt(
                "topic_name", fam.id, None, None,
                _("«{name}» reads like a topic label and has no central organising concept written — "
                  "what shared meaning holds it together?").format(name=fam.name)))
        who = {p for c in fam.codes for p, n in per_code.get(c, {}).items() if n}
        if len(who) == 1:
            [only] = who
            out["one_participant"].append(Prompt(
                "one_participant", fam.id, None, None,
                _("«{name}» is carried by one participant ({participant}) — a pattern across the "
                  "dataset, or one person's story?").format(name=fam.name, participant=people.get(only, "?"))))
        elif not who and any(unassigned.get(c) for c in fam.codes):
            out["one_participant"].append(Prompt(
                "one_participant", fam.id, None, None,
                _("«{name}»: its extracts are all in documents with no participant — whose voices carry it? "
                  "(see «{heading}»)").format(name=fam.name, heading=_(KINDS["no_participant"]))))
        elif not who:
            out["one_participant"].append(Prompt(
                "one_participant", fam.id, None, None,
                _("«{name}» has no coded extracts from any participant yet — what in the data supports it?").format(
                    name=fam.name)))
        sections: dict[str, int] = {}
        for c in fam.codes:
            for heading, n in guide.get(c, {}).items():
                sections[heading] = sections.get(heading, 0) + n
        if len(sections) == 1:
            [(heading, n)] = sections.items()
            out["one_guide_section"].append(Prompt(
                "one_guide_section", fam.id, None, None,
                _("«{name}»: all its extracts tagged to the interview guide ({n}) answer «{heading}» — "
                  "a summary of that question, or a pattern of shared meaning?").format(name=fam.name, n=n,
                                                                                        heading=heading)))
    out["code_in_many_themes"] = _codes_in_many_themes(session, families)  # 1
    out["no_participant"] = no_participant_prompts(session)  # 1
    return [p for k in KINDS for p in out[k]]


def _codings_without_participant(session: Session) -> dict[int, int]:
    """{code id: codings in live documents that belong to no participant} (one GROUP BY)."""
    stmt = (
        select(m.Coding.code_id, func.count(m.Coding.id))
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None), m.Document.participant_id.is_(None),
               m.Coding.code_id.in_(placed_code_ids()))
        .group_by(m.Coding.code_id)
    )
    return {code_id: int(n) for code_id, n in session.execute(stmt)}


def no_participant_prompts(session: Session) -> list[Prompt]:
    """One prompt naming the live documents that belong to no participant (1 statement)."""
    titles = sorted(session.scalars(select(m.Document.title).where(
        m.Document.deleted_at.is_(None), m.Document.participant_id.is_(None))), key=nb_sort_key)
    if not titles:
        return []
    shown = ", ".join(f"«{t}»" for t in titles[:5])
    if len(titles) > 5:
        shown = _("{titles} and {n} more").format(titles=shown, n=len(titles) - 5)
    n = len(titles)
    return [Prompt("no_participant", None, None, None,
                   ngettext("{n} document has no participant ({titles}) — its extracts count for nobody in the "
                            "matrix and the participant tables; give it one with `tema participant PROJECT NAME "
                            "--doc TITLE`.",
                            "{n} documents have no participant ({titles}) — their extracts count for nobody in the "
                            "matrix and the participant tables; give them one with `tema participant PROJECT NAME "
                            "--doc TITLE`.", n).format(n=n, titles=shown))]


def _guide_sections_per_code(session: Session) -> dict[int, dict[str, int]]:
    """{code id: {section heading: codings overlapping a span tagged to it}} (one GROUP BY)."""
    # The (few) tagged spans are materialised first so the codings are read once, each
    # looking its document's tags up (else SQLite probes every code in every tag's document).
    tags = (
        select(m.GuideTag.document_id, m.GuideTag.start, m.GuideTag.end, m.GuideSection.heading)
        .join(m.GuideSection, m.GuideSection.id == m.GuideTag.section_id)
        .cte("tags")
        .prefix_with("MATERIALIZED")
    )
    stmt = (
        select(m.Coding.code_id, tags.c.heading, func.count(distinct(m.Coding.id)))
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .join(tags, (tags.c.document_id == m.Coding.document_id)
              & (tags.c.start < m.Coding.end) & (tags.c.end > m.Coding.start))
        .where(m.Document.deleted_at.is_(None), m.Coding.code_id.in_(placed_code_ids()))
        .group_by(m.Coding.code_id, tags.c.heading)
    )
    out: dict[int, dict[str, int]] = {}
    for code_id, heading, n in session.execute(stmt):
        out.setdefault(code_id, {})[heading] = n
    return out


def _codes_in_many_themes(session: Session, families) -> list[Prompt]:
    where: dict[int, list] = {}
    for fam in families:
        for c in fam.own_codes:
            where.setdefault(c, []).append(fam)
    names = dict(session.execute(
        select(m.Code.id, m.Code.name).where(m.Code.deleted_at.is_(None), m.Code.id.in_(placed_code_ids()))
    ).all())
    out = []
    for code_id, fams in where.items():
        if len(fams) >= MANY_THEMES and code_id in names:
            listed = ", ".join(f"«{f.name}»" for f in fams)
            out.append(Prompt(
                "code_in_many_themes", None, code_id, None,
                ngettext("Code «{name}» sits in {n} theme ({themes}) — does it mean the same in each, "
                         "or does it belong more to one of them?",
                         "Code «{name}» sits in {n} themes ({themes}) — does it mean the same in each, "
                         "or does it belong more to one of them?", len(fams)).format(
                    name=names[code_id], n=len(fams), themes=listed), themes=tuple(f.id for f in fams)))
    return out


def coding_fingerprint(session: Session) -> tuple:
    """Changes whenever a coding is added, removed or re-spanned, a document or code is
    trashed or restored, or a transcript resegmented (one aggregate statement): a screen may
    keep the sweep's prompts while it is unchanged."""
    segments = select(func.count(m.Segment.id) + func.coalesce(func.max(m.Segment.id), 0)).scalar_subquery()
    live = (select(func.count(m.Coding.id), func.max(m.Coding.id), func.sum(m.Coding.start + m.Coding.end), segments)
            .join(m.Code, m.Code.id == m.Coding.code_id).join(m.Document, m.Document.id == m.Coding.document_id)
            .where(m.Code.deleted_at.is_(None), m.Document.deleted_at.is_(None)))
    return tuple(int(v or 0) for v in session.execute(live).one())


def sparse_prompts(session: Session) -> list[Prompt]:
    """Runs of SPARSE_RUN+ uncoded sentences in coded live documents (3 statements, one sweep)."""
    coded_docs = (
        select(m.Coding.document_id).join(m.Code, m.Code.id == m.Coding.code_id).where(m.Code.deleted_at.is_(None))
    )
    docs: dict[int | None, tuple[str, int]] = {doc_id: (title, n_chars) for doc_id, title, n_chars in session.execute(
        select(m.Document.id, m.Document.title, m.Document.n_chars)
        .where(m.Document.deleted_at.is_(None), m.Document.id.in_(coded_docs))
    )}
    conn = session.connection()  # the two long reads as plain Core rows (no ORM row processing)
    spans: dict[int, list[tuple[int, int]]] = {}
    for doc_id, start, end in conn.execute(
        select(m.Coding.document_id, m.Coding.start, m.Coding.end)
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Code.deleted_at.is_(None), m.Document.deleted_at.is_(None))
        .order_by(m.Coding.document_id, m.Coding.start)
    ):
        spans.setdefault(doc_id, []).append((start, end))
    sentences = conn.execute(
        select(m.Segment.document_id, m.Segment.start, m.Segment.end)
        .join(m.Document, m.Document.id == m.Segment.document_id)
        .where(m.Segment.kind == "sentence", m.Document.deleted_at.is_(None), m.Segment.document_id.in_(coded_docs))
        .order_by(m.Segment.document_id, m.Segment.start)  # the (document, kind, start) index's order
    )
    out = []
    for doc_id, rows in groupby(sentences, key=lambda r: r[0]):
        if doc_id not in docs:
            continue
        title, size = docs[doc_id]
        for start, end, n in uncoded_runs([(r[1], r[2]) for r in rows], spans.get(doc_id, [])):
            where = _("characters {start}–{end}").format(start=start, end=end)
            if size:
                where = _("{where}, {first}–{last} % into the transcript").format(
                    where=where, first=100 * start // size, last=-(-100 * end // size))
            out.append(Prompt(
                "sparse_coding", None, None, doc_id,
                ngettext("«{title}»: {n} sentence in a row without a coding ({where}) — "
                         "worth revisiting, or left uncoded on purpose?",
                         "«{title}»: {n} sentences in a row without a coding ({where}) — "
                         "worth revisiting, or left uncoded on purpose?", n).format(title=title, n=n, where=where),
                start=start, end=end, sentences=n))
    return sorted(out, key=lambda p: (nb_sort_key(docs[p.document_id][0]), p.start))


def uncoded_runs(sentences: list[tuple[int, int]], codings: list[tuple[int, int]],
                 min_run: int = SPARSE_RUN) -> list[tuple[int, int, int]]:
    """(start, end, sentences) of each run of ``min_run``+ consecutive sentences that no
    coding overlaps. Both lists sorted by start; one pass over each."""
    runs: list[tuple[int, int, int]] = []
    j, reach = 0, -1  # codings[:j] start before the current sentence ends; reach = their furthest end
    first = last = n = 0
    for s_start, s_end in sentences:
        while j < len(codings) and codings[j][0] < s_end:
            reach = max(reach, codings[j][1])
            j += 1
        if reach > s_start:  # covered
            if n >= min_run:
                runs.append((first, last, n))
            n = 0
            continue
        if n == 0:
            first = s_start
        last, n = s_end, n + 1
    if n >= min_run:
        runs.append((first, last, n))
    return runs


def quality_prompts(session: Session, *, sparse: bool = True) -> list[Prompt]:
    """All prompts, in :data:`KINDS` order (themes in board order, documents by title).
    ``sparse=False`` leaves out the transcript sweep (phase 4 shows theme prompts only).
    8 statements, plus 3 for the sweep."""
    out = _theme_prompts(session)
    if sparse:
        out += sparse_prompts(session)
    return out


def grouped(prompts: list[Prompt]) -> list[tuple[str, list[Prompt]]]:
    """(heading, prompts) per kind that has any, in :data:`KINDS` order (headings in the
    interface's language)."""
    return [(_(title), [p for p in prompts if p.kind == kind]) for kind, title in KINDS.items()
            if any(p.kind == kind for p in prompts)]
