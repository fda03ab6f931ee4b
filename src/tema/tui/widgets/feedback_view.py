"""Feedback beside the item it belongs to: a supervisor's comments and the replies, each
"Supervisor (Eva, 12.03): …", replies indented, open (●) or resolved (✓).

``FeedbackView`` shows the threads on a theme (phases 4–5) or on extracts (phases 2 and
6), read by id in a worker (tema.domain.feedback_views) and painted when they arrive;
it is hidden while there is none. ``show_for(kind, ids)`` reads the threads on those
items; ``load_document(doc_id)`` reads those on every coding of a transcript once, and
``show_pooled(coding_ids)`` then shows the ones at the cursor without reading;
``load_items(kind, ids)`` does the same for the items of a list. Given ``marks`` (the
selector of an OptionList of those items on the same screen), the view reads the
feedback of every listed item and marks those with feedback in the list (● open,
✓ resolved only), and ``show_for`` shows the highlighted one's at once from what was read.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList, Static

from tema.domain.feedback import FeedbackItem
from tema.domain.feedback_views import feedback_in_document, feedback_on
from tema.errors import TemaError
from tema.i18n import _, ngettext


def who(item: FeedbackItem) -> str:
    """«Supervisor (Eva, 12.03)» for a comment from the codebook, «Reply (Kari, 13.03)» for one written in tema."""
    role = _("Supervisor") if item.origin == "docx" else _("Reply")
    when = f"{item.date:%d.%m}"
    return f"{role} ({item.author}, {when})" if item.author else f"{role} ({when})"


def thread_text(thread: FeedbackItem, *, target: bool = False) -> Text:
    """One thread: its first comment marked open/resolved (``target``: and what it is on), the replies indented."""
    out = Text()
    resolved = thread.status == "resolved"
    out.append("✓ " if resolved else "● ", style="green" if resolved else "bold yellow")
    out.append(who(thread) + ": ", style="bold dim" if resolved else "bold")
    out.append(" ".join(thread.text.split()), style="dim" if resolved else "")
    if resolved:
        out.append("  " + _("(resolved)"), style="italic dim")
    if target and thread.target:
        out.append("\n    " + _("on {item}").format(item=thread.target), style="italic dim")
    for reply in thread.replies:
        out.append("\n    ↳ ", style="dim")
        out.append(who(reply) + ": ", style="bold dim" if resolved else "bold")
        out.append(" ".join(reply.text.split()), style="dim" if resolved else "")
    return out


def feedback_text(threads: Sequence[FeedbackItem]) -> Text:
    """Several threads, open ones first, each as ``thread_text``."""
    ordered = sorted(threads, key=lambda t: (t.status == "resolved", t.date, t.id))
    return Text("\n").join(thread_text(t) for t in ordered)


def title_of(threads: Sequence[FeedbackItem]) -> str:
    n_open = sum(1 for t in threads if t.status != "resolved")
    return ngettext("Feedback ({n} open)", "Feedback ({n} open)", n_open).format(n=n_open) if n_open \
        else _("Feedback (resolved)")


class OptionMarks:
    """Marks an OptionList's items that have feedback (● open, ✓ resolved only) at the end
    of their first line, and takes the marks off again; keeps each item's own prompt."""

    def __init__(self) -> None:
        self.own: dict[str, Text] = {}  # option id → its prompt before it was marked
        self.set: dict[str, Text] = {}  # option id → the marked prompt put in its place

    def apply(self, options: OptionList, marked: dict[int, bool]) -> None:
        for index in range(options.option_count):
            option = options.get_option_at_index(index)
            if option.id is None or not isinstance(option.prompt, Text):
                continue
            own = self.own[option.id] if self.set.get(option.id) is option.prompt else option.prompt
            has = marked.get(int(option.id)) if option.id.isdigit() else None
            if has is None:
                if own is not option.prompt:
                    options.replace_option_prompt(option.id, own)
                self.set.pop(option.id, None)
                continue
            end = own.plain.find("\n")
            head, *rest = own.divide([end]) if end >= 0 else [own]
            prompt = Text.assemble(head, ("  ●" if has else "  ✓", "bold yellow" if has else "green"), *rest)
            if self.set.get(option.id) is option.prompt and option.prompt.plain == prompt.plain:
                continue  # marked so already
            options.replace_option_prompt(option.id, prompt)
            self.own[option.id], self.set[option.id] = own, prompt


