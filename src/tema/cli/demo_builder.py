"""The demo project: built from ``projects/demo/project.toml`` and its transcripts through
domain calls and the importer, into ``projects/demo.tema``.

It lives at the edge that uses it (``tema demo``; the tests build one too): building a
project composes the domain with ingest (the importer) and the language pipeline, and
the domain must not import ingest. The demo is built only when it is missing — what a
newcomer did in it stays — and rebuilt on request (``--reset``) after a backup through
the store's backup machinery (``backups/`` beside it, owner-only). The file itself is
written through ``tema.files`` (built under a temporary name, then moved into place).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from tema.errors import Conflict, InvalidInput, NotFound
from tema.files import atomic_path, check_target, private_dir
from tema.i18n import _

DEMO_DIR = Path("projects") / "demo"
DEMO_FILE = "demo.tema"


def find_source(source: str | os.PathLike[str] | None = None) -> Path:
    """The demo material: the given folder, else ./projects/demo, else the one beside the package."""
    if source is not None:
        candidates = [Path(source)]
    else:
        repo = Path(__file__).resolve().parents[3]
        candidates = [Path.cwd() / DEMO_DIR, repo / DEMO_DIR]
    for folder in candidates:
        if (folder / "project.toml").is_file():
            return folder
    raise NotFound(_("{folder}: no demo material (project.toml) found").format(folder=candidates[0]))


def load_spec(source: Path) -> dict:
    try:
        return tomllib.loads((source / "project.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(_("{file}: not valid TOML ({problem})").format(file=source / 'project.toml', problem=exc)) from None


def demo_target(source: str | os.PathLike[str] | None = None, target: str | os.PathLike[str] | None = None) -> Path:
    """Where the demo project lives: ``target``, else ``demo.tema`` beside the material."""
    if target is not None:
        return Path(target).expanduser()
    return find_source(source).parent / DEMO_FILE


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            path.with_name(path.name + "-journal")]


def _remove_sidecars(path: Path) -> None:
    for p in _sidecars(path):
        p.unlink(missing_ok=True)


def build_demo(source: str | os.PathLike[str] | None = None, target: str | os.PathLike[str] | None = None,
               *, nlp=None, force: bool = False) -> Path:
    """Build the demo project file from its material. An existing file is left alone (refused)
    unless ``force`` — use :func:`reset_demo`, which backs it up first."""
    src = find_source(source)
    spec = load_spec(src)
    dest = demo_target(src, target)
    private_dir(dest.parent)
    check_target(dest, force=force, flag="--reset")
    with atomic_path(dest, force=force, flag="--reset") as tmp:
        tmp.unlink()  # the store creates its own file (0600) at the temporary name
        try:
            _build(src, spec, tmp, nlp)
        finally:
            _remove_sidecars(tmp)
        _remove_sidecars(dest)  # an old demo's WAL must not meet the new file
    return dest


def reset_demo(source: str | os.PathLike[str] | None = None, target: str | os.PathLike[str] | None = None,
               *, nlp=None) -> tuple[Path, Path | None]:
    """Back up the demo project (``backups/`` beside it), then build it afresh.
    Only an earlier demo (same title) is replaced; anything else at the path is refused.
    Returns the demo and its backup (None when there was nothing to back up)."""
    src = find_source(source)
    dest = demo_target(src, target)
    backup = _backup_demo(dest, load_spec(src)["title"]) if dest.exists() else None
    return build_demo(src, dest, nlp=nlp, force=True), backup


def _backup_demo(target: Path, title: str) -> Path | None:
    from tema.domain.project import get_project
    from tema.store import backup as backups
    from tema.store.db import open_store

    try:
        store = open_store(target)
    except Exception:
        raise Conflict(_("{target}: exists and is not a tema demo project; not replaced").format(target=target)) from None
    try:
        with store.session() as s:
            if get_project(s).title != title:
                raise Conflict(_("{target}: holds another project, not the demo; not replaced").format(target=target))
        return backups.make_backup(store, reason="pre-reset")
    finally:
        store.close()


def _build(src: Path, spec: dict, path: Path, nlp) -> None:
    from tema.domain import coders, guide, journal, participants, perspectives, project
    from tema.ingest.importer import import_files
    from tema.nlp import load_pipeline
    from tema.store.db import create_store

    coder = spec.get("coder", "Demo-koder")
    store = create_store(path)
    try:
        with store.transaction() as s:
            project.init_project(s, spec["title"], spec.get("question"))
            cid = coders.get_or_create_coder(s, coder).id
            for sec in spec.get("guide", []):
                guide.upsert_section(s, sec["heading"], colour=sec.get("colour"), areas=sec.get("areas"), coder_id=cid)
            for c in spec.get("cases", []):
                participants.upsert_case(s, c["name"], [(k, str(v), "text") for k, v in c.get("attributes", {}).items()])
            for p in spec.get("participants", []):
                attrs = [(k, str(v), "text") for k, v in p.get("attributes", {}).items()]
                participants.upsert_participant(s, p["pseudonym"], label=p.get("label"), attributes=attrs,
                                                case=p.get("case"), coder_id=cid)
        nlp = nlp or load_pipeline()
        for d in spec.get("documents", []):
            import_files(
                store, [src / d["file"]], participant=d.get("participant"), interviewer=d.get("interviewer"),
                wave=d.get("wave"), interview_date=d.get("date"), title=d.get("title"), coder=coder, nlp=nlp,
            )
        with store.transaction() as s:
            for c in spec.get("codes", []):
                from tema.domain.codes import create_code

                create_code(s, c["name"], level=c.get("level"), definition=c.get("definition"), coder_id=cid)
            for group in spec.get("perspectives", []):
                for name in group.get("names", []):
                    perspectives.get_or_create_perspective(s, name, cid)
            _codings(s, spec.get("codings", []), cid)
            _themes(s, spec.get("themes", []), cid)
            for note in spec.get("notes", []):
                _note(s, note, cid)
            for entry in spec.get("journal", []):
                journal.add_journal(s, entry["body"], phase=entry.get("phase"), coder_id=cid,
                                    context={"screen": "demo", "document": None, "offset": None})
            project.set_phase(s, int(spec.get("phase", 2)), cid)
    finally:
        store.close()


def _codings(s, rows: list[dict], cid: int) -> None:
    from tema.domain.codes import find_code
    from tema.domain.coding import apply_coding, locate_quote
    from tema.domain.documents import document_text, find_document

    for row in rows:
        doc = find_document(s, row["document"])
        text = document_text(s, doc.id)
        start, end = locate_quote(text, row["quote"], where=f"«{doc.title}»")
        apply_coding(s, doc, start, end, find_code(s, row["code"]), coder_id=cid,
                     perspectives=row.get("perspectives", []), memo=row.get("memo"), text=text)


def _themes(s, rows: list[dict], cid: int) -> None:
    from tema.domain.themes import upsert_theme

    for t in rows:
        upsert_theme(s, t["name"], label=t.get("label"), definition=t.get("definition"), codes=t.get("codes"),
                     coder_id=cid)
        for sub in t.get("subthemes", []):
            upsert_theme(s, sub["name"], parent=t["name"], label=sub.get("label"), definition=sub.get("definition"),
                         codes=sub.get("codes"), coder_id=cid)


def _note(s, note: dict, cid: int) -> None:
    from tema.domain.coding import locate_quote
    from tema.domain.documents import document_text, find_document
    from tema.domain.journal import add_note

    doc = find_document(s, note["document"])
    start, end = locate_quote(document_text(s, doc.id), note["quote"], where=f"«{doc.title}»")
    add_note(s, note["body"], target_kind="document", target_id=doc.id, start=start, end=end, coder_id=cid)
