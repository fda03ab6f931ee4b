"""Names of the anchors tema puts in a Word codebook, shared by the writer
(``tema.export.docx_parts``) and the reader (``tema.ingest.docx_comments``).

A bookmark per theme, subtheme, code and quoted extract: ``tema_theme_12``,
``tema_code_3``, ``tema_coding_77``; a feedback thread in the appendix:
``tema_feedback_5``; a part about the project as a whole (title page, overview,
appendices): ``tema_project``. A second bookmark on the same item (a code placed in two
themes, an extract quoted twice) gets ``_2``, ``_3`` … — Word needs bookmark names to be
unique, at most 40 characters, letters, digits and underscores. The models have no
uuids, so ids are used, and the project's id travels in the document's custom
properties (``PROJECT_PROPERTY``) and in one more bookmark (``tema_p_<id>``), so a
codebook of another project is recognised.
"""

from __future__ import annotations

import re

KINDS = ("theme", "code", "coding", "feedback", "project")
PROJECT_PROPERTY = "tema.project"
DOCUMENT_PROPERTY = "tema.document"
PREFIX = "tema_"
_NAME = re.compile(r"^tema_(theme|code|coding|feedback)_(\d+)(?:_\d+)?$|^tema_(project)(?:_\d+)?$")
_PROJECT_ID = re.compile(r"^tema_p_([0-9a-f]{32})$")


def anchor_name(kind: str, target_id: int | None, occurrence: int = 1) -> str:
    if kind not in KINDS:
        raise ValueError(f"anchor kind {kind!r}")
    base = f"{PREFIX}project" if kind == "project" else f"{PREFIX}{kind}_{int(target_id or 0)}"
    return base if occurrence <= 1 else f"{base}_{occurrence}"


def parse_anchor(name: str) -> tuple[str, int | None] | None:
    """(kind, id) of a tema bookmark name; None for any other bookmark (Word's own _Toc…)."""
    match = _NAME.match(name or "")
    if match is None:
        return None
    if match.group(3):
        return ("project", None)
    return (match.group(1), int(match.group(2)))


def project_bookmark(uid: str) -> str:
    return f"{PREFIX}p_{uid}"


def project_from_bookmark(name: str) -> str | None:
    match = _PROJECT_ID.match(name or "")
    return match.group(1) if match else None