class FeedbackView(Static):
    DEFAULT_CSS = """
    FeedbackView {
        height: auto; max-height: 10; overflow-y: auto; display: none;
        border: round $warning 50%; border-title-color: $warning; padding: 0 1;
    }
    """

    class Read(Message, bubble=False):
        def __init__(self, key: tuple, threads: dict[int, list[FeedbackItem]] | None) -> None:
            super().__init__()
            self.key, self.threads = key, threads

    def __init__(self, *, id: str | None = None, marks: str | None = None) -> None:
        super().__init__("", id=id)
        self.marks = marks  # the OptionList whose items are marked (a selector), if any
        self.option_marks = OptionMarks()
        self.key: tuple = ()  # what is asked for: ("theme", (ids…)), ("pool", "document", id), ("pool", kind, ids)
        self.threads: list[FeedbackItem] = []  # what is shown
        self.pool: dict[int, list[FeedbackItem]] = {}  # item id → its threads (a document's codings, a list's items)
        self.pool_ids: tuple[int, ...] = ()  # the items whose threads show from the pool
        self.shown_text = ""  # what is shown, as plain text (empty while hidden)
        self._painted = False  # paint() has run (before it, even "no threads" is to be shown)

    # --- asking ---------------------------------------------------------------------
    def show_for(self, kind: str, ids: Sequence[int | None]) -> None:
        """Show the threads on these items of ``kind`` (read in a worker; nothing: hidden)."""
        wanted = tuple(sorted({i for i in ids if i is not None}))
        if self.marks is not None:  # the whole list's feedback, read again (it may have changed)
            listed = self._listed()
            if self.key[:2] == ("pool", kind):
                self.show_pooled(wanted)  # at once, from the last read
            self.pool_ids = wanted
            self.load_items(kind, [*listed, *wanted])
            return
        self.key = (kind, wanted)
        if not wanted:
            self.paint([])
            return
        self._read(self.key, partial(feedback_on, kind=kind, ids=wanted))

    def _listed(self) -> list[int]:
        options = self.screen.query_one(self.marks, OptionList) if self.marks else None
        if options is None:
            return []
        found = (options.get_option_at_index(i).id for i in range(options.option_count))
        return [int(i) for i in found if i and i.isdigit()]

    def load_document(self, doc_id: int | None) -> None:
        """Read the threads on every coding of a document into the pool (``show_pooled``
        then shows those at the cursor without reading)."""
        self.key = ("pool", "coding", ("document", doc_id))
        if doc_id is None:
            self.pool = {}
            self.paint([])
            return
        self._read(self.key, partial(feedback_in_document, document_id=doc_id))

    def load_items(self, kind: str, ids: Sequence[int]) -> None:
        """Read the threads on every item of a list into the pool (see ``load_document``)."""
        wanted = tuple(sorted(set(ids)))
        self.key = ("pool", kind, wanted)
        if not wanted:
            self.pool = {}
            self.paint([])
            self._mark({})
            return
        self._read(self.key, partial(feedback_on, kind=kind, ids=wanted))

    def show_pooled(self, ids: Sequence[int]) -> None:
        """The threads on these items of the pool (no read)."""
        self.pool_ids = tuple(ids)
        if self.key and self.key[0] == "pool":
            self.paint([t for i in self.pool_ids for t in self.pool.get(i, [])])

    # --- reading and painting ----------------------------------------------------------
    def _read(self, key: tuple, fetch) -> None:
        read = self.app.read  # type: ignore[attr-defined]

        def work() -> None:
            try:
                found = read(fetch, catch=False)
            except TemaError:
                found = None  # the view says nothing; the screen reports its own reads' failures
            self.post_message(self.Read(key, found))

        self.run_worker(work, thread=True, exclusive=True, group="feedback-view", exit_on_error=False)

    def on_feedback_view_read(self, message: FeedbackView.Read) -> None:
        message.stop()
        if message.key != self.key:
            return  # asked for something else since
        found = message.threads or {}
        if self.key[0] == "pool":
            self.pool = found
            self.paint([t for i in self.pool_ids for t in self.pool.get(i, [])])
            self._mark({i: any(t.status != "resolved" for t in ts) for i, ts in found.items()})
        else:
            self.paint([t for tid in self.key[1] for t in found.get(tid, [])])

    def _mark(self, marked: dict[int, bool]) -> None:
        if self.marks is not None:
            self.option_marks.apply(self.screen.query_one(self.marks, OptionList), marked)

    def paint(self, threads: list[FeedbackItem]) -> None:
        if self._painted and threads == self.threads:
            return  # as shown (moving the cursor between extracts without feedback re-lays out nothing)
        self._painted = True
        self.threads = threads
        self.display = bool(threads)
        text = feedback_text(threads) if threads else Text("")
        self.shown_text = text.plain
        self.border_title = title_of(threads) if threads else ""
        self.update(text)


__all__ = ["FeedbackView", "OptionMarks", "feedback_text", "thread_text", "who"]
