"""Find user-facing string literals that do not pass through gettext (an AST scan).

A literal is *user-facing* when it reaches a place the user reads: the text of a notice,
a widget, a Binding's description, a click echo/exception/prompt, a ``help=``, ``title=``,
``placeholder=`` or ``tooltip=`` keyword (in ``tema/tui`` and ``tema/cli``), or the message of
a raised tema error (anywhere in ``tema``). It is *wrapped* when it sits inside a gettext
call (``_``, ``ngettext``, ``pgettext``, ``N_``). Literals without a word in them
(punctuation, Rich markup, single letters, key names) are not text.

``scan_source(text, path)`` returns the findings of one file; ``scan_package(root)`` of
every file under ``root`` (the ``tema`` package directory).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

GETTEXT = {"_", "ngettext", "pgettext", "N_", "gettext"}
# call name -> the positional argument indexes and keywords that are shown to the user
UI_CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "notify": ((0,), ("message", "title")),
    "Binding": ((2,), ("description", "tooltip")),
    "Static": ((0,), ("content",)),
    "Label": ((0,), ("content",)),
    "Button": ((0,), ("label",)),
    "Checkbox": ((0,), ("label",)),
    "Option": ((0,), ("prompt",)),
    "echo": ((0,), ("message",)),
    "secho": ((0,), ("message",)),
    "ClickException": ((0,), ("message",)),
    "UsageError": ((0,), ("message",)),
    "BadParameter": ((0,), ("message",)),
    "prompt": ((0,), ("text",)),
    "confirm": ((0,), ("text",)),
    "print_table": ((0,), ("title",)),
    "add_column": ((0,), ("label",)),
    "add_columns": ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ()),
    "SystemCommand": ((0, 1), ()),
    "TabPane": ((0,), ()),
    "Text": ((0,), ()),
    "append": ((0,), ()),
    "assemble": ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ()),
    "Tab": ((0,), ()),
}
UI_KEYWORDS = ("title", "placeholder", "tooltip", "help", "sub_title")
# Exceptions whose message a user reads (tema.errors and its subclasses, click's).
USER_ERRORS = {"TemaError", "NotFound", "Conflict", "InvalidInput", "Busy", "StoreFailure", "StoreError",
               "FileExists", "RefusedArchive", "UndoRefused", "NothingToUndo", "ClickException",
               "UsageError", "BadParameter"}
_MARKUP = re.compile(r"\[/?[a-z0-9_ #.$@=,:-]*\]")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def is_text(value: str) -> bool:
    """A word a user would read (two letters or more outside Rich markup)."""
    return bool(_WORD.search(_MARKUP.sub("", value)))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def unwrapped(node: ast.expr | None) -> list[tuple[int, str]]:
    """The literals with words in ``node`` that reach the user without a gettext call."""
    if node is None:
        return []
    if isinstance(node, ast.Constant):
        return [(node.lineno, node.value)] if isinstance(node.value, str) and is_text(node.value) else []
    if isinstance(node, ast.JoinedStr):
        found = [(node.lineno, v.value) for v in node.values
                 if isinstance(v, ast.Constant) and isinstance(v.value, str) and is_text(v.value)]
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                found += unwrapped(v.value)
        return found
    if isinstance(node, (ast.List, ast.Tuple)):
        return [f for v in node.elts for f in unwrapped(v)]
    if isinstance(node, ast.BinOp):
        return unwrapped(node.left) + unwrapped(node.right)
    if isinstance(node, ast.IfExp):
        return unwrapped(node.body) + unwrapped(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [f for v in node.values for f in unwrapped(v)]
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in GETTEXT:
            return []
        if isinstance(node.func, ast.Attribute) and name in ("format", "strip", "rstrip", "lstrip", "upper",
                                                              "capitalize", "replace"):
            return unwrapped(node.func.value)
        return []
    return []


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, ui: bool) -> None:
        self.path, self.ui = path, ui
        self.found: list[Finding] = []

    def _add(self, pairs: list[tuple[int, str]]) -> None:
        self.found += [Finding(self.path, line, text) for line, text in pairs]

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if self.ui and name not in GETTEXT:
            if name in UI_CALLS:
                positions, keywords = UI_CALLS[name]
                for i in positions:
                    if i < len(node.args):
                        arg = node.args[i]
                        if name == "assemble" and isinstance(arg, ast.Tuple) and arg.elts:
                            arg = arg.elts[0]  # (text, style)
                        self._add(unwrapped(arg))
                for kw in node.keywords:
                    if kw.arg in keywords:
                        self._add(unwrapped(kw.value))
            for kw in node.keywords:
                if kw.arg in UI_KEYWORDS and not (name in UI_CALLS and kw.arg in UI_CALLS[name][1]):
                    self._add(unwrapped(kw.value))
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if isinstance(exc, ast.Call) and _name(exc.func) in USER_ERRORS and (not self.ui or
                                                                             _name(exc.func) not in UI_CALLS):
            if exc.args:
                self._add(unwrapped(exc.args[0]))
        self.generic_visit(node)


def scan_source(source: str, path: str, *, ui: bool) -> list[Finding]:
    """Findings in one module; ``ui`` adds the widget/echo/keyword rules (tema/tui, tema/cli)."""
    scanner = _Scanner(path, ui)
    scanner.visit(ast.parse(source, filename=path))
    return scanner.found


def scan_package(root: Path) -> list[Finding]:
    found: list[Finding] = []
    for file in sorted(root.rglob("*.py")):
        rel = file.relative_to(root.parent).as_posix()
        ui = rel.startswith(("tema/tui/", "tema/cli/"))
        found += scan_source(file.read_text(encoding="utf-8"), rel, ui=ui)
    return found
