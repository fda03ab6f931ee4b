"""The footer, recomposed only when what it shows changes and only on the visible screen
(Textual's recomposes on every focus change, which re-lays out the whole screen when a
modal opens or closes)."""

from __future__ import annotations

from textual.widgets import Footer


class TemaFooter(Footer):
    _shown: tuple | None = None

    def _signature(self) -> tuple:
        return tuple(
            (binding.key, binding.description, enabled)
            for (_node, binding, enabled, _tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen) -> None:
        if screen is not self.app.screen:
            return  # a modal is on top: nothing of this footer is visible
        signature = self._signature()
        if signature != self._shown:
            self._shown = signature
            super().bindings_changed(screen)
