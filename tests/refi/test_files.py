"""How `tema qdpx export` / `tema qdc export` write (issue 14, item 5): never over an
existing file without --force, owner-only, and an export without pseudonymisation
is recorded in the journal."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import select

from tema.store import models as m
from tema.store.db import open_store
from tests.helpers.cli import tema


def _journal(project) -> list[str]:
    store = open_store(project)
    try:
        with store.session() as s:
            return [mm.body for mm in s.scalars(select(m.Memo).where(m.Memo.kind == "journal"))]
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["qdpx", "qdc"])
def test_export_refuses_to_overwrite_without_force(thesis_project, tmp_path, kind):
    out = tmp_path / f"p.{kind}"
    out.write_bytes(b"the researcher's earlier file")
    result = tema(kind, "export", thesis_project, "-o", out, ok=False)
    assert result.exit_code == 1
    assert f"{out}: exists already (use --force to overwrite)" in result.output
    assert out.read_bytes() == b"the researcher's earlier file"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}.")]  # no temporary file left
    tema(kind, "export", thesis_project, "-o", out, "--force")
    assert out.read_bytes() != b"the researcher's earlier file"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["qdpx", "qdc"])
def test_a_new_export_is_owner_only(thesis_project, tmp_path, kind):
    out = tmp_path / f"new.{kind}"
    tema(kind, "export", thesis_project, "-o", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["qdpx", "qdc"])
def test_opting_out_of_pseudonyms_is_recorded_in_the_journal(thesis_project, tmp_path, kind):
    before = _journal(thesis_project)
    tema(kind, "export", thesis_project, "-o", tmp_path / f"a.{kind}")
    assert _journal(thesis_project) == before  # the default (pseudonymised) export is not a journal event
    tema(kind, "export", thesis_project, "-o", tmp_path / f"b.{kind}", "--no-pseudonymise")
    added = [b for b in _journal(thesis_project) if b not in before]
    assert len(added) == 1 and "without pseudonymisation" in added[0] and f"b.{kind}" in added[0]
