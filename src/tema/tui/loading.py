"""Reads off the UI thread: the UI thread only paints.

``Loads.load(key, fetch, show, *args)`` runs ``fetch(*args)`` — domain reads through the
app's gateway (``self.tema.read(fn, …, catch=False)``), returning plain values — in a
thread worker (``run_worker(thread=True, exclusive=True, exit_on_error=False)``, one
group per key), posts the result back as a ``Fetched`` message, and ``show(result)`` then
paints it on the UI thread. A newer load of the same key supersedes an older one (its
result, when it arrives, is dropped), so a burst of changes paints once, with the newest
data. A ``TemaError`` goes to ``load_failed`` (a one-line notice); any other exception is
raised on the UI thread, as if the read had run there.

``loading`` says whether a load is still on its way (tests and benchmarks wait for it to
be False; a widget may show "Loading…").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.message import Message
from textual.worker import get_current_worker

from tema.errors import TemaError


class Fetched(Message, bubble=False):
    """What a load read, for the node that asked (see ``Loads``)."""

    def __init__(self, key: str, token: int, show: Callable[[Any], None], data: Any,
                 error: BaseException | None) -> None:
        super().__init__()
        self.key, self.token, self.show, self.data, self.error = key, token, show, data, error


class Loads:
    """Mixed into a Screen (or any widget): ``load`` and the ``Fetched`` handler."""

    def load(self, key: str, fetch: Callable[..., Any], show: Callable[[Any], None], /, *args: Any, **kw: Any) -> None:
        """Read ``fetch(*args, **kw)`` in a worker, then ``show(result)`` on the UI thread."""
        asked = self.__dict__.setdefault("_loads_asked", {})
        asked[key] = token = asked.get(key, 0) + 1
        self.run_worker(  # type: ignore[attr-defined]
            partial(self._load_in_thread, key, token, fetch, show, args, kw),
            name=f"load {key}", group=f"load-{key}", thread=True, exclusive=True, exit_on_error=False,
        )

    def _load_in_thread(self, key: str, token: int, fetch: Callable[..., Any], show: Callable[[Any], None],
                        args: tuple, kw: dict) -> None:
        try:
            data, error = fetch(*args, **kw), None
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread (see on_fetched)
            data, error = None, exc
        if not get_current_worker().is_cancelled:
            self.post_message(Fetched(key, token, show, data, error))  # type: ignore[attr-defined]

    def on_fetched(self, message: Fetched) -> None:
        message.stop()
        if self.__dict__.get("_loads_asked", {}).get(message.key) != message.token:
            return  # a newer load of the same key is on its way
        self.__dict__.setdefault("_loads_done", {})[message.key] = message.token
        if message.error is None:
            message.show(message.data)
        elif isinstance(message.error, TemaError):
            self.load_failed(message.key, message.error)
        else:
            raise message.error

    def drop(self, key: str) -> None:
        """Forget a load of ``key`` on its way (a newer read covers what it would show)."""
        asked = self.__dict__.setdefault("_loads_asked", {})
        if key in asked:
            asked[key] += 1
            self.__dict__.setdefault("_loads_done", {})[key] = asked[key]

    @property
    def loading(self) -> bool:
        """A load is on its way (asked, not yet shown)."""
        done = self.__dict__.get("_loads_done", {})
        return any(done.get(k) != t for k, t in self.__dict__.get("_loads_asked", {}).items())

    def load_failed(self, key: str, exc: TemaError) -> None:
        """A load's read failed: say so in one line (what is shown stays)."""
        self.app.report(exc, refresh=False)  # type: ignore[attr-defined]
