"""The demo project: built from ``projects/demo/project.toml`` and its transcripts through
domain calls and the importer, into ``projects/demo.tema``; rebuilding replaces it cleanly."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from tema.errors import Conflict, InvalidInput, NotFound

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
    raise NotFound(f"{candidates[0]}: no demo material (project.toml) found")


def load_spec(source: Path) -> dict:
    try:
        return tomllib.loads((source / "project.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source / 'project.toml'}: not valid TOML ({exc})") from None


def _sidecars(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _remove(path: Path) -> None:
    for p in _sidecars(path):
        p.unlink(missing_ok=True)


def _check_replaceable(target: Path, title: str) -> None:
    """Only an earlier demo (same title) is replaced; anything else at the path is refused."""
    from tema.domain.project import get_project
    from tema.store.db import open_store

    if not target.exists():
        return
    try:
        store = open_store(target, migrate_ok=False)
    except Exception:
        raise Conflict(f"{target}: exists and is not a tema demo project; not replaced") from None
    try:
        with store.session() as s:
            same = get_project(s).title == title
    finally:
        store.close()
    if not same:
        raise Conflict(f"{target}: holds another project, not the demo; not replaced")


def build_demo(source: str | os.PathLike[str] | None = None, target: str | os.PathLike[str] | None = None,
               *, nlp=None) -> Path:
    """Build the demo project file from its material; an earlier demo there is replaced."""
    src = find_source(source)
    spec = load_spec(src)
    dest = Path(target) if target is not None else src.parent / DEMO_FILE
    _check_replaceable(dest, spec["title"])
    partial = dest.with_name(dest.name + ".building")
    _remove(partial)
    try:
        _build(src, spec, partial, nlp)
        _remove(dest)
        os.replace(partial, dest)
    finally:
        _remove(partial)
    return dest


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
            for p in spec.get("participants", []):
                attrs = [(k, str(v), "text") for k, v in p.get("attributes", {}).items()]
                participants.upsert_participant(s, p["pseudonym"], label=p.get("label"), attributes=attrs, coder_id=cid)
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
