"""TUI fixtures: small real projects (invented Norwegian interviews) and the demo project,
opened by the app factory exactly as `tema open` does; cursor blink off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tema.domain import coders, codes, perspectives
from tema.domain import project as project_d
from tema.ingest.importer import import_files
from tema.store.db import create_store, open_store
from tema.tui.app import make_app

ASE = (
    "I: Hvordan har det første året som koordinator vært?\n"
    "Åse: Det har vært travelt. Søsken blir lett glemt når alt handler om barnet som er sykt.\n"
    "I: Kan du gi et eksempel?\n"
    "Åse: En jente på ni sa til meg at ingen spør hvordan hun har det 😀 og hun smilte ikke. "
    "Det gjorde inntrykk på meg.\n"
    "Åse: Foreldrene er slitne. De har ikke sovet ordentlig på flere år.\n"
)
OYSTEIN = (
    "I: Hva betyr samarbeidet med skolen?\r\n"
    "Øystein: Skolen er viktig for familien. Vi møtes før hvert ansvarsgruppemøte.\r\n"
    "I: Og foreldrene?\r\n"
    "Øystein: De er slitne, men de står på. Søsken får sjelden plass i møtene.\r\n"
)
CODER = "Testkoder"


def build_project(folder: Path, target: str | None = None) -> Path | str:
    """The project in ``folder/studie.tema``, or at ``target`` (a database URL)."""
    path = target or folder / "studie.tema"
    store = create_store(path)
    try:
        with store.transaction() as s:
            project_d.init_project(s, "Søsken og samarbeid", "Hva betyr rollen?")
            cid = coders.get_or_create_coder(s, CODER).id
            codes.create_code(s, "Søsken i skyggen", definition="Søsken som blir oversett.", coder_id=cid)
            codes.create_code(s, "Slitne foreldre", definition="Foreldrenes utmattelse.", coder_id=cid)
            perspectives.get_or_create_perspective(s, "familieperspektiv", cid)
            perspectives.get_or_create_perspective(s, "koordinatorperspektiv", cid)
        src = folder / "src"
        src.mkdir()
        (src / "ase.txt").write_text(ASE, encoding="utf-8")
        (src / "oystein.txt").write_bytes(OYSTEIN.encode("utf-8"))
        import_files(store, [src / "ase.txt"], participant="Åse", title="Intervju med Åse", coder=CODER)
        import_files(store, [src / "oystein.txt"], participant="Øystein", title="Intervju med Øystein", coder=CODER)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def _master(tmp_path_factory) -> Path:
    return build_project(tmp_path_factory.mktemp("tui-master"))


@pytest.fixture
def tui_project(_master: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "studie.tema"
    shutil.copy(_master, dest)
    return dest


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory) -> Path:
    from tema.cli.demo_builder import build_demo

    return build_demo(target=tmp_path_factory.mktemp("demo") / "demo.tema")


@pytest.fixture
def demo_project(_demo_master: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "demo.tema"
    shutil.copy(_demo_master, dest)
    return dest


@pytest.fixture
def open_app():
    """make_app(path) for a test; the project is closed when the test ends."""
    apps = []

    def make(path: Path, coder: str = CODER):
        app = make_app(path, coder=coder, cursor_blink=False)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.workspace.close()


@pytest.fixture
def read_store():
    """Open a project file for assertions after the app ran."""
    stores = []

    def opener(path: Path):
        st = open_store(path)
        stores.append(st)
        return st

    yield opener
    for st in stores:
        st.close()


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path, monkeypatch):
    """Each test has an empty config folder: no keymap or language of the machine's user."""
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("TEMA_CONFIG_DIR", str(folder))
    return folder
