"""Keymaps (issue 16): every binding has an id; keymap.toml in the config folder gives any
of them other keys (Textual's App.set_keymap); a file that cannot be used is named in one
line (file and line) and the UI starts with the defaults; no default needs AltGr on a
Nordic keyboard; `tema keys` prints the effective map without starting the UI."""

from __future__ import annotations

import json

from textual.binding import Binding

from tema.tui.keymap import WHERE, binding_classes, default_rows, read_keymap
from tema.tui.modals.help import HelpModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.screens.theme_board import ThemeBoardScreen
from tema.tui.widgets.footer import TemaFooter
from tests.helpers.cli import tema
from tests.tui.util import record_notices, settle, wait_until

# Keys that need AltGr (or shift, typed as text in a field) on Nordic layouts.
NORDIC_HARD = {"slash", "question_mark", "left_square_bracket", "right_square_bracket", "left_curly_bracket",
               "right_curly_bracket", "at", "commercial_at", "backslash", "reverse_solidus", "vertical_line", "tilde",
               "dollar_sign", "/", "?", "[", "]", "{", "}", "@", "\\", "|", "~", "$"}


def footer_text(app) -> str:
    return app.screen.query_one(TemaFooter).render().plain


def test_every_binding_has_an_id_and_a_group():
    for cls in binding_classes():
        for b in cls.__dict__.get("BINDINGS", []):
            assert isinstance(b, Binding) and b.id, (cls.__name__, b)
    assert {r.id.split(".", 1)[0] for r in default_rows()} <= set(WHERE)


def test_no_default_needs_altgr_on_a_nordic_keyboard():
    for row in default_rows():
        keys = row.default.split(",")
        if any(k in NORDIC_HARD for k in keys):
            assert any(k not in NORDIC_HARD for k in keys), row


async def test_a_keymap_file_rebinds_by_id(demo_project, open_app, _own_config_dir):
    (_own_config_dir / "keymap.toml").write_text(
        '# my keys\n"board.new-theme" = "t"\n[app]\nhelp = "f2"\n', encoding="utf-8")
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ThemeBoardScreen)
        assert "t Theme" in footer_text(app) and "n Theme" not in footer_text(app)
        await pilot.press("n")  # no longer "new theme"
        await settle(pilot)
        assert isinstance(app.screen, ThemeBoardScreen)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptModal), what="the new-theme prompt")
        await pilot.press("escape", "f2")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpModal), what="the help")
        everywhere = dict(next(rows for title, rows in app.screen.groups if title == "Everywhere"))
        assert "f2" in everywhere


async def test_a_bad_keymap_file_is_named_and_the_defaults_apply(demo_project, open_app, _own_config_dir):
    path = _own_config_dir / "keymap.toml"
    path.write_text('"board.new-theme" = "t"\n\n"board.no-such-thing" = "q"\n', encoding="utf-8")
    app = open_app(demo_project)
    shown = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert [m for m in shown if "keymap.toml" in m] == [
            f"{path}:3: no binding has the id 'board.no-such-thing' (`tema keys` lists them)"]
        assert "n Theme" in footer_text(app)  # the defaults, the valid line too is not used
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptModal), what="the new-theme prompt")


def test_read_keymap_names_the_line_of_each_problem(tmp_path):
    path = tmp_path / "keymap.toml"
    for text, line, words in [('"app.help" = "f1"\n"app.undo" = "ctrl+nope"\n', 2, "'ctrl+nope' is not a key"),
                              ('[coding]\ncode = 3\n', 2, "the keys must be a string"),
                              ('"app.help" = "f1"\n"app.undo = \n', 2, "not valid TOML")]:
        path.write_text(text, encoding="utf-8")
        try:
            read_keymap(path)
        except Exception as exc:  # InvalidInput: one line
            message = str(exc)
        else:
            raise AssertionError(text)
        assert message.startswith(f"{path}:{line}: ") and words in message and "\n" not in message
    path.write_text('"app.help" = "F1, question_mark"\n[board]\nplace = "p,enter"\n', encoding="utf-8")
    assert read_keymap(path) == {"app.help": "f1,question_mark", "board.place": "p,enter"}


def test_tema_keys_prints_the_effective_map(_own_config_dir):
    out = tema("keys").output
    assert "app.help" in out and "?, F1" in out and "coding.next-uncoded" in out and "], u" in out
    (_own_config_dir / "keymap.toml").write_text('"coding.code" = "k"\n', encoding="utf-8")
    rows = {r["id"]: r for r in json.loads(tema("keys", "--json").output)}
    assert rows["coding.code"]["keys"] == ["k"] and rows["coding.code"]["default"] == ["c"]
    assert "  *" in next(line for line in tema("keys").output.splitlines() if "coding.code" in line)
    (_own_config_dir / "keymap.toml").write_text('"coding.code" = "k"\n"nope" = "x"\n', encoding="utf-8")
    result = tema("keys", ok=False)
    assert result.exit_code == 1
    assert "keymap.toml:2: no binding has the id 'nope'" in result.output and "c  " in result.output
