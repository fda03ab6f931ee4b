"""The .qdpx archive as the export writes it since issue 15: entries deflated beside the
export on a worker thread (``tema.refi.packer``) into a zip written by ``tema.refi.zipout``,
datetimes formatted from the stored text, GUIDs from primed hash states. Each must give
what the straightforward way gives."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tema.domain.pseudonyms import Pseudonymizer
from tema.refi import packer as packer_mod
from tema.refi import zipout
from tema.refi.conventions import xml_datetime
from tema.refi.packer import Packer
from tema.refi.write import ExportReport, export_qdpx, project_guids
from tema.refi.write_codebook import Guids
from tema.refi.write_project import ProjectWriter
from tema.store.db import open_store
from tests.helpers.cli import tema

TEXTS = {f"Sources/{i}.txt": (f"Intervju {i}: Kari i Ås sa «æøå» — 🙂\n" * (50 * i + 1)).encode() for i in range(12)}


def _pack(path: Path, stream: bytes) -> None:
    with open(path, "wb") as fp:
        p = Packer(fp, "project.qde", 1)
        for name, data in TEXTS.items():
            p.add_file(name, data)
        for k in range(0, len(stream), 1000):
            p.write(stream[k : k + 1000])
        p.close()


def test_the_archive_holds_every_entry_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(packer_mod, "BLOCK", 4096)  # the stream crosses many blocks
    stream = "".join(f"<Coding n='{i}' name='æøå'/>\n" for i in range(5000)).encode()
    _pack(tmp_path / "a.qdpx", stream)
    with zipfile.ZipFile(tmp_path / "a.qdpx") as zf:
        assert zf.testzip() is None
        assert zf.namelist() == [*TEXTS, "project.qde"]
        assert {n: zf.read(n) for n in TEXTS} == TEXTS
        assert zf.read("project.qde") == stream
        info = zf.getinfo("project.qde")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.external_attr >> 16 == 0o600


def test_zip64_records_when_sizes_and_counts_need_them(tmp_path, monkeypatch):
    monkeypatch.setattr(zipout, "ZIP64_LIMIT", 1000)
    monkeypatch.setattr(zipout, "ZIP_FILECOUNT_LIMIT", 5)
    _pack(tmp_path / "a.qdpx", b"<Project/>" * 500)
    with zipfile.ZipFile(tmp_path / "a.qdpx") as zf:
        assert zf.testzip() is None
        assert {n: zf.read(n) for n in TEXTS} == TEXTS
        assert zf.read("project.qde") == b"<Project/>" * 500


def test_a_failure_on_the_worker_reaches_the_export(tmp_path, monkeypatch):
    def fail(self, item):
        raise OSError("disk full")

    monkeypatch.setattr(Packer, "_do", fail)
    with open(tmp_path / "a.qdpx", "wb") as fp:
        p = Packer(fp, "project.qde", 1)
        p.write(b"x" * (packer_mod.BLOCK + 1))
        with pytest.raises(OSError, match="disk full"):
            p.close()
        p.abort()  # after a failure: the thread is gone, nothing waits


def test_stored_datetimes_format_as_datetimes_do():
    for dt in (datetime(2024, 2, 29, 13, 5, 0, 123456), datetime(2024, 2, 29, 13, 5), datetime(1999, 12, 31, 23, 59, 59)):
        assert xml_datetime(str(dt)) == xml_datetime(dt) == xml_datetime(dt.isoformat())
    assert xml_datetime("") is None and xml_datetime(None) is None


def test_guid_makers_are_uuid5():
    ns = str(uuid.uuid4())
    g = Guids(ns)
    for kind, key in (("coding", (7,)), ("selection", (3, 10, 250)), ("variable", ("bølge",))):
        name = f"{kind}:" + ":".join(map(str, key))
        assert g(kind, *key) == g.of(kind)(*key) == str(uuid.uuid5(uuid.UUID(ns), name))
    assert g.of("selection")("3:10:250") == g("selection", 3, 10, 250)
    assert g("project") == str(uuid.uuid5(uuid.UUID(ns), "project"))


def test_the_archive_holds_what_the_writer_wrote(rich_project, tmp_path):
    """project.qde and every source in the .qdpx are the bytes ProjectWriter produced,
    written to a plain buffer without the worker thread (pseudonym rules, æøå, notes,
    perspectives and a coding memo in the project)."""
    tema("pseudonym", "add", rich_project, "Anne", "Åse")
    tema("pseudonym", "add", rich_project, "barnekoordinator", "koordinatør")
    out = tmp_path / "p.qdpx"
    store = open_store(rich_project)
    try:
        export_qdpx(store, out)
        qde, files = io.BytesIO(), {}
        with store.session() as s:
            writer = ProjectWriter(s, project_guids(store), Pseudonymizer.for_session(s), ExportReport(out))
            writer.write(qde, files.__setitem__)
    finally:
        store.close()
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == [*files, "project.qde"]
        assert {n: zf.read(n) for n in files} == files
        assert zf.read("project.qde") == qde.getvalue()
    assert "Åse".encode() in qde.getvalue() and "koordinatør".encode() in qde.getvalue()
    assert b"Coding memo" in qde.getvalue() and b"Perspectives:" in qde.getvalue()
