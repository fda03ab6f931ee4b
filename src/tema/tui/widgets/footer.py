"""The footer: the keys of what has the focus, in one line that always fits.

Help (``?``, or F1 while typing) and quit are always shown — at the right, from 80
columns up. When the keys do not fit, the least used go first, in this order of keeping:
help and quit; the first three keys of the screen (or of the focused panel); undo; the
screen's other keys; search and journal; the command palette. Each key is shown as the
keymap has it (its first key that works where the focus is: ``?`` is text in a field, so
there it shows F1). A click on a key presses it.

One widget drawing one line (not a widget per key): it is redrawn only when what it
shows changes, and only on the visible screen."""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.widget import Widget

from tema.i18n import _

PINNED = ("help", "quit")
# Tiers of the app's own keys (lower: kept longer); the screen's keys are tiers 1 and 3.
APP_TIERS = {"undo": 2, "search": 4, "journal": 4, "command_palette": 5}
FIRST_SCREEN_KEYS = 3
GAP = 2


class Item(NamedTuple):
    key: str  # the key pressed by a click
    shown: str  # how the key is shown
    description: str
    enabled: bool
    tier: int
    order: int
    action: str  # its name, without namespace or arguments

    @property
    def pinned(self) -> bool:
        return self.action in PINNED


def _action(binding) -> str:
    return binding.action.rpartition(".")[2].split("(")[0]


def _declared(node) -> dict[str, int]:
    """Binding id → its place in the node's BINDINGS (base classes first): the footer's
    order, which a keymap does not change."""
    ids: dict[str, int] = {}
    for cls in reversed(type(node).__mro__):
        for b in cls.__dict__.get("BINDINGS", []):
            if getattr(b, "id", None) and b.id not in ids:
                ids[b.id] = len(ids)
    return ids


def footer_items(screen) -> list[Item]:
    """What the footer may show for ``screen``'s active bindings, one item per action."""
    app = screen.app
    seen: dict[str, Item] = {}
    screen_keys = 0
    places: dict[int, dict[str, int]] = {}
    chain: dict[int, int] = {}  # node → its place in the chain (focused widget first)
    active = list(screen.active_bindings.values())
    for node, *_rest in active:
        chain.setdefault(id(node), len(chain))
    active.sort(key=lambda ab: (chain[id(ab[0])], places.setdefault(id(ab[0]), _declared(ab[0])).get(ab[1].id, 999)))
    for order, (node, binding, enabled, _tooltip) in enumerate(active):
        action = _action(binding)
        if not (binding.show or action in PINNED) or binding.action in seen or not binding.description:
            continue
        if action in PINNED:
            tier = 0
        elif node is app:
            tier = APP_TIERS.get(action, 4)
        else:
            tier = 1 if screen_keys < FIRST_SCREEN_KEYS else 3
            screen_keys += 1
        seen[binding.action] = Item(binding.key, shown_key(app, binding), _(binding.description), enabled,
                                    tier, order, action)
    return list(seen.values())


def shown_key(app, binding) -> str:
    """The key as the footer shows it: ^j, ?, F1."""
    shown = app.get_key_display(binding)
    return shown.upper() if re.fullmatch(r"f\d+", shown) else shown


def _width(item: Item) -> int:
    return len(item.shown) + 1 + len(item.description)


def fit(items: list[Item], width: int) -> tuple[list[Item], list[Item]]:
    """(left, right): the items that fit in ``width`` columns, keeping the lowest tiers;
    the pinned ones go right."""
    kept: list[Item] = []
    used = 0
    for item in sorted(items, key=lambda it: (it.tier, it.order)):
        need = _width(item) + (GAP if kept else 0)
        if used + need <= width - 2:
            kept.append(item)
            used += need
    kept.sort(key=lambda it: it.order)
    right = sorted((it for it in kept if it.pinned), key=lambda it: PINNED.index(it.action))
    return [it for it in kept if not it.pinned], right


class TemaFooter(Widget):
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--disabled"}

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Item] | None = None
        self._spans: list[tuple[int, int, str]] = []  # (x from, x to, key) of what is drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def bindings_changed(self, screen) -> None:
        if screen is not self.app.screen:
            return  # a modal is on top: nothing of this footer is visible
        items = footer_items(screen)
        if items != self._items:
            self._items = items
            self.refresh()

    def render(self) -> Text:
        if self._items is None:
            self._items = footer_items(self.screen)
        width = self.size.width or 80
        left, right = fit(self._items, width)
        key_style = self.get_component_rich_style("footer--key")
        desc_style = self.get_component_rich_style("footer--description")
        off_style = self.get_component_rich_style("footer--disabled")
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []

        def draw(items: list[Item]) -> None:
            for i, item in enumerate(items):
                if i:
                    line.append(" " * GAP)
                start = line.cell_len
                line.append(item.shown, style=key_style if item.enabled else off_style)
                line.append(" " + item.description, style=desc_style if item.enabled else off_style)
                spans.append((start, line.cell_len, item.key))

        line.append(" ")
        draw(left)
        right_width = sum(_width(it) for it in right) + GAP * max(0, len(right) - 1)
        line.append(" " * max(GAP if left else 0, width - line.cell_len - right_width - 1))
        draw(right)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
