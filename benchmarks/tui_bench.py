"""Pilot benchmark of the TUI on a long transcript (not a test).

Builds a project with one generated 20,000-word transcript carrying 1,000 codings (and
a short second transcript, themes holding the codes), then drives the app with the Pilot
at 120×40 and prints p50/p95 per action: open transcript, move cursor, extend selection,
open picker, apply code, and switching to each phase screen. The baseline is an almost
empty Textual app whose key repaints one line, timed with the same Pilot round trip in
the same run: a Pilot press always includes Textual's own frame and idle waits, so the
figure to read is the action's time above that baseline. Reads run in workers, so each
action has two figures: the keypress (the UI thread is free again: "p95") and the
action done — its data read and painted ("done p95").

Start-up and the first search (``startup``): `tema open`'s path (open the project, make
the app, run it headless) in fresh interpreters, from the process's start to the first
screen drawn with its data, against an empty Textual app started the same way; then
the first `/` search of the session — right at the first paint (the pipeline may still
be loading) and once the background load is done.

    .venv/bin/python benchmarks/tui_bench.py [--words 20000] [--codings 1000] [--rounds 40]
    .venv/bin/python benchmarks/tui_bench.py --startup PROJECT [--rounds 5]   # e.g. projects/demo.tema

Run it with PYTHONDONTWRITEBYTECODE unset (or bytecode already written): otherwise
every start compiles tema's modules again. ``run(...)``, ``startup(...)`` and ``phases(...)``
return the same figures as dicts (for ``tema bench``).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "jeg vi de hun han familien barnet foreldrene koordinatoren kommunen skolen møtet planen tjenestene "
    "søsken avlastning vedtak hjelp tid hverdagen samarbeid ansvar kontakt trygghet behov ressurser "
    "egentlig altså liksom kanskje ofte aldri alltid sjelden gjerne veldig litt mye mer mindre "
    "snakker tenker føler prøver trenger får gjør ser sier venter ringer skriver møter hjelper "
    "med om til for på i av etter før under mellom sammen alene hjemme borte der her nå da "
    "godt vanskelig slitsomt viktig nytt gammelt lenge sent tidlig store små flere færre"
).split()
SPEAKERS = ["I", "Kari"]


def transcript(n_words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines, count, turn = [], 0, 0
    while count < n_words:
        speaker = SPEAKERS[turn % 2]
        sentences = []
        for _ in range(rng.randint(1, 2) if speaker == "I" else rng.randint(2, 7)):
            k = rng.randint(5, 16)
            words = [rng.choice(WORDS) for _ in range(k)]
            sentences.append(words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", ".", "?"]))
            count += k
        lines.append(f"{speaker}: " + " ".join(sentences))
        turn += 1
    return "\n".join(lines) + "\n"


def build(folder: Path, n_words: int, n_codings: int) -> tuple[Path, int]:
    from tema.domain import coders, codes, coding, documents, project, segments, themes
    from tema.ingest.importer import import_files
    from tema.store.db import create_store

    path = folder / "bench.tema"
    store = create_store(path)
    try:
        with store.transaction() as s:
            project.init_project(s, "TUI-benchmark")
            cid = coders.get_or_create_coder(s, "Benk").id
            for i in range(30):
                codes.create_code(s, f"Kode {i:02d} {WORDS[i]}", level="latent" if i % 3 else "semantic",
                                  definition=f"Definisjon av kode {i} om {WORDS[i + 30]}.", coder_id=cid)
        (folder / "lang.txt").write_text(transcript(n_words), encoding="utf-8")
        (folder / "kort.txt").write_text(transcript(400, seed=3), encoding="utf-8")
        import_files(store, [folder / "lang.txt", folder / "kort.txt"], coder="Benk")
        rng = random.Random(11)
        with store.transaction() as s:
            doc = documents.find_document(s, "lang")
            text = documents.document_text(s, doc.id)
            sents = [(a, b) for a, b, _ in segments.segment_spans(s, doc.id)]
            all_codes = [st.code for st in codes.code_stats(s)]
            done: set[tuple[int, int, int]] = set()
            while len(done) < n_codings:
                i = rng.randrange(len(sents))
                j = min(len(sents) - 1, i + rng.randint(0, 2))
                code = rng.choice(all_codes)
                key = (code.id, sents[i][0], sents[j][1])
                if key in done:
                    continue
                done.add(key)
                coding.apply_coding(s, doc, sents[i][0], sents[j][1], code, coder_id=cid, text=text)
            for t in range(5):  # themes holding the codes (phases 3-6 have something to show)
                top = themes.create_theme(s, f"Tema {t + 1} om {WORDS[40 + t]}", label=str(t + 1), coder_id=cid)
                sub = themes.create_theme(s, f"Deltema {t + 1}a", parent=top, label=f"{t + 1}a", coder_id=cid)
                for k, code in enumerate(all_codes[t * 5 : t * 5 + 5]):
                    themes.place_code(s, code, sub if k % 2 else top, cid)
        return path, doc.id
    finally:
        store.close()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(pct(ms, 0.95), 1)}


async def timed(pilot, *keys: str) -> float:
    t0 = time.perf_counter()
    await pilot.press(*keys)
    return (time.perf_counter() - t0) * 1000


async def baseline(rounds: int) -> list[float]:
    from textual.app import App
    from textual.widgets import Static

    class Empty(App):
        BINDINGS = [("x", "tick", "tick")]

        def compose(self):
            yield Static("0", id="n")

        def action_tick(self) -> None:
            w = self.query_one("#n", Static)
            w.update(str(int(str(w.render())) + 1))

    app = Empty()
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            async with Blocked() as blocked:
                out.append(await timed(pilot, "x"))
            BASELINE_BLOCKED.append(blocked.ms)
    return out


BASELINE_BLOCKED: list[float] = []  # the empty app's longest UI-thread stretch per key


def busy(app) -> bool:
    """A read of the app or a screen is on its way (tema.tui.loading; none before it existed)."""
    if any(w.group != "warm" and not w.is_finished for w in app.workers):
        return True
    nodes = [app, *app.screen_stack, *getattr(app, "phase_screens", {}).values()]
    return any(getattr(node, "loading", False) for node in nodes)


async def settled(pilot, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while busy(pilot.app) and time.perf_counter() < deadline:
        await pilot.pause()


# The ticker's period. Textual's Pilot waits after a key until the process used < 1 ms of
# CPU in a 20 ms window (textual._wait.wait_for_idle); a 1 ms ticker alone costs about that,
# so the wait ran to its limit now and then and added up to 0.5 s tails to every figure,
# the empty app's too. At 5 ms the ticker is invisible to that wait (empty app p95 64 ms
# with or without it) and still resolves a frozen UI to 5 ms.
TICK_S = 0.005


class Blocked:
    """The longest stretch the UI thread's event loop could not run (the longest gap of a
    ticker every ``TICK_S``, less the period): how long the app was frozen, whatever the
    reads in workers take."""

    def __init__(self) -> None:
        self.ms = 0.0
        self._running = True

    async def _tick(self) -> None:
        last = time.perf_counter()
        while self._running:
            await asyncio.sleep(TICK_S)
            now = time.perf_counter()
            self.ms = max(self.ms, (now - last - TICK_S) * 1000)
            last = now

    async def __aenter__(self) -> Blocked:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    async def __aexit__(self, *exc) -> None:
        self._running = False
        await self._task


async def timed_done(pilot, *keys: str) -> tuple[float, float, float]:
    """(ms until the keypress is handled, ms until its reads arrived and were painted,
    the longest the UI thread was blocked meanwhile)."""
    async with Blocked() as blocked:
        t0 = time.perf_counter()
        await pilot.press(*keys)
        t1 = time.perf_counter()
        await settled(pilot)
        t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t0) * 1000, blocked.ms


async def warm(pilot) -> None:
    """Wait for the language pipeline loading in the background (if this tema does)."""
    while any(w.group == "warm" and not w.is_finished for w in pilot.app.workers):
        await pilot.pause(0.05)


async def drive(path: Path, rounds: int) -> dict[str, tuple[list[float], list[float], list[float]]]:
    from tema.tui.app import make_app
    from tema.tui.modals.choose import ChooseModal
    from tema.tui.modals.code_picker import CodePicker

    app = make_app(path, coder="Benk", cursor_blink=False)
    names = ("open transcript", "move cursor", "extend selection", "open picker", "apply code")
    res: dict[str, tuple[list[float], list[float], list[float]]] = {k: ([], [], []) for k in names}

    def add(name: str, triple: tuple[float, float, float]) -> None:
        for series, value in zip(res[name], triple):
            series.append(value)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await warm(pilot)
        for i in range(max(4, rounds // 4)):
            await pilot.press("d")
            await settled(pilot)
            assert isinstance(app.screen, ChooseModal)
            await pilot.press("down" if i % 2 == 0 else "up")
            add("open transcript", await timed_done(pilot, "enter"))
        if app.screen.view.model.title != "lang":
            await pilot.press("d")
            await settled(pilot)
            await pilot.press("up", "enter")
        await settled(pilot)
        for _ in range(rounds):
            add("move cursor", await timed_done(pilot, "down"))
        for i in range(rounds):
            add("extend selection", await timed_done(pilot, "shift+down"))
            if i % 3 == 2:
                await pilot.press("escape", "down")
        for _ in range(rounds):
            add("open picker", await timed_done(pilot, "c"))
            assert isinstance(app.screen, CodePicker)
            await pilot.press("escape")
        for i in range(rounds):
            await pilot.press("down", "c", *f"kode {i % 30:02d}")
            add("apply code", await timed_done(pilot, "enter"))
        await settled(pilot)
    app.store.close()
    return res


async def drive_phases(path: Path, rounds: int) -> dict[str, tuple[list[float], list[float], list[float]]]:
    """Switching to each phase screen: the first time (the screen is built) and again
    (from phase 2, after a coding, so the screen has something to read again)."""
    from tema.tui.app import make_app

    app = make_app(path, coder="Benk", cursor_blink=False)
    res: dict[str, tuple[list[float], list[float], list[float]]] = {}

    def add(name: str, triple: tuple[float, float, float]) -> None:
        for series, value in zip(res.setdefault(name, ([], [], [])), triple):
            series.append(value)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await warm(pilot)
        for n in (1, 3, 4, 5, 6):
            add(f"phase {n} (first)", await timed_done(pilot, str(n)))
            await pilot.press("2")
            await settled(pilot)
        spans = _uncoded_spans(app, rounds)
        for i in range(rounds):
            n = (1, 3, 4, 5, 6)[i % 5]
            await pilot.press("2")
            await settled(pilot)
            _code(app, *spans[i])  # a change (through the app, as a key would): the other screens read again
            await settled(pilot)
            add(f"phase {n}", await timed_done(pilot, str(n)))
    app.store.close()
    return res


def _uncoded_spans(app, n: int) -> list[tuple[int, int, int]]:
    """(document, start, end) of ``n`` sentences for new codings (a code nobody applied)."""
    from tema.domain import segments
    from tema.domain.documents import live_documents

    docs = app.workspace.read(lambda s: [d.id for d in live_documents(s)])
    spans = app.workspace.read(segments.segment_spans, docs[0])
    step = max(1, len(spans) // (n + 1))
    return [(docs[0], spans[k * step][0], spans[k * step][1]) for k in range(n)]


def _code(app, doc_id: int, start: int, end: int) -> None:
    from tema.domain import coding

    app.write(coding.code_span, doc_id, start, end, ["Benk: byttet fase"], coder_id=app.coder_id)


def phases(path: Path, rounds: int = 10) -> dict:
    """``drive_phases`` on a copy of ``path``, with the empty-app baseline (for tema bench)."""
    import shutil

    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        base = asyncio.run(baseline(max(rounds, 8)))
        actions = asyncio.run(drive_phases(copy, rounds))
    return _figures(summary(base), actions) | {"rounds": rounds}


def _figures(b: dict, actions: dict[str, tuple[list[float], list[float], list[float]]]) -> dict:
    out = {}
    for name, (pressed, done, blocked) in actions.items():
        d = summary(done)
        out[name] = {**summary(pressed), "done_p50_ms": d["p50_ms"], "done_p95_ms": d["p95_ms"],
                     "blocked_p95_ms": round(pct(blocked, 0.95), 1),
                     "over_baseline_p95_ms": round(pct(pressed, 0.95) - b["p50_ms"], 1),
                     "done_over_baseline_p95_ms": round(d["p95_ms"] - b["p50_ms"], 1)}
    worst = max(v["p95_ms"] for v in out.values())
    base_blocked = round(pct(BASELINE_BLOCKED, 0.95), 1) if BASELINE_BLOCKED else None
    return {"baseline": {**b, "blocked_p95_ms": base_blocked}, "actions": out, "p95_ms": worst,
            "baseline_p95_ms": b["p95_ms"], "baseline_blocked_p95_ms": base_blocked,
            "worst_blocked_p95_ms": max(v["blocked_p95_ms"] for v in out.values()),
            "ratio_p95_vs_empty_app": round(worst / b["p95_ms"], 2) if b["p95_ms"] else None}


def run(words: int = 20_000, codings: int = 1_000, rounds: int = 40, workdir: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        t0 = time.perf_counter()
        path, _ = build(Path(tmp), words, codings)
        setup_s = time.perf_counter() - t0
        base = asyncio.run(baseline(rounds))
        actions = asyncio.run(drive(path, rounds))
        actions |= asyncio.run(drive_phases(path, max(5, rounds // 4)))
    return {"words": words, "codings": codings, "rounds": rounds, "setup_s": round(setup_s, 1),
            **_figures(summary(base), actions)}


# --- start-up and the first search, in fresh interpreters ---------------------------------

CHILD = r"""
import json, sys, time
T_SPAWN = float(sys.argv[2])
from tema.store.db import open_store
from tema.tui.app import make_app
from tema.tui.screens import PhaseScreen

