"""Keymaps: every binding of tema's screens, modals and widgets has an id; the file
``keymap.toml`` in tema's config folder (``tema.config.config_dir()``, usually
``~/.config/tema/``) gives any of them other keys, Posting/Harlequin style:

    # binding id = "keys" (comma-separated for several keys)
    "app.help" = "f1"
    [board]                    # a table: its keys are the ids after "board."
    new-theme = "t"
    place = "p,enter"

The app hands the map to Textual (``App.set_keymap``); ``tema keys`` prints the
effective map without starting the UI. A file that cannot be used gives one line naming
the file and the line, and the defaults apply.

The defaults need no AltGr on a Nordic keyboard: every key that does there (``[ ]``)
has a plain alternative (``u``/``U``), and ``?`` (help) and ``/`` (search), which take
shift and are typed as text in a field, also have F1 and ctrl+f. The command palette is
on ctrl+p and ctrl+k.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, format_key, key_to_character

from tema.config import config_dir
from tema.errors import InvalidInput
from tema.i18n import N_, _

FILE_NAME = "keymap.toml"
MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {v.value.rpartition("+")[2] for v in Keys} | {"space", "enter", "tab", "escape", "backspace"}

# Where a binding works, by the part of its id before the first dot (the help and `tema keys`).
WHERE = {
    "app": N_("Everywhere"),
    "transcript-screen": N_("Phases 1–2 — the reader"),
    "transcript": N_("Transcript"),
    "coding": N_("Phase 2 — coding"),
    "codes": N_("Codes panel"),
    "board": N_("Phase 3 — the theme board"),
    "review": N_("Phase 4 — reviewing themes"),
    "define": N_("Phase 5 — defining and naming"),
    "write": N_("Phase 6 — writing up"),
    "picker": N_("Code picker"),
    "search": N_("Search"),
    "check-list": N_("Lists with check boxes"),
    "choose": N_("Choosing from a list"),
    "choose-many": N_("Choosing several from a list"),
    "confirm": N_("Questions (yes/no)"),
    "help": N_("This help"),
    "import": N_("Importing transcripts"),
    "level": N_("The level of a new code"),
    "memo": N_("Writing a note, memo or journal entry"),
    "perspectives": N_("Perspectives of a coding"),
    "phase": N_("Setting the project's phase"),
    "prompt": N_("Typing a name"),
    "task": N_("Progress windows"),
    "preview": N_("Codebook preview"),
    "diff": N_("Coder differences"),
    "extracts": N_("Extracts of a code or theme"),
    "map": N_("Theme map"),
    "second-look": N_("A second look (passages like this, where else)"),
    "export": N_("Export"),
    "matrix": N_("The theme matrix (phase 4)"),
    "feedback": N_("Feedback from the supervisor"),
}


@dataclass(frozen=True)
class KeyRow:
    id: str
    keys: str  # the effective keys, comma-separated (Textual's key names)
    default: str  # the keys tema ships with
    description: str  # English; shown through _()
    where: str  # group title, English; shown through _()


def keymap_path() -> Path:
    return config_dir() / FILE_NAME


# --- every binding ---------------------------------------------------------------------
def binding_classes() -> list[type]:
    """Every class of tema.tui that declares BINDINGS of its own (imports the package)."""
    import tema.tui

    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(tema.tui.__path__, prefix="tema.tui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (cls.__module__ == module.__name__ and issubclass(cls, DOMNode) and "BINDINGS" in cls.__dict__):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    app = importlib.import_module("tema.tui.app").TemaApp
    return [app, *[c for k, c in sorted(found.items()) if c is not app]]


def _bindings_of(cls: type) -> list[Binding]:
    out = []
    for b in cls.__dict__.get("BINDINGS", []):
        out.append(b if isinstance(b, Binding) else Binding(*b))
    return out


def default_rows() -> list[KeyRow]:
    """Each binding id once, with its default keys and description, in declaration order."""
    rows: dict[str, KeyRow] = {}
    for cls in binding_classes():
        for b in _bindings_of(cls):
            if b.id is None or b.id in rows:
                continue
            prefix = b.id.split(".", 1)[0]
            rows[b.id] = KeyRow(b.id, b.key, b.key, b.tooltip or b.description or b.action,
                                WHERE.get(prefix, prefix))
    order = list(WHERE)
    return sorted(rows.values(), key=lambda r: order.index(p) if (p := r.id.split(".", 1)[0]) in order else len(order))


def effective_rows(keymap: dict[str, str]) -> list[KeyRow]:
    return [KeyRow(r.id, keymap.get(r.id, r.default), r.default, r.description, r.where) for r in default_rows()]


def display_keys(keys: str) -> str:
    """Keys as a person reads them: "question_mark,f1" → "?, F1"; "ctrl+shift+left" → "ctrl+shift+←"."""
    out = []
    for key in keys.split(","):
        *mods, base = key.strip().split("+") if len(key.strip()) > 1 else [key.strip()]
        shown = "enter" if base == "enter" else format_key(base)
        shown = shown.upper() if re.fullmatch(r"f\d+", shown) else shown
        out.append("+".join([*mods, shown]))
    return ", ".join(out)


# --- the file ------------------------------------------------------------------------
def normalise_key(key: str) -> str:
    """" F1 " → "f1", "Ctrl+T" → "ctrl+T": modifiers and named keys in Textual's lower case
    (a single character keeps its case: T is shift+t)."""
    *mods, base = key.strip().split("+") if len(key.strip()) > 1 else [key.strip()]
    return "+".join([*(m.lower() for m in mods), base if len(base) == 1 else base.lower()])


def valid_key(key: str) -> bool:
    """A key Textual can bind: modifiers + a character, a named key, or a character's name."""
    *mods, base = key.split("+") if len(key) > 1 else [key]
    if any(m not in MODIFIERS for m in mods) or not base:
        return False
    return len(base) == 1 or base in _NAMED or key_to_character(base) is not None


