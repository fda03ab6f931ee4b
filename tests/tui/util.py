"""Reading the store after the app ran (domain reads only)."""

from __future__ import annotations

from tema.domain import documents, segments
from tema.store import models as m


def doc_id(store, title: str) -> int:
    with store.session() as s:
        return documents.find_document(s, title).id


def sentences(store, title: str) -> list[tuple[int, int]]:
    with store.session() as s:
        return [(a, b) for a, b, _ in segments.segment_spans(s, doc_id(store, title))]


def text_of(store, title: str) -> str:
    with store.session() as s:
        return documents.document_text(s, doc_id(store, title))


def codings(store) -> list[dict]:
    with store.session() as s:
        out = []
        for c in s.query(m.Coding).order_by(m.Coding.id):
            out.append({
                "code": c.code.name, "level": c.code.level, "start": c.start, "end": c.end, "text": c.text,
                "document": c.document.title, "coder": c.coder.name if c.coder else None,
                "perspectives": sorted(link.perspective.name for link in c.perspective_links),
            })
        return out


def busy(app) -> bool:
    """A read of the app or of a screen is on its way (tema.tui.loading; the language
    pipeline loading in the background aside)."""
    if any(w.group != "warm" and not w.is_finished for w in app.workers):
        return True
    nodes = [app, *app.screen_stack, *getattr(app, "phase_screens", {}).values()]
    return any(getattr(node, "loading", False) for node in nodes)


async def settle(pilot) -> None:
    """Let the reads in workers arrive and the panels' deferred repaints happen (waiting
    for them, not for a fixed time)."""
    from tema.tui.widgets.codings_panel import CodingsPanel

    await wait_until(pilot, lambda: not busy(pilot.app), what="the screens' reads")
    await pilot.pause()
    await wait_until(pilot, lambda: not any(p.pending for p in pilot.app.screen.query(CodingsPanel)),
                     what="the codings panel's repaint")
    await pilot.pause()


def matrix_cells(screen) -> tuple[list[str], dict[str, tuple[str | None, dict[str, int]]]]:
    """The phase 4 theme × participant matrix as shown: (participants, theme name →
    (label or None, count per participant, empty cells left out))."""
    matrix = screen.query_one("#review-matrix")
    people = matrix.header[1:]
    shown = {}
    for name, cells in matrix.rows:
        label, _, rest = name.strip(" └").partition(" ")
        labelled = label[:1].isdigit()  # labels: 1, 1a …
        shown[rest if labelled else name.strip(" └")] = (label if labelled else None,
                                                         {p: int(v) for p, v in zip(people, cells) if v != "·"})
    return people, shown


async def wait_until(pilot, condition, *, timeout: float = 10.0, what: str = "the condition") -> None:
    """Let the app run (timers, workers, messages) until ``condition()`` holds; fail
    after ``timeout`` seconds. A wait for a condition, never a fixed sleep."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause()


def record_notices(app) -> list[str]:
    """Every notification the app shows from now on (wraps the public ``App.notify``)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message, *args, **kw):
        shown.append(str(message))
        return notify(message, *args, **kw)

    app.notify = recording
    return shown


async def palette_pick(pilot, text: str) -> None:
    """Open the command palette, type ``text`` and wait until the palette lists a command
    containing it (its search runs asynchronously) before Enter runs the highlighted one."""
    from textual.command import CommandList

    await pilot.press("ctrl+p", *text)

    def listed() -> bool:
        lists = pilot.app.screen.query(CommandList)
        if not lists or lists.first().highlighted is None:
            return False
        option = lists.first().get_option_at_index(lists.first().highlighted)
        return text.casefold() in str(option.prompt).casefold()

    await wait_until(pilot, listed, what=f"the palette to list «{text}»")
    await pilot.press("enter")


async def no_toasts(pilot) -> None:
    """Clear the notifications and wait until no toast is drawn (toasts carry times)."""
    pilot.app.clear_notifications()
    await wait_until(pilot, lambda: not pilot.app.screen.query("Toast"), what="the toasts to go")
