"""Markdown writer for a Doc: GitHub-style tables, caption under each table.

``table_lines`` is tema's one Markdown table writer (tables, the codebook, the coder
comparison and the merge report all use it)."""

from __future__ import annotations

from pathlib import Path

from tema.export.doc import Doc, Field, Figure, Heading, PageBreak, Para, Quote, TableBlock, TitlePage, Toc
from tema.export.labels import text
from tema.export.table import Table, cell_text


def caption(block: TableBlock, lang: str) -> str:
    return f"{text(lang, 'table')} {block.number}: {block.table.title}"


def _cell(v) -> str:
    return cell_text(v).replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def table_lines(table: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in table.headers) + " |",
             "|" + "|".join("---" for _ in table.headers) + "|"]
    for row in table.grouped():
        lines.append("| " + " | ".join("" if span == 0 else _cell(v) for v, span in row) + " |")
    return lines


def render(doc: Doc) -> str:
    out: list[str] = []
    figures = 0
    for b in doc.blocks:
        if isinstance(b, TitlePage):
            out += [f"# {b.title}", "", f"*{b.subtitle}*", ""]
            out += [f"**{label}:** {value}  " for label, value in b.lines] + [""]
        elif isinstance(b, Toc) or isinstance(b, PageBreak):
            continue
        elif isinstance(b, Heading):
            out += [f"{'#' * (b.level + 1 if _has_title(doc) else b.level)} {b.text}", ""]
        elif isinstance(b, Para):
            text = f"*{b.text}*" if b.muted else b.text
            out += [f"- {text}", ""] if b.bullet else [text, ""]
        elif isinstance(b, Field):
            out += [f"**{b.label}:** {b.value}", ""]
        elif isinstance(b, Quote):
            body = b.text.replace("\n", "\n> ")
            out += [f"> {body}" + (f" ({b.cite})" if b.cite else ""), ""]
        elif isinstance(b, TableBlock):
            out += table_lines(b.table)
            out += ["", f"*{caption(b, doc.lang)}*", ""]
            if b.table.note:
                out += [b.table.note, ""]
        elif isinstance(b, Figure):  # a theme map: a Mermaid mindmap, drawn by GitHub and most viewers
            from tema.export.mapformats import to_mermaid

            figures += 1
            word = "Figur" if doc.lang == "nb" else "Figure"
            out += ["```mermaid", to_mermaid(b.graph).rstrip(), "```", "", f"*{word} {figures}: {b.caption}*", ""]
    return "\n".join(out).rstrip() + "\n"


def _has_title(doc: Doc) -> bool:
    return any(isinstance(b, TitlePage) for b in doc.blocks)


def write(doc: Doc, path: Path) -> None:
    """Fill ``path`` (the temporary file ``tema.files`` hands the export) with the Markdown."""
    path.write_text(render(doc), encoding="utf-8")
