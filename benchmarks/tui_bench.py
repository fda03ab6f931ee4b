"""Pilot benchmark of the TUI on a long transcript (not a test).

Builds a project with one generated 20,000-word transcript carrying 1,000 codings (and
a short second transcript), then drives the app with the Pilot at 120×40 and prints
p50/p95 per action: open transcript, move cursor, extend selection, open picker, apply
code. The baseline is an almost empty Textual app whose key repaints one line, timed
with the same Pilot round trip in the same run: a Pilot press always includes Textual's
own frame and idle waits, so the figure to read is the action's time above that baseline.

    .venv/bin/python benchmarks/tui_bench.py [--words 20000] [--codings 1000] [--rounds 40]

``run(...)`` returns the same figures as a dict (for ``tema bench``).
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
    from tema.domain import coders, codes, coding, documents, project, segments
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
            out.append(await timed(pilot, "x"))
    return out


async def drive(path: Path, rounds: int) -> dict[str, list[float]]:
    from tema.tui.app import make_app
    from tema.tui.modals.choose import ChooseModal
    from tema.tui.modals.code_picker import CodePicker

    app = make_app(path, coder="Benk", cursor_blink=False)
    res: dict[str, list[float]] = {k: [] for k in ("open transcript", "move cursor", "extend selection",
                                                     "open picker", "apply code")}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        for i in range(max(4, rounds // 4)):
            await pilot.press("d")
            assert isinstance(app.screen, ChooseModal)
            await pilot.press("down" if i % 2 == 0 else "up")
            res["open transcript"].append(await timed(pilot, "enter"))
        if app.screen.view.model.title != "lang":
            await pilot.press("d", "up", "enter")
        await pilot.pause()
        for _ in range(rounds):
            res["move cursor"].append(await timed(pilot, "down"))
        for i in range(rounds):
            res["extend selection"].append(await timed(pilot, "shift+down"))
            if i % 3 == 2:
                await pilot.press("escape", "down")
        for _ in range(rounds):
            res["open picker"].append(await timed(pilot, "c"))
            assert isinstance(app.screen, CodePicker)
            await pilot.press("escape")
        for i in range(rounds):
            await pilot.press("down", "c", *f"kode {i % 30:02d}")
            res["apply code"].append(await timed(pilot, "enter"))
        await pilot.pause()
    app.store.close()
    return res


def run(words: int = 20_000, codings: int = 1_000, rounds: int = 40, workdir: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        t0 = time.perf_counter()
        path, _ = build(Path(tmp), words, codings)
        setup_s = time.perf_counter() - t0
        base = asyncio.run(baseline(rounds))
        actions = asyncio.run(drive(path, rounds))
    b = summary(base)
    out = {name: {**summary(ms), "over_baseline_p95_ms": round(pct(ms, 0.95) - b["p50_ms"], 1)}
           for name, ms in actions.items()}
    worst = max(v["p95_ms"] for v in out.values())
    return {"words": words, "codings": codings, "rounds": rounds, "setup_s": round(setup_s, 1),
            "baseline": b, "actions": out, "p95_ms": worst, "baseline_p95_ms": b["p95_ms"],
            "ratio_p95_vs_empty_app": round(worst / b["p95_ms"], 2) if b["p95_ms"] else None}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--codings", type=int, default=1_000)
    ap.add_argument("--rounds", type=int, default=40)
    args = ap.parse_args(argv)
    r = run(args.words, args.codings, args.rounds)
    b = r["baseline"]
    print(f"tema TUI benchmark: {r['words']} words, {r['codings']} codings, 120×40, {r['rounds']} rounds "
          f"(setup {r['setup_s']} s)")
    print(f"{'action':<18}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'p95 − base p50':>16}{'× base p95':>12}")
    print(f"{'empty app (base)':<18}{b['n']:>4}{b['p50_ms']:>9}{b['p95_ms']:>9}{'':>16}{1.0:>12}")
    for name, v in r["actions"].items():
        print(f"{name:<18}{v['n']:>4}{v['p50_ms']:>9}{v['p95_ms']:>9}{v['over_baseline_p95_ms']:>16}"
              f"{v['p95_ms'] / b['p95_ms']:>12.2f}")
    print("target: every action ≤ 50 ms p95 above the empty app's Pilot round trip")


if __name__ == "__main__":
    sys.exit(main())
