"""The built wheel carries the trained pipeline and the tables (package data)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = [
    "tema/nlp/senter.cfg",
    "tema/nlp/models/lemmas.tsvz",
    "tema/nlp/models/common_words.txt.gz",
    "tema/nlp/models/names.json.gz",
    "tema/nlp/models/nb_tema/config.cfg",
    "tema/nlp/models/nb_tema/meta.json",
    "tema/nlp/models/nb_tema/tokenizer",
    "tema/nlp/models/nb_tema/senter/cfg",
    "tema/nlp/models/nb_tema/senter/model",
    "tema/nlp/models/nb_tema/vocab/strings.json",
    "tema/locale/nb/LC_MESSAGES/tema.mo",  # the Bokmål interface (tests/test_i18n_catalogue.py)
]


@pytest.mark.slow
def test_wheel_contains_the_model_files(tmp_path: Path):
    # Build from a copy so that build/ and *.egg-info never land in the working tree.
    src = tmp_path / "src_copy"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    )
    dist = tmp_path / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(dist), "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:  # offline: build with the setuptools/wheel already installed
        proc = subprocess.run([*cmd, "--no-build-isolation"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(dist.glob("tema-*.whl"))
    assert len(wheels) == 1
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    missing = [f for f in EXPECTED if f not in names]
    assert not missing, missing
    # and nothing from the treebank
    assert not any("conllu" in n or "ndt_nob" in n for n in names)
    size = sum(i.file_size for i in zipfile.ZipFile(wheels[0]).infolist() if "/nlp/models/" in i.filename)
    assert size < 4_000_000
