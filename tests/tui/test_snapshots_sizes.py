"""SVG snapshots of every phase at the two small sizes the issue names (80×24, 100×30), on
the demo project, in English (cursor blink off). They show the footer keeping help and
quit, one line per code, phase 1 opening in the document list and phase 5 in the name
field. Regenerate with `pytest tests/tui/test_snapshots_sizes.py --snapshot-update` and
look at the SVGs under tests/tui/__snapshots__ before committing them."""

from __future__ import annotations

import pytest

from tema.tui.app import make_app


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("phase", ["1", "2", "3", "4", "5", "6"])
def test_every_phase_at_a_small_size(demo_project, snap_compare, phase, size):
    app = make_app(demo_project, coder="Demo-koder", cursor_blink=False)
    assert snap_compare(app, press=[phase], terminal_size=size)
