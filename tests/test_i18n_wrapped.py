"""Every user-facing string literal of the command line and the terminal UI goes through the
catalogue (issue 16, Norwegian interface).

The source of ``tema/cli`` and ``tema/tui`` is read as a syntax tree; a string literal with
words in it that is handed straight to something the user reads — ``click.echo``/``secho``,
``notify``, ``Label``/``Static``/``Button`` texts and ``.update(...)``, ``help=``,
``placeholder=``, ``title=``, ``prompt=``, a Binding's description, a raised ``TemaError``
(or ``ClickException``), a screen's ``HELP_TITLE``/``TITLE``/``BORDER_TITLE`` — must be
wrapped in ``_()``, ``ngettext()``, ``pgettext()`` or ``N_()``. An f-string with words in
it cannot be looked up in a catalogue, so it fails too. ``ALLOWED`` lists the few
literals that are not language (symbols, file names).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import tema

ROOT = Path(tema.__file__).resolve().parent
WRAPPERS = {"_", "ngettext", "pgettext", "N_"}
# Calls whose positional string arguments the user reads.
SHOWN_CALLS = {"echo", "secho", "notify", "Label", "Static", "Button", "ClickException", "UsageError",
               "BadParameter", "Abort", "fail", "update", "TemaError", "NotFound", "Conflict", "InvalidInput",
               "ChooseModal", "ConfirmModal", "PromptModal", "MemoModal", "TaskModal", "confirm", "prompt",
               "Hit", "DiscoveryHit", "add_column", "Option", "set_status", "write_line", "SystemCommand",
               "progress", "Text", "assemble", "append"}
SHOWN_KEYWORDS = {"help", "placeholder", "title", "prompt", "description", "tooltip", "message", "hint",
                  "label", "subtitle", "short_help", "epilog", "text", "context", "subject", "help_text"}
SHOWN_ATTRIBUTES = {"HELP_TITLE", "TITLE", "SUB_TITLE", "BORDER_TITLE", "border_title", "border_subtitle",
                    "title", "sub_title", "tooltip", "placeholder"}
# Literals with words that are not language: command names, formats, symbols, a product name.
ALLOWED = {
    "tema", " tema ", "tema — %(version)s", "%(prog)s, version %(version)s", "OSC 52",
    "  ctrl+n",  # a key
}
WORD = re.compile(r"[^\W\d_]{2,}")


def _has_words(text: str) -> bool:
    return bool(WORD.search(text)) and text not in ALLOWED


def _literal_words(node: ast.AST) -> str | None:
    """The text of a literal with words in it (a str constant, an f-string's literal parts, a
    concatenation or %/format of such), None when it has none or is wrapped."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return f"f-string: {text}" if _has_words(text) else None
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) or _literal_words(node.right)
    if isinstance(node, ast.Tuple) and node.elts:  # Text.assemble((text, style), …)
        return _literal_words(node.elts[0])
    if isinstance(node, ast.BoolOp):  # a or "default"
        return next(filter(None, map(_literal_words, node.values)), None)
    if isinstance(node, ast.IfExp):
        return _literal_words(node.body) or _literal_words(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return _literal_words(node.func.value)
    return None


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return getattr(func, "id", "")


def unwrapped(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def check(node: ast.AST | None) -> None:
        if node is None:
            return
        text = _literal_words(node)
        if text and (node.lineno, text) not in found:
            found.append((node.lineno, text))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in WRAPPERS:
                continue
            if name in SHOWN_CALLS:
                for arg in node.args:
                    check(arg)
            if name == "Binding" and len(node.args) >= 3:
                check(node.args[2])
            for kw in node.keywords:
                if kw.arg in SHOWN_KEYWORDS:
                    check(kw.value)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_name(t) in SHOWN_ATTRIBUTES for t in targets):
                check(node.value)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                check(arg)
    return found


def _sources() -> list[Path]:
    return sorted(p for part in ("cli", "tui") for p in (ROOT / part).rglob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_user_facing_literal_goes_through_the_catalogue(path: Path):
    found = unwrapped(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.name}:{line}: {text!r}" for line, text in found)


def test_the_check_finds_what_it_should():
    """The checker itself: these must be flagged, the wrapped forms must not."""
    bad = '''
click.echo("saved the file")
self.notify(f"Coded with «{name}».")
yield Label("Perspectives", classes="modal-title")
Binding("escape", "cancel", "Cancel", id="x")
raise InvalidInput("--title: must not be empty")
class S:
    HELP_TITLE = "Phase 3 — the theme board"
yield TemaInput(placeholder="New perspective…")
'''
    good = '''
click.echo(_("saved the file"))
self.notify(_("Coded with «{name}».").format(name=name))
yield Label(_("Perspectives"), classes="modal-title")
Binding("escape", "cancel", N_("Cancel"), id="x")
raise InvalidInput(_("--title: must not be empty"))
class S:
    HELP_TITLE = N_("Phase 3 — the theme board")
yield TemaInput(placeholder=_("New perspective…"))
click.echo(ngettext("{n} code", "{n} codes", n).format(n=n))
yield Static("", id="status")
yield Static("—")
'''
    assert len(unwrapped(bad)) == 7
    assert unwrapped(good) == []


def import_time_lookups(source: str) -> list[int]:
    """Lines where ``_()``/``ngettext()``/``pgettext()`` run when the module is imported (module
    level, class bodies, default arguments): the text would stay in the language of that moment."""
    found: list[int] = []

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                nodes = [*stmt.decorator_list, *stmt.args.defaults, *stmt.args.kw_defaults]
            elif isinstance(stmt, ast.ClassDef):
                visit(stmt.body)
                nodes = list(stmt.decorator_list)
            else:
                nodes = [stmt]
            for node in nodes:
                for sub in ast.walk(node) if node is not None else ():
                    if isinstance(sub, ast.Lambda | ast.FunctionDef):
                        break
                    if isinstance(sub, ast.Call) and _name(sub.func) in WRAPPERS - {"N_"}:
                        found.append(sub.lineno)

    visit(ast.parse(source).body)
    return found


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_is_translated_at_import_time(path: Path):
    """Strings defined at import time are marked with N_() and translated where shown, so the
    language can change in a running process (--lang after the imports, the tests)."""
    assert import_time_lookups(path.read_text(encoding="utf-8")) == []


def test_the_import_time_check_finds_what_it_should():
    assert import_time_lookups('X = _("Close")\nclass A:\n    T = _("x")\n    def f(self, t=_("y")):\n'
                               '        return _("fine")\n') == [1, 3, 4]


def shadowed_gettext(source: str) -> list[str]:
    """Functions that call ``_()`` while ``_`` is also a local name of theirs (``for x, _ in …``):
    Python then treats ``_`` as local in the whole function, and the look-up breaks."""
    tree = ast.parse(source)
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
              ast.DictComp, ast.GeneratorExp)

    def own(node: ast.AST):
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, scopes):
                yield child
                yield from own(child)

    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            local = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in own(fn))
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in ast.walk(fn))
            if local and calls:
                found.append(f"{fn.name} (line {fn.lineno})")
    return found


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_shadows_the_gettext_function(path: Path):
    assert shadowed_gettext(path.read_text(encoding="utf-8")) == []


def test_the_shadowing_check_finds_what_it_should():
    assert shadowed_gettext("def f(rows):\n    for a, _ in rows:\n        pass\n    return _('x')\n") == ["f (line 1)"]
    assert shadowed_gettext("def f(rows):\n    return [_(a) for a, _b in rows], [a for a, _ in rows]\n") == []
