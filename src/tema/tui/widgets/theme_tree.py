"""The theme tree of the board: themes → subthemes → codes. Each node's data says what
it is: ``("theme", theme_id)`` or ``("code", code_id, theme_id)``; the cursor stays on
the same item across reloads."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tema.domain.themes import ThemeNode


def theme_label(n: ThemeNode) -> Text:
    label = Text()
    if n.label:
        label.append(f"{n.label} ", style="bold")
    label.append(n.name, style="italic" if n.is_holding else "bold")
    label.append(f"  ({len(n.codes)})", style="dim")
    return label


class ThemeTreeView(Tree):
    # shift+up/down reorder on the board (Tree's own use of them: sibling jumps).
    BINDINGS = [
        Binding("shift+up", "screen.reorder(-1)", "Move up", show=False),
        Binding("shift+down", "screen.reorder(1)", "Move down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Themes", id=id)
        self.show_root = False
        self.auto_expand = False

    def set_tree(self, roots: list[ThemeNode], where: dict[int, list[str]]) -> None:
        """Show ``roots``; ``where[code_id]`` names every theme a code sits in."""
        keep = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        found: TreeNode | None = None

        def add(parent: TreeNode, n: ThemeNode) -> None:
            nonlocal found
            node = parent.add(theme_label(n), data=("theme", n.id), expand=True)
            if keep == ("theme", n.id):
                found = node
            for sub in n.subthemes:
                add(node, sub)
            for code_id, name in n.codes:
                label = Text(name)
                others = [t for t in where.get(code_id, []) if t != n.name]
                if others:
                    label.append("  also in " + ", ".join(others), style="dim italic")
                leaf = node.add_leaf(label, data=("code", code_id, n.id))
                if keep == ("code", code_id, n.id):
                    found = leaf

        for n in roots:
            add(self.root, n)
        if found is not None:
            self.call_after_refresh(self.move_cursor, found)
        self.border_title = f"Themes ({len(roots)})"

    @property
    def selected(self) -> tuple | None:
        node = self.cursor_node
        return node.data if node is not None and node.data else None

    def select_data(self, data: tuple) -> None:
        def walk(node: TreeNode):
            for child in node.children:
                if child.data == data:
                    return child
                hit = walk(child)
                if hit is not None:
                    return hit
            return None

        hit = walk(self.root)
        if hit is not None:
            self.move_cursor(hit)
