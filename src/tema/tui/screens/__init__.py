"""The phase screens, registered in one place.

The app builds one mode per entry (``phase1`` … ``phase6``); keys 1–6 switch to them,
phases without an entry are shown dimmed in the phase bar. Phases 3–6 are added here:

    from tema.tui.screens.themes import ThemeBoardScreen
    PHASE_SCREENS[3] = ThemeBoardScreen

A phase screen subclasses ``PhaseScreen`` (screens/base.py): set PHASE and NAME,
implement ``compose_body()`` and ``reload()``; read and write through ``self.tema``.
"""

from __future__ import annotations

from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.coding import CodingScreen
from tema.tui.screens.defining import DefiningScreen
from tema.tui.screens.familiarise import FamiliariseScreen
from tema.tui.screens.review import ReviewScreen
from tema.tui.screens.theme_board import ThemeBoardScreen
from tema.tui.screens.writing import WritingScreen

PHASE_SCREENS: dict[int, type[PhaseScreen]] = {
    1: FamiliariseScreen,
    2: CodingScreen,
    3: ThemeBoardScreen,
    4: ReviewScreen,
    5: DefiningScreen,
    6: WritingScreen,
}

__all__ = ["PHASE_SCREENS", "PhaseScreen"]
