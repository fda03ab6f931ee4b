"""Documents are read ahead: while `d`'s chooser is open, or phase 1's document list has the
focus, the highlighted transcript is read and laid out in a worker, so Enter shows it in
the same frame instead of one read (tens of milliseconds for a long transcript) later.

At most one read ahead runs at a time: holding ↓ through a long list starts one read, and
when it ends the read of whatever is highlighted then — never a thread per keypress. What
was read ahead is used only if nothing changed since (``TemaApp.data_generation``: every
action, undo and change by another process counts), for the same view width and the same
pseudonymised or not; otherwise Enter reads as before. A failed read ahead says nothing
(the open that follows reports it)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from tema.tui.reads import read_document

if TYPE_CHECKING:
    from tema.tui.transcript_model import TranscriptModel

PrefetchKey = tuple[int, bool, int, int]  # document, pseudonymised, width, data generation


class DocumentPrefetch:
    """Mixed into the transcript screens (needs ``self.tema``, ``self.view``, ``self.model``
    and ``Loads.load``)."""

    _prefetch_want: int | None = None  # the document highlighted in the chooser or the list
    _prefetch_busy = False  # a read ahead is on its way
    _prefetched: tuple[PrefetchKey, TranscriptModel] | None = None

    def prefetch_key(self, doc_id: int) -> PrefetchKey:
        tema: Any = self.tema  # type: ignore[attr-defined]
        return doc_id, tema.pseudonymised, self.view.text_width, tema.data_generation  # type: ignore[attr-defined]

    def prefetch(self, doc_id: int | None) -> None:
        """The chooser or phase 1's list highlights ``doc_id`` (None: the chooser closed)."""
        model = self.model  # type: ignore[attr-defined]
        self._prefetch_want = None if model is not None and model.doc_id == doc_id else doc_id
        if doc_id is None:
            self._prefetched = None
        if self._prefetch_want is not None and not self._prefetch_busy:
            self._start_prefetch(self._prefetch_want)

    def take_prefetched(self, doc_id: int) -> TranscriptModel | None:
        """The model read ahead for ``doc_id`` if still true now (then forgotten), else None."""
        ready, self._prefetched, self._prefetch_want = self._prefetched, None, None
        return ready[1] if ready is not None and ready[0] == self.prefetch_key(doc_id) else None

    def _start_prefetch(self, doc_id: int) -> None:
        key = self.prefetch_key(doc_id)
        if self._prefetched is not None and self._prefetched[0] == key:
            return
        self._prefetch_busy = True
        self.load("prefetch", read_document, partial(self._prefetch_read, key),  # type: ignore[attr-defined]
                  self.tema, *key[:3])  # type: ignore[attr-defined]

    def _prefetch_read(self, key: PrefetchKey, model: TranscriptModel) -> None:
        self._prefetch_busy = False
        want = self._prefetch_want
        if want is None:  # the chooser closed meanwhile: keep nothing
            return
        self._prefetched = (key, model)
        if want != key[0]:
            self._start_prefetch(want)

    def prefetch_failed(self) -> None:
        """Say nothing: the open after Enter reads again and reports what is wrong."""
        self._prefetch_busy = False
