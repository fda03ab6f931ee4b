"""A writer process for the concurrency tests: `python -m tests.team.workers ARGS_JSON`.

It codes spans of one shared transcript with the shared codes, one transaction
per action as the CLI and TUI do, and now and then renames a shared code.
Every rename is either applied or fails with the CLI's conflict message; the
outcome of each is printed as JSON on stdout."""

from __future__ import annotations

import json
import sys
import time


def main(args: dict) -> dict:
    from sqlalchemy.orm.exc import StaleDataError

    from tema.cli import _database_message
    from tema.domain.coders import get_or_create_coder
    from tema.domain.codes import rename_code
    from tema.domain.coding import apply_coding
    from tema.store import models as m
    from tema.store.db import open_store

    store = open_store(args["url"])
    worker, n_codings, n_renames = args["worker"], args["codings"], args["renames"]
    code_ids, doc_id, text = args["code_ids"], args["doc_id"], args["text"]
    every = max(1, n_codings // max(1, n_renames))
    applied, conflicts, other = [], [], []
    with store.transaction() as s:
        coder = get_or_create_coder(s, f"Koder {worker}").id
    while time.time() < args["start_at"]:
        time.sleep(0.005)
    renames_done = 0
    for j in range(n_codings):
        start = (j * 7 + worker) % (len(text) - 60)
        with store.transaction() as s:
            code = s.get(m.Code, code_ids[j % len(code_ids)])
            apply_coding(s, s.get(m.Document, doc_id), start, start + 10 + j % 40, code, coder_id=coder, text=text)
        if (j + 1) % every == 0 and renames_done < n_renames:
            target = code_ids[(worker + renames_done) % len(code_ids)]
            new_name = f"Delt kode {target} · k{worker}.{renames_done}"
            try:
                with store.transaction() as s:
                    rename_code(s, s.get(m.Code, target), new_name, coder)
                applied.append([target, new_name])
            except StaleDataError as exc:
                conflicts.append(_database_message(exc))
            except Exception as exc:  # anything else is a failure the test reports
                other.append(f"{type(exc).__name__}: {exc}")
            renames_done += 1
    store.close()
    return {"worker": worker, "coder": f"Koder {worker}", "applied": applied, "conflicts": conflicts, "other": other}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1])), ensure_ascii=False))
