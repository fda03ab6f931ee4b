"""The theme tree of the board: themes → subthemes → codes. Each node's data says what
it is: ``("theme", theme_id)`` or ``("code", code_id, theme_id)``; the cursor stays on
the same item across reloads.

``set_tree`` updates the Tree in place rather than clearing and rebuilding it: labels
are set only where what they show changed, and a children list is edited only where it
differs — a same-length list of code leaves (a reorder) by giving the leaves their new
data and labels where they changed, any other list by removing and inserting the nodes a
sequence diff of their data finds. A move, place or reorder so touches a few nodes, and
a reorder does not even make the Tree re-measure its lines. A theme the user collapsed
stays collapsed; new theme nodes open expanded."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tema.domain.themes import ThemeNode
from tema.i18n import N_, _


def _theme_key(n: ThemeNode) -> tuple:
    return (n.label, n.name, n.is_holding, len(n.codes))


def _theme_text(key: tuple) -> Text:
    label_, name, is_holding, n_codes = key
    label = Text()
    if label_:
        label.append(f"{label_} ", style="bold")
    label.append(name, style="italic" if is_holding else "bold")
    label.append(f"  ({n_codes})", style="dim")
    return label


def _code_text(key: tuple) -> Text:
    name, others = key
    label = Text(name)
    if others:
        label.append("  " + _("also in {themes}").format(themes=", ".join(others)), style="dim italic")
    return label


class Item(NamedTuple):
    """One node as it should be shown: its data, what its label shows (``key``: cheap to
    compare; the label is built from it only where it changed) and, for a theme, its
    children (subthemes first, then codes)."""

    data: tuple
    key: tuple
    children: list[Item] | None  # None: a code leaf

    def label(self) -> Text:
        return _code_text(self.key) if self.children is None else _theme_text(self.key)


def items_of(roots: list[ThemeNode], where: dict[int, list[str]]) -> list[Item]:
    """What the tree should show; ``where[code_id]`` names every theme a code sits in."""

    def theme(n: ThemeNode) -> Item:
        kids = [theme(sub) for sub in n.subthemes]
        kids += [Item(("code", code_id, n.id), (name, tuple(t for t in where.get(code_id, ()) if t != n.name)), None)
                 for code_id, name in n.codes]
        return Item(("theme", n.id), _theme_key(n), kids)

    return [theme(n) for n in roots]


class ThemeTreeView(Tree):
    # shift+up/down reorder on the board (Tree's own use of them: sibling jumps).
    BINDINGS = [
        Binding("shift+up", "screen.reorder(-1)", N_("Move up"), show=False, id="board.up"),
        Binding("shift+down", "screen.reorder(1)", N_("Move down"), show=False, id="board.down"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Themes", id=id)
        self.show_root = False
        self.auto_expand = False
        self._keys: dict[int, tuple] = {}  # node id → the key its label was built from
        self._items: list[Item] | None = None  # what set_tree last showed

    def clear(self):
        self._keys.clear()
        self._items = None
        return super().clear()

    def get_label_width(self, node: TreeNode) -> int:
        # What Tree measures (the rendered label: expand icon + label) without rendering
        # and stylizing a copy of every label each time it rebuilds its line list.
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return cell_len(icon) + node.label.cell_len
        return node.label.cell_len

    def set_tree(self, roots: list[ThemeNode], where: dict[int, list[str]]) -> None:
        """Show ``roots``; ``where[code_id]`` names every theme a code sits in."""
        items = items_of(roots, where)
        self.border_title = _("Themes ({n})").format(n=len(roots))
        if items == self._items:  # what it shows already (a reload after no change)
            return
        self._items = items
        before = self.cursor_node
        keep = before.data if before is not None else None  # before _sync: a reorder gives leaves new data
        shown = before.label if before is not None else None
        line = self.cursor_line
        self._sync(self.root, items)
        # Settle now, in the same frame (no call_after_refresh round): the line list is
        # rebuilt here (cheap, see get_label_width) so node lines are current.
        self.last_line  # noqa: B018
        found = self._find(keep) if keep is not None else None
        if found is not None:
            self.move_cursor(found)
        node = self.cursor_node
        # The Tree says NodeHighlighted only when the cursor's line changes; say it too
        # when the highlighted node is another one, or its label changed, on the same line.
        if (node is not None and before is not None and self.cursor_line == line
                and (node is not before or node.label != shown)):
            self.post_message(self.NodeHighlighted(node))

    # --- updating in place -------------------------------------------------------------
    def _sync(self, parent: TreeNode, items: list[Item]) -> None:
        """Make ``parent``'s children show ``items``, keeping the nodes that match."""
        have = list(parent.children)
        if [node.data for node in have] != [it.data for it in items]:
            if not self._relabel_leaves(have, items):
                self._edit(parent, have, items)
        for node, it in zip(parent.children, items):
            if self._keys.get(node.id) != it.key:
                node.set_label(it.label())
                self._keys[node.id] = it.key
            if it.children is not None:
                self._sync(node, it.children)
                if node.allow_expand != bool(it.children):  # no ▶/▼ on a theme with nothing under it
                    node.allow_expand = bool(it.children)

    def _relabel_leaves(self, have: list[TreeNode], items: list[Item]) -> bool:
        """The same number of children, differing in code leaves only (a reorder): give
        those leaves their new data; their labels follow in ``_sync``. No node is added
        or removed, so the Tree keeps its lines. False when that does not fit."""
        if len(have) != len(items):
            return False
        changed = [(node, it) for node, it in zip(have, items) if node.data != it.data]
        if any(it.children is not None or node.data[0] != "code" for node, it in changed):
            return False
        for node, it in changed:
            node.data = it.data
            self._keys.pop(node.id, None)
        return True

    def _edit(self, parent: TreeNode, have: list[TreeNode], items: list[Item]) -> None:
        ops = SequenceMatcher(None, [n.data for n in have], [it.data for it in items], autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):  # from the end: earlier indexes stay valid
            if tag == "equal":
                continue
            for node in have[i1:i2]:
                self._forget(node)
                node.remove()
            for k, it in enumerate(items[j1:j2]):
                self._add(parent, it, i1 + k)

    def _add(self, parent: TreeNode, it: Item, index: int) -> None:
        at = index if index < len(parent.children) else None
        if it.children is None:
            node = parent.add_leaf(it.label(), data=it.data, before=at)
        else:
            node = parent.add(it.label(), data=it.data, expand=True, before=at, allow_expand=bool(it.children))
            for child in it.children:
                self._add(node, child, len(node.children))
        self._keys[node.id] = it.key

    def _forget(self, node: TreeNode) -> None:
        self._keys.pop(node.id, None)
        for child in node.children:
            self._forget(child)

    def _find(self, data: tuple) -> TreeNode | None:
        def walk(node: TreeNode):
            for child in node.children:
                if child.data == data:
                    return child
                if child.children:
                    hit = walk(child)
                    if hit is not None:
                        return hit
            return None

        return walk(self.root)

    def label_is_cut(self, node: TreeNode) -> bool:
        """Whether the node's line is wider than the tree shows (its guides: four cells a level)."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        return 4 * depth + self.get_label_width(node) > self.scrollable_content_region.width

    @property
    def selected(self) -> tuple | None:
        node = self.cursor_node
        return node.data if node is not None and node.data else None

    def select_data(self, data: tuple) -> None:
        hit = self._find(data)
        if hit is not None:
            self.last_line  # noqa: B018 — current node lines
            self.move_cursor(hit)
