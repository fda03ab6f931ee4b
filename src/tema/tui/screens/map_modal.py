"""The theme map (the current one or a snapshot) as a tree in the terminal, and two
snapshots compared: what moved, appeared, disappeared or was renamed."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from rich.tree import Tree
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tema.domain.snapshots import SnapshotDiff
from tema.i18n import N_, _


def map_tree(title: str, structure: dict) -> Tree:
    tree = Tree(Text(title, style="bold"))

    def add(parent: Tree, t: dict) -> None:
        label = Text()
        if t.get("label"):
            label.append(f"{t['label']} ", style="bold")
        label.append(t["name"], style="bold" if t.get("status") != "discarded" else "strike dim")
        node = parent.add(label)
        for sub in t.get("subthemes", []):
            add(node, sub)
        for code in t.get("codes", []):
            node.add(Text(code, style="dim"))

    for t in structure.get("themes", []):
        add(tree, t)
    if structure.get("unplaced"):
        rest = tree.add(Text(_("(unplaced)"), style="italic"))
        for code in structure["unplaced"]:
            rest.add(Text(code, style="dim"))
    return tree


def diff_text(diff: SnapshotDiff) -> Text:
    out = Text()
    sections = [
        (_("Renamed"), [f"{a} → {b}" for a, b in diff.renamed]),
        (_("Appeared"), diff.appeared),
        (_("Disappeared"), diff.disappeared),
        (_("Moved"), [f"{code}: {', '.join(a) or '—'} → {', '.join(b) or '—'}" for code, a, b in diff.moved]),
        (_("Codes added"), diff.codes_added),
        (_("Codes removed"), diff.codes_removed),
    ]
    for heading, lines in sections:
        out.append(f"{heading} ({len(lines)})\n", style="bold")
        for line in lines:
            out.append(f"  {line}\n")
    return out


class MapModal(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", N_("Close"), id="map.close")]

    def __init__(self, title: str, panes: list[tuple[str, dict]], diff: SnapshotDiff | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.panes = panes
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical(id="map", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            with Horizontal(id="map-panes"):
                for name, structure in self.panes:
                    with VerticalScroll(classes="map-pane"):
                        yield Static(map_tree(name, structure))
                if self.diff is not None:
                    with VerticalScroll(classes="map-pane"):
                        yield Static(Group(Text(_("What changed") + "\n", style="bold"), diff_text(self.diff)), id="map-diff")
            yield Static(_("↑↓ scroll · tab next pane · Esc close"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query(VerticalScroll).first().focus()

    def action_close(self) -> None:
        self.dismiss(None)
