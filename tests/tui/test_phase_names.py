"""One language at a time (issue 16, defect 11): the phase names of the phase bar, the
header, the palette, the phase dialog and `tema info` come from one table
(tema.domain.project.PHASES_EN) through the catalogue (the real Bokmål one,
tema/locale/nb); the default snapshot name follows the interface language too."""

from __future__ import annotations

import pytest

import tema.i18n as i18n
from tema.domain import snapshots
from tema.tui.modals.phase import PhaseModal
from tema.tui.widgets.phase_bar import PhaseBar
from tests.helpers.cli import tema
from tests.tui.util import settle, wait_until


@pytest.fixture
def bokmal(monkeypatch):
    """The interface in Bokmål, as `TEMA_LANG=nb tema open …` has it."""
    monkeypatch.setenv("TEMA_LANG", "nb")
    i18n.set_language("nb")


def test_tema_info_and_the_default_snapshot_speak_the_interface_language(tui_project, read_store):
    assert "phase 1: Familiarisation" in tema("info", tui_project).output
    with read_store(tui_project).session() as s:
        assert snapshots.default_name(s).startswith("Phase 1 – ")


def test_every_place_takes_the_catalogue_s_name(tui_project, open_app, read_store, bokmal):
    assert "fase 1: Familiarisering" in tema("info", tui_project).output
    with read_store(tui_project).session() as s:
        assert snapshots.default_name(s).startswith("Fase 1 – ")


async def test_the_tui_names_phases_through_the_catalogue(tui_project, open_app, bokmal):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(PhaseBar).render().plain
        assert "Fase 1 Familiarisering" in bar and " 1 Bli kjent ● " in bar and " 2 Kode " in bar
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Fase 1: Familiarisering" in commands and "Fase 2: Koding" in commands
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(app.screen, PhaseModal), what="the phase dialog")
        options = [o.prompt.plain for o in app.screen.query_one("#phase-list").options]
        assert options[:2] == ["1 Familiarisering", "2 Koding"]
