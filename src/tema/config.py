"""The user's config file (``~/.config/tema/config.toml`` via platformdirs): coder, lang, keymap.

Read without importing anything heavy, so `tema --help` and the language choice stay cheap.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def config_dir() -> Path:
    env = os.environ.get("TEMA_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("tema"))


def config_path() -> Path:
    return config_dir() / "config.toml"


def read_config() -> dict:
    """The config file as a dict; a missing or unreadable file is an empty config."""
    path = config_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
