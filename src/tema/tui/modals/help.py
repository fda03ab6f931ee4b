"""`?`: every key binding of the current screen, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from tema.i18n import N_, _
from tema.tui.widgets.footer import TemaFooter

Groups = list[tuple[str, list[tuple[str, str]]]]
# Text fields keep their usual editing keys; the footer repeats other bindings.
SKIP = (Input, TextArea, TemaFooter)


def _own_actions(node) -> set[str]:
    """Actions bound by tema's own classes (Textual's list widgets keep their usual keys)."""
    actions = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tema."):
            for b in cls.__dict__.get("BINDINGS", []):
                actions.add(b.action if isinstance(b, Binding) else b[1])
    return actions


def collect_bindings(app, screen) -> Groups:
    """(group title, [(keys, description)]) for the screen, each of tema's widgets on it, and the app."""
    groups: Groups = []
    seen_types: set[type] = set()
    nodes = [(_(getattr(screen, "HELP_TITLE", None) or N_("This screen")), screen)]
    for node in screen.walk_children(with_self=False):
        if isinstance(node, SKIP) or not getattr(node, "HELP_TITLE", None):
            continue
        if type(node) not in seen_types:
            seen_types.add(type(node))
            nodes.append((_(node.HELP_TITLE), node))
    nodes.append((_("Everywhere"), app))
    for title, node in nodes:
        own = None if node is screen or node is app else _own_actions(node)
        rows: dict[str, list[str]] = {}
        keymap = getattr(app, "keymap", {})
        for _key, binding in node._bindings:
            if not binding.description or binding.system or (own is not None and binding.action not in own):
                continue
            keys = keymap[binding.id].split(",") if binding.id in keymap else [binding.key]  # as the keymap has it
            rows.setdefault(_(binding.tooltip or binding.description), []).extend(
                app.get_key_display(Binding(key, binding.action)) for key in keys)
        found = [(", ".join(dict.fromkeys(keys)), desc) for desc, keys in rows.items()]
        found += [(keys, _(desc)) for keys, desc in getattr(node, "HELP_EXTRA", [])]
        if found:
            groups.append((title, found))
    return groups


class HelpModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", N_("Close"), id="help.close")]

    def __init__(self, title: str, groups: Groups) -> None:
        super().__init__()
        self.title_text = title
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="modal"):
            yield Label(_("Keys — {where}").format(where=_(self.title_text)), classes="modal-title")
            with VerticalScroll(id="help-body"):
                for title, rows in self.groups:
                    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
                    table.add_column(style="bold", no_wrap=True, width=22)
                    table.add_column(ratio=1)
                    for keys, desc in rows:
                        table.add_row(keys, desc)
                    yield Static(Text(title, style="bold underline"), classes="help-group")
                    yield Static(table)
            yield Static(_("↑↓ scroll · Esc close"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
