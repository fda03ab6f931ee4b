"""Opening a project at this tema's schema needs no Alembic: the head revision is read
from the migration files' own lines (and agrees with Alembic's), the store's with one
SELECT; a store at another revision is still decided (and migrated) by Alembic
(tests/store/test_store.py: newer refused, older migrated)."""

from __future__ import annotations

import subprocess
import sys

from tema.store import migrate


def test_the_scripted_head_is_alembics_head():
    assert migrate.scripted_head() == migrate.head_revision()


def test_opening_a_current_project_does_not_import_alembic(project):
    code = ("import sys\nfrom tema.store.db import open_store\n"
            f"open_store({str(project)!r}).close()\nprint('ALEMBIC', 'alembic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "ALEMBIC False" in out.stdout
