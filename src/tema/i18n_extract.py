"""Babel's extraction method for tema: Python's marked strings, plus the help texts of the
command line that live in docstrings.

A click command's help is its function's docstring; the command line shows it through
the catalogue (``tema.i18n_click``), so the catalogue needs it as a message: the
docstring of every function decorated with ``….command(…)`` or ``….group(…)`` is
extracted, cleaned as ``inspect.cleandoc`` cleans it (the form it is looked up in).

Configured in ``pyproject.toml`` (``[tool.babel]``); Babel is a development dependency,
imported only when extracting.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from typing import IO, Any


def _is_click_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, cleaned docstring) of every click command and group defined in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(_is_click_decorator(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, doc


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    """Babel extraction method: ``extract_python``'s messages and the command docstrings."""
    from babel.messages.extract import extract_python

    data = fileobj.read()
    yield from extract_python(io.BytesIO(data), keywords, comment_tags, options)
    for line, doc in command_docstrings(data.decode(options.get("encoding", "utf-8"))):
        yield line, None, doc, ["command help (docstring)"]
