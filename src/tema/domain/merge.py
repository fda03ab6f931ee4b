"""Merge coders' projects into one (``tema merge OUT IN...``).

Two steps: :func:`write_merge_plan` reads the inputs (and OUT when it exists)
and writes a reviewable plan of which codes are the same (tema.domain.merge_plan);
:func:`apply_merge` follows the (edited) plan in ONE transaction on OUT, after a
backup of OUT, and returns a :class:`MergeReport`.

What matches what: documents by the SHA-256 of their text (same title, other
text → kept apart under a title marked with the coder); codes by name key or
an accepted proposal; coders by name; participants by pseudonym, cases by
name, attributes by key (a differing value is reported, never overwritten);
perspectives by name; guide sections by heading; pseudonym rules by the real
string. Codings keep their coder; a coding already in OUT (same coder, code,
document and span) is not added again, its perspectives are unioned. Themes,
snapshots and memos are kept; a theme or snapshot whose name is taken by a
different one is prefixed with the input's coder. Merging the same inputs again
adds nothing. Rows are written in bulk, never one commit per row: on a SQLite
OUT the input files are ATTACHed to OUT's connection and codings copied with
INSERT … SELECT (``tema.domain.merge_codings``); other rows with Core inserts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tema.domain.merge_apply import Merger, Source
from tema.domain.merge_plan import (
    OUT_LABEL,
    Catalogue,
    MergePlan,
    build_plan,
    carry_decisions,
    plan_inputs,
    plan_threshold,
    read_catalogue,
    read_plan_file,
    write_plan,
)
from tema.domain.merge_report import MergeReport
from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m
from tema.store.db import Store, StoreError, create_store, display_target, is_url, open_store

# ---- opening and checking -----------------------------------------------------


def _identity(target: str) -> str:
    if is_url(target):
        return make_url(target).render_as_string(hide_password=True)
    return str(Path(target).expanduser().resolve())


def default_plan_path(out: str) -> Path:
    if is_url(out):
        name = make_url(out).database or "project"
        return Path.cwd() / f"{name}.merge-plan.toml"
    p = Path(out).expanduser()
    return p.with_name(p.stem + ".merge-plan.toml")


def _main_coder(session: Session, fallback: str) -> str:
    row = session.execute(  # shown by display name (tema coder rename), else name
        select(func.coalesce(m.Coder.display_name, m.Coder.name), func.count(m.Coding.id))
        .join(m.Coding, m.Coding.coder_id == m.Coder.id)
        .group_by(m.Coder.id, m.Coder.name, m.Coder.display_name)
        .order_by(func.count(m.Coding.id).desc(), m.Coder.id)
        .limit(1)
    ).first()
    if row is not None:
        return row[0]
    first = session.scalars(select(func.coalesce(m.Coder.display_name, m.Coder.name)).order_by(m.Coder.id).limit(1)).first()
    return first or fallback


def open_sources(out: str, inputs: Iterable[str]) -> list[Source]:
    """Open every input (read-only use); clear errors for a file that is not a tema
    project, a newer schema, a repeated input or OUT given as an input."""
    inputs = [str(i) for i in inputs]
    if not inputs:
        raise InvalidInput(_("merge: name at least one input project"))
    seen: dict[str, str] = {}
    out_id = _identity(out)
    for target in inputs:
        ident = _identity(target)
        if ident == out_id:
            raise InvalidInput(_("{target}: is OUT itself; name it only once, as OUT").format(target=target))
        if ident in seen:
            raise InvalidInput(_("{target}: named twice (also as {other})").format(target=target, other=seen[ident]))
        seen[ident] = target
    sources: list[Source] = []
    try:
        for target in inputs:
            store = open_store(target)
            try:
                with store.session() as s:
                    if s.scalars(select(m.Project.id)).first() is None:
                        raise StoreError(_("{target}: not a tema project (it holds no project)").format(target=display_target(target)))
                    stem = Path(target).stem if not is_url(target) else (make_url(target).database or target)
                    coder = _main_coder(s, stem)
            except Exception:
                store.close()
                raise
            sources.append(Source(display_target(target) if is_url(target) else target, store, coder))
    except Exception:
        close_sources(sources)
        raise
    return sources


def close_sources(sources: list[Source]) -> None:
    for src in sources:
        src.store.close()


def out_exists(out: str) -> bool:
    if not is_url(out):
        return Path(out).expanduser().exists()
    from tema.store.db import _has_schema, make_engine

    engine = make_engine(out)
    try:
        return _has_schema(engine)
    except Exception as exc:
        raise StoreError(_("{target}: cannot connect ({problem})").format(target=display_target(out), problem=str(getattr(exc, 'orig', exc)).splitlines()[0])) from exc
    finally:
        engine.dispose()


def _catalogues(out_store: Store | None, sources: list[Source]) -> list[Catalogue]:
    cats: list[Catalogue] = []
    if out_store is not None:
        with out_store.session() as s:
            cats.append(read_catalogue(s, OUT_LABEL))
    for src in sources:
        with src.store.session() as s:
            cats.append(read_catalogue(s, src.label))
    return cats


def compute_plan(out: str, out_store: Store | None, sources: list[Source], threshold: float) -> MergePlan:
    return build_plan(display_target(out), [s.label for s in sources], _catalogues(out_store, sources), threshold)


# ---- the two commands ---------------------------------------------------------------


def write_merge_plan(out: str, inputs: list[str], plan_path: Path | None = None, threshold: float = 90, *,
                     force: bool = False, pseudonymise: bool = True, coder: str | None = None) -> tuple[Path, MergePlan]:
    """Step 1: write the plan (an existing plan only with ``force``, keeping its decisions);
    nothing in OUT or the inputs changes — except, with ``pseudonymise=False``, a journal
    entry in each of them recording that their real names were written to the plan."""
    from tema.domain.disclosures import recorded_write
    from tema.files import check_target

    plan_path = check_target(plan_path or default_plan_path(out), force=force)
    sources = open_sources(out, inputs)
    out_store = open_store(out) if out_exists(out) else None
    try:
        plan = compute_plan(out, out_store, sources, threshold)
        if plan_path.exists():
            carry_decisions(plan, plan_path)
        stores = ([out_store] if out_store is not None else []) + [src.store for src in sources]
        recorded_write(stores, lambda: write_plan(plan, plan_path, force=force, pseudonymise=pseudonymise),
                       pseudonymise=pseudonymise, what="merge plan", paths=[plan_path], coder=coder)
    finally:
        if out_store is not None:
            out_store.close()
        close_sources(sources)
    return plan_path, plan


def apply_merge(out: str, inputs: list[str], plan_path: Path | None = None, *, coder: str | None = None) -> MergeReport:
    """Step 2: follow the plan file. OUT is backed up first (SQLite) or created."""
    from tema.store import backup as backups

    plan_path = plan_path or default_plan_path(out)
    if not plan_path.exists():
        raise InvalidInput(
            _("{path}: no merge plan there; run `tema merge` without --apply first to "
              "write one, then review it").format(path=plan_path)
        )
    sources = open_sources(out, inputs)
    try:
        _check_plan_inputs(plan_path, sources)
        existed = out_exists(out)
        out_store = open_store(out) if existed else None
        try:
            plan = compute_plan(out, out_store, sources, plan_threshold(plan_path) or 90)
            plan = read_plan_file(plan_path, plan)
            report = MergeReport(display_target(out), str(plan_path), created_out=not existed)
            if out_store is None:
                out_store = create_store(out)
            elif out_store.path is not None:
                report.backup = str(backups.make_backup(out_store, reason="pre-merge"))
            try:
                with _out_transaction(out_store, sources) as (s, attached):
                    Merger(s, plan, report, attached).run(sources, coder)
            except BaseException:
                if not existed:
                    _remove_new_out(out_store)
                    out_store = None
                raise
        finally:
            if out_store is not None:
                out_store.close()
    finally:
        close_sources(sources)
    return report


MAX_ATTACHED = 8  # SQLite attaches at most 10 databases to one connection by default


@contextmanager
def _out_transaction(out_store: Store, sources: list[Source]) -> Iterator[tuple[Session, dict[str, str]]]:
    """The one transaction on OUT; on SQLite with the input project files ATTACHed to its
    connection first (ATTACH is refused inside a transaction) so codings can be copied
    with INSERT … SELECT. Yields the session and {input label: schema name}."""
    files = [src for src in sources if src.store.path is not None][:MAX_ATTACHED]
    if not out_store.is_sqlite or not files:
        with out_store.transaction() as s:
            yield s, {}
        return
    with out_store.engine.connect() as conn:
        raw = conn.connection.driver_connection  # autocommit (no transaction open yet)
        assert raw is not None
        attached: dict[str, str] = {}
        try:
            for k, src in enumerate(files):
                raw.execute(f"ATTACH DATABASE ? AS merge_in{k}", (str(src.store.path),))
                attached[src.label] = f"merge_in{k}"
            with Session(bind=conn.execution_options(tema_write=True), expire_on_commit=False) as s, s.begin():
                yield s, attached
        finally:
            for name in attached.values():
                raw.execute(f"DETACH DATABASE {name}")


def _check_plan_inputs(plan_path: Path, sources: list[Source]) -> None:
    listed = plan_inputs(plan_path)
    if listed is None:
        return
    want = [_identity(x) for x in listed]
    got = [_identity(s.label) for s in sources]
    if sorted(want) != sorted(got):
        raise InvalidInput(
            _("{path}: written for inputs {inputs}; got {got} — run without --apply to "
              "write a plan for these inputs").format(path=plan_path, inputs=', '.join(listed), got=', '.join(s.label for s in sources))
        )


def _remove_new_out(store: Store) -> None:
    store.close()
    if store.path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(store.path) + suffix).unlink(missing_ok=True)
        return
    from alembic import command

    from tema.store.migrate import alembic_config

    cfg = alembic_config()
    try:
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
    except Exception:  # pragma: no cover - best effort on a failed first merge
        pass
    store.close()
