"""The user's config file (``~/.config/tema/config.toml``, where platformdirs puts it): coder, lang, keymap.

Read without importing anything heavy, so `tema --help` and the language choice stay cheap.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def config_dir() -> Path:
    env = os.environ.get("TEMA_CONFIG_DIR")
    if env:
        return Path(env)
    plain = _plain_linux_config_dir()
    if plain is not None:
        return plain
    from platformdirs import user_config_dir

    return Path(user_config_dir("tema"))


def _plain_linux_config_dir() -> Path | None:
    """platformdirs' ``user_config_dir("tema")`` on an ordinary Linux (an absolute
    XDG_CONFIG_HOME, else an absolute HOME's ``.config``), without importing platformdirs:
    its Unix module compiles regular expressions for about 10 ms, at every start of every
    command (the language is read from the config file). None elsewhere — Android, another
    system, no usable HOME — and platformdirs decides. tests/test_config_dir.py checks
    that both give the same folder."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "tema"
    if os.path.isabs(os.environ.get("HOME", "")):
        return Path(os.path.expanduser("~/.config")) / "tema"
    return None


def config_path() -> Path:
    return config_dir() / "config.toml"


def read_config() -> dict:
    """The config file as a dict; a missing or unreadable file is an empty config."""
    path = config_path()
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file to read (its parser compiles regular expressions)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
