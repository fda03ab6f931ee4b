"""SVG snapshots of every phase at 80×24 and 100×30 in Bokmål (issue 16: the interface in
both languages; the English ones are test_snapshots_sizes.py), on the demo project. Norwegian
words are longer: these show the footer keeping «? Hjelp» and «^q Avslutt», the phase bar's
tabs, the panels' titles and hints fitting. Regenerate with
`pytest tests/tui/test_snapshots_nb.py --snapshot-update` and look at the SVGs under
tests/tui/__snapshots__ before committing them."""

from __future__ import annotations

import pytest

from tema import i18n
from tema.tui.app import make_app


@pytest.fixture
def bokmal(monkeypatch):
    monkeypatch.setenv("TEMA_LANG", "nb")
    i18n.set_language("nb")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("phase", ["1", "2", "3", "4", "5", "6"])
def test_every_phase_in_bokmal(demo_project, snap_compare, bokmal, phase, size):
    app = make_app(demo_project, coder="Demo-koder", cursor_blink=False)
    assert snap_compare(app, press=[phase], terminal_size=size)