def _line_of(text: str, key: str) -> int:
    """The line of the file where ``key`` (an id or its last part) is set; 1 when not found."""
    pattern = re.compile(r'^[ \t]*(["\']?)' + re.escape(key) + r'\1[ \t]*=', re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in table.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, name + "."))
        else:
            out[name] = v
    return out


def read_keymap(path: Path | None = None, known: set[str] | None = None) -> dict[str, str]:
    """The keymap file as {binding id: keys}; {} when there is no file. A file that cannot
    be used raises InvalidInput with one line: "FILE:LINE: the problem"."""
    path = path or keymap_path()
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: {_('cannot be read')} ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise InvalidInput(f"{path}:{m.group(1) if m else 1}: {_('not valid TOML')} ({exc})") from None
    known = known if known is not None else {r.id for r in default_rows()}
    out: dict[str, str] = {}
    for binding_id, keys in _flatten(data).items():
        line = _line_of(text, binding_id.rpartition(".")[2] if binding_id not in text else binding_id)
        where = f"{path}:{line}"
        if binding_id not in known:
            raise InvalidInput(_("{where}: no binding has the id {id!r} (`tema keys` lists them)").format(
                where=where, id=binding_id))
        if not isinstance(keys, str) or not keys.strip():
            raise InvalidInput(_("{where}: {id}: the keys must be a string such as \"ctrl+t\" or \"f2,t\"").format(
                where=where, id=binding_id))
        listed = [normalise_key(k) for k in keys.split(",")]
        bad = [k for k in listed if not valid_key(k)]
        if bad:
            raise InvalidInput(_("{where}: {id}: {key!r} is not a key (examples: t, T, ctrl+t, f2, question_mark)").format(
                where=where, id=binding_id, key=bad[0]))
        out[binding_id] = ",".join(listed)
    return out


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(keymap, None), or ({}, the one-line problem) when the file cannot be used."""
    try:
        return read_keymap(path), None
    except InvalidInput as exc:
        return {}, str(exc)


__all__ = ["KeyRow", "WHERE", "default_rows", "display_keys", "effective_rows", "keymap_path", "load_keymap", "read_keymap",
           "valid_key"]
