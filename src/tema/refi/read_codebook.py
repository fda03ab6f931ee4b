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

The whole code book is planned first (names decided against the project's names,
read in two queries) and then written by ``tema.domain.codebook_import.add_codebook``
in a fixed number of flushes, so a 1,000-code book costs what a 10-code one does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from tema.domain import codes as codes_
from tema.domain.codebook_import import NewCode, NewTheme, Ref, add_codebook, existing_names
from tema.refi.conventions import CONCEPT, LABEL, LEVEL, SCOPE, STATUS, split_footer
from tema.refi.model import RefiCode, RefiSet
from tema.store import models as m
from tema.text import clean_name, name_key

_RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
SET_PLACED, SET_THEME = "code sets → theme placements", "code sets → candidate themes"


@dataclass
class CodebookResult:
    codes: dict[str, int] = field(default_factory=dict)  # REFI guid → code id
    themes: dict[str, int] = field(default_factory=dict)  # REFI guid → theme id
    created_codes: int = 0
    reused_codes: int = 0
    created_themes: int = 0
    set_actions: list[str] = field(default_factory=list)  # what each code Set became
    retire: list[int] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (kind, text), see tema.refi.report


class CodebookImporter:
    def __init__(self, session: Session, coder_id: int | None, *, reuse_existing: bool) -> None:
        self.s = session
        self.coder_id = coder_id
        self.reuse = reuse_existing
        self.result = CodebookResult()
        self.have = existing_names(session)
        self._codes: list[NewCode] = []
        self._themes: list[NewTheme] = []
        self._places: list[tuple[Ref, Ref]] = []
        self._code_ref: dict[str, Ref] = {}  # REFI guid → new ref or existing id
        self._theme_ref: dict[str, Ref] = {}
        self._code_keys: set[str] = set()  # names this import created
        self._theme_keys: set[str] = set()
        self._theme_names: dict[Ref, str] = {}
        self._retire: list[Ref] = []
        self._folded = False

    # -- names ------------------------------------------------------------------
    def _code_taken(self, name: str) -> bool:
        return name_key(name) in self.have.codes or name_key(name) in self._code_keys

    def _code_name(self, name: str, parent: str | None) -> tuple[str, int | None]:
        name = clean_name(name) or "Unnamed code"
        if not self._code_taken(name):
            return name, None
        existing = self.have.codes.get(name_key(name))
        if self.reuse and existing is not None and existing[2] and name_key(name) not in self._code_keys:
            return name, existing[0]
        for candidate in ([f"{name} ({clean_name(parent)})"] if parent else []) + [f"{name} ({i})" for i in range(2, 1000)]:
            if not self._code_taken(candidate):
                self.result.warnings.append(("renamed", f"code «{name}»: the name is taken; imported as «{candidate}»"))
                return candidate, None
        raise AssertionError("unreachable")

    def _existing_theme(self, name: str) -> int | None:
        return self.have.themes.get(name_key(name), self.have.themes.get(name.casefold()))

    def _theme_taken(self, name: str) -> bool:
        return self._existing_theme(name) is not None or name_key(name) in self._theme_keys

    def _theme_name(self, name: str) -> tuple[str, int | None]:
        name = clean_name(name) or "Unnamed theme"
        if not self._theme_taken(name):
            return name, None
        if self.reuse and name_key(name) not in self._theme_keys:
            return name, self._existing_theme(name)
        for i in range(2, 1000):
            candidate = f"{name} ({i})"
            if not self._theme_taken(candidate):
                self.result.warnings.append(("renamed", f"theme «{name}»: the name is taken; imported as «{candidate}»"))
                return candidate, None
        raise AssertionError("unreachable")

    def _new_theme(self, spec: NewTheme) -> str:
        self._themes.append(spec)
        self._theme_keys.add(name_key(spec.name))
        if spec.label:
            self._theme_keys.add(clean_name(spec.label).casefold())
        self._theme_names[spec.ref] = spec.name
        self.result.created_themes += 1
        return spec.ref

    # -- the tree ---------------------------------------------------------------
    def run(self, roots: list[RefiCode], sets: Sequence[RefiSet] = ()) -> CodebookResult:
        """Plan the tree and the code Sets, then write them all."""
        for node in roots:
            self._node(node, theme=None, depth=0, parent_code=None)
        self.result.set_actions = [a for a in (self._code_set(st) for st in sets) if a]
        code_ids, theme_ids = add_codebook(self.s, self._codes, self._themes, self._places, coder_id=self.coder_id)

        def resolve(ref: Ref, new: dict[str, int]) -> int:
            return ref if isinstance(ref, int) else new[ref]

        self.result.codes = {g: resolve(r, code_ids) for g, r in self._code_ref.items()}
        self.result.themes = {g: resolve(r, theme_ids) for g, r in self._theme_ref.items()}
        self.result.retire = [resolve(r, code_ids) for r in self._retire]
        return self.result

    def _node(self, node: RefiCode, *, theme: Ref | None, depth: int, parent_code: tuple[Ref, str] | None) -> None:
        if node.codable:
            ref, name = self._code(node, parent_code)
            if theme is not None:
                self._places.append((theme, ref))
            for child in node.children:
                self._node(child, theme=None, depth=depth, parent_code=(ref, name))
            return
        if parent_code is not None:
            self.result.warnings.append(("not carried",
                f"«{node.name}»: a non-codable group inside code «{parent_code[1]}»; kept as a theme at the top"
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
            self._theme_ref.setdefault(node.guid, here)
        for child in node.children:
            self._node(child, theme=here, depth=depth + 1, parent_code=None)

    def _code(self, node: RefiCode, parent_code: tuple[Ref, str] | None) -> tuple[Ref, str]:
        definition, footer = split_footer(node.description)
        name, existing = self._code_name(node.name, parent_code[1] if parent_code else None)
        ref: Ref
        if existing is not None:
            ref = existing
            self.result.reused_codes += 1
        else:
            ref = f"code-{len(self._codes)}"
            colour = node.colour if node.colour and _RGB.match(node.colour) else None
            level = "latent" if footer.get(LEVEL, "").lower() == "latent" else None
            self._codes.append(NewCode(ref, name, level=level, definition=definition, colour=colour,
                                       parent=parent_code[0] if parent_code else None))
            self._code_keys.add(name_key(name))
            self.result.created_codes += 1
            if footer.get(STATUS, "").lower() == "retired":
                self._retire.append(ref)
        if node.guid:
            self._code_ref[node.guid] = ref
        return ref, name

    def _theme(self, node: RefiCode, parent: Ref | None) -> Ref:
        definition, footer = split_footer(node.description)
        name, existing = self._theme_name(node.name)
        if existing is not None:
            self._theme_names.setdefault(existing, name)
            return existing
        status = footer.get(STATUS, "").lower()
        return self._new_theme(NewTheme(
            f"theme-{len(self._themes)}", name, parent=parent, label=footer.get(LABEL), definition=definition,
            central_concept=footer.get(CONCEPT), scope=footer.get(SCOPE),
            status=status if status in m.THEME_STATUSES else None,
        ))

    # -- sets ---------------------------------------------------------------------
    def _code_set(self, st: RefiSet) -> str | None:
        """Place a Set's codes in the theme of the same name, or make it a candidate
        theme; returns what was done (None when the Set holds no known codes)."""
        members = [self._code_ref[g] for g in st.codes if g in self._code_ref]
        if not members:
            return None
        theme = next((r for r in self._theme_ref.values() if name_key(self._theme_names.get(r, "")) == name_key(st.name)),
                     None)
        action = SET_PLACED
        if theme is None:
            name, existing = self._theme_name(st.name or "Code set")
            theme = existing if existing is not None else self._new_theme(NewTheme(f"theme-{len(self._themes)}", name))
            self._theme_names.setdefault(theme, name)
            if st.guid:
                self._theme_ref[st.guid] = theme
            action = SET_THEME
        self._places += [(theme, code) for code in members]
        return action

    def finish(self) -> None:
        """Retire the codes the file marks retired (after their codings are in)."""
        for code_id in self.result.retire:
            code = self.s.get(m.Code, code_id)
            if code is not None:
                codes_.retire_code(self.s, code, self.coder_id)
