from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
NLP_DATA = SHARED / "nlp"


@pytest.fixture(scope="session")
def nlp_data() -> Path:
    if not (NLP_DATA / "no_bokmaal-ud-dev.conllu").exists():
        pytest.skip(f"training/evaluation data not found at {NLP_DATA.resolve()}")
    return NLP_DATA

