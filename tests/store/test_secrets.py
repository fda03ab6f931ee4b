"""A PostgreSQL password never shows: not in a Store's or engine's repr, not in the message
or the formatted traceback of a failed connection. A URL without a password works with
libpq's PGPASSWORD and ~/.pgpass (PGPASSFILE)."""

from __future__ import annotations

import traceback

import pytest
from sqlalchemy.engine import URL, make_url

from tema.errors import TemaError
from tema.store.db import create_store, open_store
from tests.helpers.cli import info, tema

SECRET = "Hemmelig-pw-9f3e"
UNREACHABLE = f"postgresql+psycopg://tema:{SECRET}@127.0.0.1:9/prosjekt"  # port 9 (discard): refused


def _everything_shown(exc: BaseException) -> str:
    return "\n".join([str(exc), repr(exc), "".join(traceback.format_exception(exc))])


@pytest.mark.parametrize("opener", [open_store, create_store])
def test_a_failed_connection_shows_no_password(opener):
    with pytest.raises(TemaError) as caught:
        opener(UNREACHABLE)
    shown = _everything_shown(caught.value)
    assert SECRET not in shown
    assert "cannot connect" in str(caught.value) and "tema:***@127.0.0.1:9/prosjekt" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_malformed_url_shows_no_password():
    with pytest.raises(TemaError) as caught:
        open_store(f"postgresql+psycopg://tema:{SECRET}@127.0.0.1:port/prosjekt")
    assert SECRET not in _everything_shown(caught.value)


def test_the_cli_prints_no_password():
    result = tema("info", UNREACHABLE, ok=False)
    assert result.exit_code == 1 and SECRET not in result.output


@pytest.mark.postgres
def test_an_open_store_shows_no_password(pg_database):
    url = pg_database
    password = make_url(url).password
    assert password, "the test server's URL has a password"
    store = create_store(url)
    try:
        for shown in (repr(store), str(store), repr(store.engine), str(store.engine.url), store.url, store.name):
            assert password not in shown
    finally:
        store.close()


@pytest.mark.postgres
def test_a_url_without_a_password_uses_pgpassword_and_pgpass(monkeypatch, tmp_path, pg_database):
    url = pg_database
    u = make_url(url)
    bare = URL.create(u.drivername, u.username, None, u.host, u.port, u.database).render_as_string(
        hide_password=False)
    assert u.password not in bare
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    assert tema("init", bare, "--title", "Uten passord", ok=False).exit_code == 1  # no password anywhere
    monkeypatch.setenv("PGPASSWORD", u.password)
    tema("init", bare, "--title", "Uten passord")
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{u.host}:{u.port}:{u.database}:{u.username}:{u.password}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert info(bare)["title"] == "Uten passord"
    monkeypatch.setenv("TEMA_DB", bare)  # the URL need not be on the command line either
    assert "Uten passord" in tema("info").output