path, search, wait_warm = sys.argv[1], sys.argv[3], sys.argv[4] == "warm"
out = {}

def painted(_at=None):
    if "first_screen_s" not in out:
        out["first_screen_s"] = time.time() - T_SPAWN
        out["spacy_at_first_paint"] = "spacy" in sys.modules

def hits_shown(screen):
    status = str(getattr(screen.query_one("#search-status"), "content", "") or "")
    return bool(screen.hits) or status.startswith("Nothing")

async def auto(pilot):
    app = pilot.app
    while "first_screen_s" not in out:  # a tema without on_first_paint: drawn at the first pause
        if not hasattr(app, "on_first_paint") and isinstance(app.screen, PhaseScreen):
            await pilot.pause()
            painted()
            break
        await pilot.pause()
    if search:
        if wait_warm:
            while any(w.group == "warm" and not w.is_finished for w in app.workers):
                await pilot.pause(0.05)
        from tema.tui.modals.search import SearchModal
        await pilot.press("slash", *search)
        t0 = time.perf_counter()
        await pilot.press("enter")
        while not (isinstance(app.screen, SearchModal) and hits_shown(app.screen)):
            await pilot.pause(0.01)
        out["search_s"] = time.perf_counter() - t0
        await pilot.press("enter", "slash", *search)  # a later search (the pipeline is loaded)
        t0 = time.perf_counter()
        await pilot.press("enter")
        while not (isinstance(app.screen, SearchModal) and hits_shown(app.screen)):
            await pilot.pause(0.01)
        out["later_search_s"] = time.perf_counter() - t0
    app.exit()

