"""A theme map typed in by hand (a mind map drawn on paper, a table from a report) read
into a snapshot structure. Two forms:

Markdown outline — themes are ``#`` headings, subthemes ``##`` headings, codes list
items under the nearest heading, other lines the theme's definition; a label may lead
a heading in brackets::

    # [1] Samarbeid
    Hvordan koordinatoren holder trådene sammen.
    ## [1a] Ansvarsgruppemøter
    - Ansvarsgruppe
    - Møteleder

JSON — ``{"themes": [{"name": …, "label": …, "codes": […], "subthemes": […]}]}``, as
``tema`` itself stores snapshots.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tema.domain.snapshot_restore import validate_structure
from tema.errors import InvalidInput
from tema.i18n import _
from tema.ingest.encoding import decode
from tema.text import clean_name, nfc

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_LABEL = re.compile(r"^\[([^\]]{1,32})\]\s*(.*)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
MAX_BYTES = 5_000_000


def read_map_file(path: Path) -> dict:
    """The structure in ``path`` (Markdown outline or JSON); a one-line error names the file."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInput(_("{source}: larger than {mb} MB — not a theme map").format(source=source, mb=MAX_BYTES // 1_000_000))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("{source}: no such file").format(source=source)) from None
    except IsADirectoryError:
        raise InvalidInput(_("{source}: is a folder, not a file").format(source=source)) from None
    except OSError as exc:
        raise InvalidInput(_("{source}: cannot be read ({problem})").format(source=source, problem=exc.strerror)) from None
    text, _encoding = decode(data, source)
    text = nfc(text)
    if text.lstrip().startswith("{"):
        try:
            structure = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(_("{source}: not valid JSON (line {line}: {problem})").format(source=source, line=exc.lineno, problem=exc.msg)) from None
    else:
        structure = parse_outline(text, source)
    validate_structure(structure, source)
    if not structure["themes"]:
        raise InvalidInput(_("{source}: holds no themes (a theme is a '# name' line)").format(source=source))
    return structure


def parse_outline(text: str, source: str = "outline") -> dict:
    themes: list[dict] = []
    current: dict | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        heading = _HEADING.match(line.strip())
        if heading:
            level, title = len(heading.group(1)), heading.group(2).strip()
            label = None
            bracket = _LABEL.match(title)
            if bracket:
                label, title = clean_name(bracket.group(1)), bracket.group(2)
            if not clean_name(title):
                raise InvalidInput(_("{source}: line {line}: a heading without a name").format(source=source, line=lineno))
            node = {"name": clean_name(title), "label": label, "codes": [], "subthemes": [], "definition": None}
            if level == 1:
                themes.append(node)
            elif level == 2:
                if not themes:
                    raise InvalidInput(_("{source}: line {line}: subtheme {name!r} before any '# theme'").format(source=source, line=lineno, name=node['name']))
                themes[-1]["subthemes"].append(node)
            else:
                raise InvalidInput(_("{source}: line {line}: '{hashes}' — only themes (#) and subthemes (##)").format(source=source, line=lineno, hashes='#' * level))
            current = node
            continue
        item = _ITEM.match(line)
        if current is None:
            raise InvalidInput(_("{source}: line {line}: text before the first '# theme' heading").format(source=source, line=lineno))
        if item:
            if clean_name(item.group(1)):
                current["codes"].append(clean_name(item.group(1)))
        else:
            current["definition"] = ((current["definition"] or "") + " " + line.strip()).strip()
    return {"themes": themes, "unplaced": []}
