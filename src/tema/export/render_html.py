"""HTML writer for a Doc: one self-contained page (UTF-8, inline CSS, real tables)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from tema.export.doc import Doc, Field, Heading, PageBreak, Para, Quote, TableBlock, TitlePage, Toc
from tema.export.render_md import caption
from tema.export.table import Table, cell_text

CSS = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }
h1, h2, h3 { line-height: 1.25; } h1 { border-bottom: 2px solid #4e79a7; padding-bottom: .2em; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #b8c4d0; padding: .35rem .55rem; vertical-align: top; text-align: left; }
thead th { background: #dfe7f1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; font-style: italic; padding-top: .4rem; }
blockquote { margin: .6rem 0 .6rem 1rem; padding-left: .8rem; border-left: 3px solid #b8c4d0; }
blockquote cite { font-style: normal; color: #555; }
.muted { color: #666; font-style: italic; }
.titlepage { margin-bottom: 3rem; } .titlepage .subtitle { font-size: 1.3rem; color: #4e79a7; }
.field b { font-weight: 600; }
"""


def _cell(v) -> str:
    return escape(cell_text(v)).replace("\n", "<br>")


def table_html(table: Table, cap: str) -> str:
    parts = ["<table>", f"<caption>{escape(cap)}</caption>", "<thead><tr>"]
    parts += [f"<th scope=\"col\">{escape(h)}</th>" for h in table.headers]
    parts.append("</tr></thead><tbody>")
    for i, row in enumerate(table.grouped()):
        parts.append("<tr>")
        for j, (v, span) in enumerate(row):
            if span == 0:
                continue
            attrs = f' rowspan="{span}"' if span > 1 else ""
            if isinstance(v, (int, float)):
                attrs += ' class="num"'
            fill = table.fills.get((i, j))
            if fill:
                attrs += f' style="background:{escape(fill)}"'
            parts.append(f"<td{attrs}>{_cell(v)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def render(doc: Doc) -> str:
    body: list[str] = []
    shift = 1 if any(isinstance(b, TitlePage) for b in doc.blocks) else 0
    for b in doc.blocks:
        if isinstance(b, TitlePage):
            lines = "".join(f"<p class=\"field\"><b>{escape(k)}:</b> {escape(v)}</p>" for k, v in b.lines)
            body.append(f"<header class=\"titlepage\"><h1>{escape(b.title)}</h1>"
                        f"<p class=\"subtitle\">{escape(b.subtitle)}</p>{lines}</header>")
        elif isinstance(b, (Toc, PageBreak)):
            continue
        elif isinstance(b, Heading):
            n = min(6, b.level + shift)
            body.append(f"<h{n}>{escape(b.text)}</h{n}>")
        elif isinstance(b, Para):
            cls = ' class="muted"' if b.muted else ""
            body.append(f"<p{cls}>{escape(b.text)}</p>")
        elif isinstance(b, Field):
            body.append(f"<p class=\"field\"><b>{escape(b.label)}:</b> {escape(b.value)}</p>")
        elif isinstance(b, Quote):
            cite = f" <cite>({escape(b.cite)})</cite>" if b.cite else ""
            body.append(f"<blockquote>{escape(b.text)}{cite}</blockquote>")
        elif isinstance(b, TableBlock):
            body.append(table_html(b.table, caption(b, doc.lang)))
            if b.table.note:
                body.append(f"<p class=\"muted\">{escape(b.table.note)}</p>")
    lang = "nb" if doc.lang == "nb" else "en"
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(doc.title)}</title><style>{CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def write(doc: Doc, path: Path) -> None:
    path.write_text(render(doc), encoding="utf-8")