store = open_store(path)  # as `tema open` does (its hourly backup aside)
app = make_app(store, "Benk", cursor_blink=False)
if hasattr(app, "on_first_paint"):
    app.on_first_paint.append(painted)
app.run(headless=True, size=(120, 40), auto_pilot=auto)
store.close()
print("@@" + json.dumps(out))
"""

EMPTY_CHILD = r"""
import sys, time
T_SPAWN = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("tema")

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        print("@@%f" % (time.time() - T_SPAWN))
        self.exit()

Empty().run(headless=True, size=(120, 40))
"""


def _child(code: str, *args: str) -> str:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as users run it
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600, env=env)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("@@")), None)
    if line is None:
        raise RuntimeError(f"start-up child failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    return line[2:]


def startup(project: Path, rounds: int = 5, search: str = "samarbeid") -> dict:
    """Start-up to the first screen and the first search, each in fresh interpreters
    (rounds alternate with the empty-app baseline, so both see the same load)."""
    import json

    _child(EMPTY_CHILD, repr(time.time()))  # bytecode written, caches warm
    _child(CHILD, str(project), repr(time.time()), "", "cold")
    first, empty, eager, eager_later, ready = [], [], [], [], []
    spacy_early = False
    for k in range(rounds):
        empty.append(float(_child(EMPTY_CHILD, repr(time.time()))))
        r = json.loads(_child(CHILD, str(project), repr(time.time()), search, "warm" if k % 2 else "now"))
        first.append(r["first_screen_s"])
        spacy_early |= r["spacy_at_first_paint"]
        (ready if k % 2 else eager).append(r["search_s"])
        eager_later.append(r["later_search_s"])
    med = statistics.median
    return {"rounds": rounds, "project": project.name, "first_screen_s": round(med(first), 2),
            "first_screen_max_s": round(max(first), 2), "empty_app_s": round(med(empty), 2),
            "ratio_first_screen_vs_empty_app": round(med(first) / med(empty), 2),
            "spacy_before_first_paint": spacy_early,
            "first_search_at_first_paint_s": round(med(eager), 2) if eager else None,
            "first_search_when_loaded_s": round(med(ready), 2) if ready else None,
            "later_search_s": round(med(eager_later), 2), "search_word": search}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--codings", type=int, default=1_000)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--startup", type=Path, metavar="PROJECT", help="time start-up and the first search on PROJECT")
    ap.add_argument("--phases", type=Path, metavar="PROJECT", help="time switching phases on (a copy of) PROJECT")
    args = ap.parse_args(argv)
    if args.startup:
        r = startup(args.startup, args.rounds if args.rounds != 40 else 5)
        print(f"tema start-up: {r['project']}, {r['rounds']} rounds (medians)")
        print(f"first screen drawn with its data  {r['first_screen_s']:6.2f} s  (max {r['first_screen_max_s']} s)")
        print(f"empty Textual app (baseline)      {r['empty_app_s']:6.2f} s  → ratio {r['ratio_first_screen_vs_empty_app']}")
        print(f"spaCy imported before the first screen: {r['spacy_before_first_paint']}")
        print(f"first search, typed at the first paint   {r['first_search_at_first_paint_s']} s")
        print(f"first search, once the pipeline loaded  {r['first_search_when_loaded_s']} s")
        print(f"a later search                           {r['later_search_s']} s")
        print("targets: first screen ≤ 1.5 s; first search ≤ 0.5 s")
        return
    if args.phases:
        _print(phases(args.phases, args.rounds if args.rounds != 40 else 10), f"phase switches on {args.phases}")
        return
    r = run(args.words, args.codings, args.rounds)
    _print(r, f"{r['words']} words, {r['codings']} codings, 120×40, {r['rounds']} rounds (setup {r['setup_s']} s)")


def _print(r: dict, title: str) -> None:
    b = r["baseline"]
    print(f"tema TUI benchmark: {title}")
    print(f"{'action':<22}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'− base p50':>12}{'done p95':>10}{'− base':>9}"
          f"{'UI blocked p95':>16}")
    print(f"{'empty app (base)':<22}{b['n']:>4}{b['p50_ms']:>9}{b['p95_ms']:>9}{'':>31}{b.get('blocked_p95_ms')!s:>16}")
    for name, v in r["actions"].items():
        print(f"{name:<22}{v['n']:>4}{v['p50_ms']:>9}{v['p95_ms']:>9}{v['over_baseline_p95_ms']:>12}"
              f"{v['done_p95_ms']:>10}{v['done_over_baseline_p95_ms']:>9}{v['blocked_p95_ms']:>16}")
    print("target: every action ≤ 50 ms p95 above the empty app's Pilot round trip (switching phase ≤ 150 ms);")
    print("'UI blocked' is the longest the event loop could not run during the action (reads run in workers)")


if __name__ == "__main__":
    sys.exit(main())
