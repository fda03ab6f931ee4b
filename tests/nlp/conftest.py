from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.paths import require_shared


@pytest.fixture(scope="session")
def nlp_data() -> Path:
    """../shared/nlp (skips locally when absent, fails under CI: tests/helpers/paths.py)."""
    return require_shared("nlp", "no_bokmaal-ud-dev.conllu").parent
