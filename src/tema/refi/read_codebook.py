"""A REFI-QDA code tree (and code Sets) into a project's codes and themes.

- A **codable** ``<Code>`` becomes a code; codable children of a codable code stay
  codes, nested through ``Code.parent_id``.
- A **non-codable** ``<Code>`` becomes a theme (at the top) or a subtheme (one
  level down); its codable children are placed in it. tema has two theme levels,
  so deeper non-codable groups are folded into their subtheme (with a warning).
- ``Label:``/``Status:``/``Level:``… lines written by tema's export are read back.
- A Set named like an imported theme adds its codes to that theme (how tema
  exports a code that sits in several themes); any other Set of codes (an
  ATLAS.ti code group, say) becomes a candidate theme.

Names must be unique in tema, not in REFI (NVivo allows an "Other" under every
parent): a clash gets the parent's name, then a number, added — and a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from tema.domain import codes as codes_
from tema.domain import themes as themes_
from tema.refi.conventions import CONCEPT, LABEL, LEVEL, SCOPE, STATUS, split_footer
from tema.refi.model import RefiCode, RefiSet
from tema.store import models as m
from tema.text import clean_name, name_key

_RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


@dataclass
class CodebookResult:
    codes: dict[str, m.Code] = field(default_factory=dict)  # REFI guid → code
    themes: dict[str, m.Theme] = field(default_factory=dict)  # REFI guid → theme
    created_codes: int = 0
    reused_codes: int = 0
    created_themes: int = 0
    retire: list[m.Code] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (kind, text), see tema.refi.report


class CodebookImporter:
    def __init__(self, session: Session, coder_id: int | None, *, reuse_existing: bool) -> None:
        self.s = session
        self.coder_id = coder_id
        self.reuse = reuse_existing
        self.result = CodebookResult()
        self._made_codes: set[int] = set()
        self._made_themes: set[int] = set()
        self._folded = False

    # -- names ------------------------------------------------------------------
    def _code_name(self, name: str, parent: str | None) -> tuple[str, m.Code | None]:
        name = clean_name(name) or "Unnamed code"
        existing = codes_.lookup_code(self.s, name, include_inactive=True)
        if existing is None:
            return name, None
        if self.reuse and existing.id not in self._made_codes and existing.deleted_at is None and existing.status == "active":
            return name, existing
        for candidate in ([f"{name} ({clean_name(parent)})"] if parent else []) + [f"{name} ({i})" for i in range(2, 1000)]:
            if codes_.lookup_code(self.s, candidate, include_inactive=True) is None:
                self.result.warnings.append(("renamed", f"code «{name}»: the name is taken; imported as «{candidate}»"))
                return candidate, None
        raise AssertionError("unreachable")

    def _theme_name(self, name: str) -> tuple[str, m.Theme | None]:
        name = clean_name(name) or "Unnamed theme"
        existing = themes_.lookup_theme(self.s, name)
        if existing is None:
            return name, None
        if self.reuse and existing.id not in self._made_themes:
            return name, existing
        for i in range(2, 1000):
            candidate = f"{name} ({i})"
            if themes_.lookup_theme(self.s, candidate) is None:
                self.result.warnings.append(("renamed", f"theme «{name}»: the name is taken; imported as «{candidate}»"))
                return candidate, None
        raise AssertionError("unreachable")

    # -- the tree ---------------------------------------------------------------
    def run(self, roots: list[RefiCode]) -> CodebookResult:
        for node in roots:
            self._node(node, theme=None, depth=0, parent_code=None)
        return self.result

    def _node(self, node: RefiCode, *, theme: m.Theme | None, depth: int, parent_code: m.Code | None) -> None:
        if node.codable:
            code = self._code(node, parent_code)
            if theme is not None and self.s.get(m.ThemeCode, (theme.id, code.id)) is None:
                themes_.place_code(self.s, code, theme, self.coder_id)
            for child in node.children:
                self._node(child, theme=None, depth=depth, parent_code=code)
            return
        if parent_code is not None:
            self.result.warnings.append(("not carried",
                f"«{node.name}»: a non-codable group inside code «{parent_code.name}»; kept as a theme at the top"
            ))
            depth, theme = 0, None
        if depth >= 2:
            if not self._folded:
                self.result.warnings.append(("not carried",
                    f"«{node.name}»: groups nested deeper than theme → subtheme are folded into their subtheme"
                ))
                self._folded = True
            here = theme
        else:
            here = self._theme(node, parent=theme if depth == 1 else None)
        if node.guid and here is not None:
            self.result.themes.setdefault(node.guid, here)
        for child in node.children:
            self._node(child, theme=here, depth=depth + 1, parent_code=None)

    def _code(self, node: RefiCode, parent_code: m.Code | None) -> m.Code:
        definition, footer = split_footer(node.description)
        name, existing = self._code_name(node.name, parent_code.name if parent_code else None)
        if existing is not None:
            code = existing
            self.result.reused_codes += 1
        else:
            colour = node.colour if node.colour and _RGB.match(node.colour) else None
            level = "latent" if footer.get(LEVEL, "").lower() == "latent" else None
            code = codes_.create_code(self.s, name, level=level, definition=definition, colour=colour, coder_id=self.coder_id)
            self.s.flush()
            self._made_codes.add(code.id)
            self.result.created_codes += 1
            if parent_code is not None:
                codes_.set_code_parent(self.s, code, parent_code, self.coder_id)
            if footer.get(STATUS, "").lower() == "retired":
                self.result.retire.append(code)
        if node.guid:
            self.result.codes[node.guid] = code
        return code

    def _theme(self, node: RefiCode, parent: m.Theme | None) -> m.Theme:
        definition, footer = split_footer(node.description)
        name, existing = self._theme_name(node.name)
        if existing is not None:
            return existing
        t = themes_.create_theme(self.s, name, parent=parent, label=footer.get(LABEL), definition=definition,
                                 coder_id=self.coder_id)
        self._made_themes.add(t.id)
        self.result.created_themes += 1
        status = footer.get(STATUS, "").lower()
        themes_.set_theme_fields(
            self.s, t,
            central_concept=footer.get(CONCEPT), scope=footer.get(SCOPE),
            status=status if status in m.THEME_STATUSES else None, coder_id=self.coder_id,
        )
        return t

    # -- sets ---------------------------------------------------------------------
    def code_set(self, st: RefiSet) -> str | None:
        """Place a Set's codes in the theme of the same name, or make it a candidate
        theme; returns what was done (None when the Set holds no known codes)."""
        members = [self.result.codes[g] for g in st.codes if g in self.result.codes]
        if not members:
            return None
        theme = next((t for t in self.result.themes.values() if name_key(t.name) == name_key(st.name)), None)
        action = "code sets → theme placements"
        if theme is None:
            name, existing = self._theme_name(st.name or "Code set")
            theme = existing or themes_.create_theme(self.s, name, coder_id=self.coder_id)
            if existing is None:
                self._made_themes.add(theme.id)
                self.result.created_themes += 1
            if st.guid:
                self.result.themes[st.guid] = theme
            action = "code sets → candidate themes"
        for code in members:
            if self.s.get(m.ThemeCode, (theme.id, code.id)) is None:
                themes_.place_code(self.s, code, theme, self.coder_id)
        return action

    def finish(self) -> None:
        """Retire the codes the file marks retired (after their codings are in)."""
        for code in self.result.retire:
            codes_.retire_code(self.s, code, self.coder_id)
