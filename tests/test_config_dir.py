"""tema's config folder is platformdirs' ``user_config_dir("tema")`` — also where tema.config
finds it without importing platformdirs (an ordinary Linux: every start reads the config
file for the language, and platformdirs' import costs ~10 ms)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from tema import config

UNSET = None


@pytest.mark.parametrize("home", ["/home/forsker", "/home/forsker/", "relative/home", "", UNSET])
@pytest.mark.parametrize("xdg", [UNSET, "", "relative/xdg", "/srv/xdg", "/srv/xdg/"])
def test_the_config_folder_is_platformdirs_answer(monkeypatch, home, xdg):
    monkeypatch.delenv("TEMA_CONFIG_DIR", raising=False)
    for name, value in (("HOME", home), ("XDG_CONFIG_HOME", xdg)):
        if value is UNSET:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        want: Path | str = Path(platformdirs.user_config_dir("tema"))
    except RuntimeError as exc:  # no home directory platformdirs accepts
        want = f"RuntimeError: {exc}"
    try:
        got: Path | str = config.config_dir()
    except RuntimeError as exc:
        got = f"RuntimeError: {exc}"
    assert got == want


def test_on_linux_an_ordinary_home_needs_no_platformdirs(monkeypatch):
    if sys.platform != "linux":
        pytest.skip("the plain path is Linux's")
    monkeypatch.delenv("TEMA_CONFIG_DIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/forsker")
    assert config._plain_linux_config_dir() == Path("/home/forsker/.config/tema")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/xdg")
    assert config._plain_linux_config_dir() == Path("/srv/xdg/tema")
    monkeypatch.setenv("HOME", "relative")
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative")
    assert config._plain_linux_config_dir() is None  # platformdirs decides


def test_the_config_dir_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("TEMA_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/xdg")
    assert config.config_dir() == tmp_path
