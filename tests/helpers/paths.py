"""Where ../shared is, and skipping cleanly when it is absent — locally; under CI
(``CI=true``, where ../shared is part of the checkout) its absence fails the run instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
FIXTURES = SHARED / "fixtures"


def require_shared(*parts: str) -> Path:
    from tests.helpers.pg import in_ci

    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"needs ../shared/{'/'.join(parts)} beside the clone (absent here)"
        if in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def load_fixture(name: str) -> dict:
    return json.loads(require_shared("fixtures", name).read_text(encoding="utf-8"))
