"""Where ../shared is, and skipping cleanly when it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
FIXTURES = SHARED / "fixtures"


def require_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} beside the clone (absent here)")
    return path


def load_fixture(name: str) -> dict:
    return json.loads(require_shared("fixtures", name).read_text(encoding="utf-8"))
