"""Copying the reader's selection (y or ctrl+c) — through Textual's App.copy_to_clipboard,
which sends OSC 52 so it works over SSH too. With the pseudonymised view on (ctrl+n) the
copy is pseudonymised as an export is: whole pseudonyms (not the view's same-length
masks), and a name the selection only partly covers is replaced whole, never half
leaked."""

from __future__ import annotations

from tema.domain import pseudonyms
from tema.domain.documents import document_text


def selection_text(session, doc_id: int, start: int, end: int, *, pseudonymised: bool = False) -> str:
    """The text of [start, end) of a document, as it should be pasted (line breaks as \\n)."""
    text = document_text(session, doc_id)
    if not pseudonymised:
        return text[start:end].replace("\r\n", "\n")
    pz = pseudonyms.Pseudonymizer.for_session(session)
    out, pos = [], start
    for a, b, repl in pseudonyms.replacements(pz, text):
        if b <= start or a >= end:
            continue
        if a > pos:
            out.append(text[pos:a])
        out.append(repl)
        pos = max(pos, b)
    if pos < end:
        out.append(text[pos:end])
    return "".join(out).replace("\r\n", "\n")
