"""The merge plan: which codes of the projects being merged are the same code.

Codes match exactly by their name key (NFC, case, whitespace). Names that are
near each other (rapidfuzz ``token_sort_ratio`` on lower-cased words, so typos
and word order count, case does not) are *proposed* as the same code, each with
its score, in a TOML file the team reviews and edits (``accept = true/false``)
before ``tema merge … --apply`` follows it. Nothing is merged on a guess.

The file is pseudonymised by default (every code name through the projects' pseudonym
rules; ``pseudonymised = true`` in its ``[merge]`` table): reading it back maps each name
to the code it stands for, and a name that stands for more than one code is refused.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import tomli_w
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.pseudonyms import Pseudonymizer
from tema.errors import InvalidInput
from tema.files import write_text
from tema.i18n import _
from tema.store import models as m
from tema.text import name_key, nb_sort_key

SCORER = "rapidfuzz token_sort_ratio"
OUT_LABEL = "OUT"


@dataclass
class CodeInfo:
    """One code of one source (an input, or OUT itself)."""

    id: int
    key: str
    name: str
    definition: str | None
    level: str
    colour: str | None
    status: str
    deleted: bool
    created_by: str | None
    parent_key: str | None
    codings: int


@dataclass
class Catalogue:
    """A source's codes: live ones by key, and where merged-away codes ended up."""

    source: str
    codes: dict[str, CodeInfo]
    merged_into: dict[int, str] = field(default_factory=dict)  # merged code id → key of its final target
    rules: list[tuple[str, str]] = field(default_factory=list)  # its pseudonym rules (real, replacement)


def read_catalogue(session: Session, source: str) -> Catalogue:
    counts = dict(session.execute(select(m.Coding.code_id, func.count()).group_by(m.Coding.code_id)).all())
    coders: dict[int | None, str] = dict(session.execute(select(m.Coder.id, m.Coder.name)).all())
    rows = list(session.execute(select(m.Code)).scalars())
    by_id = {c.id: c for c in rows}
    codes: dict[str, CodeInfo] = {}
    merged: dict[int, str] = {}
    for c in rows:
        if c.status == "merged":
            continue
        parent = by_id.get(c.parent_id) if c.parent_id else None
        codes[c.key] = CodeInfo(
            c.id, c.key, c.name, c.definition, c.level, c.colour, c.status, c.deleted_at is not None,
            coders.get(c.created_by_id), parent.key if parent is not None and parent.status != "merged" else None,
            counts.get(c.id, 0),
        )
    for c in rows:
        if c.status == "merged":
            target: m.Code | None = c
            seen: set[int] = set()
            while target is not None and target.status == "merged" and target.id not in seen:
                seen.add(target.id)
                target = by_id.get(target.merged_into_id) if target.merged_into_id else None
            if target is not None and target.status != "merged":
                merged[c.id] = target.key
    rules = [(r, p) for r, p in session.execute(select(m.PseudonymRule.real, m.PseudonymRule.replacement))]
    return Catalogue(source, codes, merged, rules)


@dataclass
class Proposal:
    code: str
    into: str
    score: float
    accept: bool = True

    @property
    def code_key(self) -> str:
        return name_key(self.code)

    @property
    def into_key(self) -> str:
        return name_key(self.into)


@dataclass
class MergePlan:
    out: str
    inputs: list[str]
    threshold: float
    catalogues: list[Catalogue]  # OUT's first when it exists, then the inputs in order
    proposals: list[Proposal]

    # ---- derived views ---------------------------------------------------------
    def sources_of(self, key: str) -> list[Catalogue]:
        return [c for c in self.catalogues if key in c.codes]

    def info(self, key: str) -> CodeInfo:
        for cat in self.catalogues:
            if key in cat.codes:
                return cat.codes[key]
        raise KeyError(key)

    def all_keys(self) -> list[str]:
        return list(dict.fromkeys(k for cat in self.catalogues for k in cat.codes))

    def pseudonymizer(self) -> Pseudonymizer:
        """Every source's pseudonym rules (OUT's first; a real string's first rule wins)."""
        rules: dict[str, tuple[str, str]] = {}
        for cat in self.catalogues:
            for real, repl in cat.rules:
                rules.setdefault(real.casefold(), (real, repl))
        return Pseudonymizer(list(rules.values()))

    def resolver(self, pseudonymised: bool) -> NameResolver:
        return NameResolver(self, self.pseudonymizer() if pseudonymised else None)

    def out_keys(self) -> set[str]:
        return set(self.catalogues[0].codes) if self.catalogues and self.catalogues[0].source == OUT_LABEL else set()

    def mapping(self) -> dict[str, str]:
        """code key → the key it merges into (accepted proposals, chains followed)."""
        direct = {p.code_key: p.into_key for p in self.proposals if p.accept}
        out: dict[str, str] = {}
        for key in direct:
            seen, target = {key}, direct[key]
            while target in direct:
                if target in seen:
                    raise InvalidInput(_("merge plan: codes {codes} are merged into each other in a circle").format(codes=sorted(seen)))
                seen.add(target)
                target = direct[target]
            out[key] = target
        return out

    def exact(self) -> list[str]:
        return [k for k in self.all_keys() if len(self.sources_of(k)) > 1]

    def new(self) -> list[str]:
        proposed = {p.code_key for p in self.proposals if p.accept}
        return [k for k in self.all_keys() if k not in self.out_keys() and k not in proposed]


def propose(catalogues: list[Catalogue], threshold: float) -> list[Proposal]:
    """Near names, greedily: each code (OUT's first, then each input's in Norwegian
    order) is compared with the codes kept so far; the best match at or above the
    threshold that never sits in the same project is proposed."""
    sources: dict[str, set[str]] = {}
    for cat in catalogues:
        for key in cat.codes:
            sources.setdefault(key, set()).add(cat.source)
    kept: list[str] = []
    kept_set: set[str] = set()
    proposals: list[Proposal] = []
    for cat in catalogues:
        for key in sorted(cat.codes, key=lambda k: nb_sort_key(cat.codes[k].name)):
            if key in kept_set or any(p.code_key == key for p in proposals):
                continue
            best = None
            if cat.source != OUT_LABEL and kept:
                for cand, score, _ in process.extract(
                    key, kept, scorer=fuzz.token_sort_ratio, processor=default_process,
                    score_cutoff=threshold, limit=10,
                ):
                    if not (sources[cand] & sources[key]):
                        best = (cand, score)
                        break
            if best is None:
                kept.append(key)
                kept_set.add(key)
            else:
                into = next(c.codes[best[0]].name for c in catalogues if best[0] in c.codes)
                proposals.append(Proposal(cat.codes[key].name, into, round(float(best[1]), 1)))
    return proposals


def build_plan(out: str, inputs: list[str], catalogues: list[Catalogue], threshold: float) -> MergePlan:
    if not 0 < threshold <= 100:
        raise InvalidInput(_("--threshold {threshold}: must be between 1 and 100").format(threshold=threshold))
    return MergePlan(out, inputs, threshold, catalogues, propose(catalogues, threshold))


# ---- the TOML file ---------------------------------------------------------------

HEADER = """\
# tema merge plan — review it, then run the same `tema merge` command with --apply.
#
# "proposed": near names that may be the same code, with their rapidfuzz score
#             (0–100). Set accept to true to merge `code` into `into`, to false
#             to keep them as two codes. You may also change `into` to another
#             code's name, or add a proposed entry of your own.
# "exact":    names that match exactly (ignoring case and spacing): merged.
# "new":      codes found in one project only: added as they are.
# Codings always keep their coder; nothing is deleted.
# Names are pseudonymised with the projects' pseudonym rules unless `pseudonymised = false`;
# tema maps each name back to the code it stands for when it follows the plan.
"""


def _where(plan: MergePlan, key: str) -> list[str]:
    return [f"{c.source} ({c.codes[key].codings} codings)" for c in plan.sources_of(key)]


def plan_document(plan: MergePlan, pseudonymise: bool = True) -> dict:
    pz = plan.pseudonymizer() if pseudonymise else Pseudonymizer([])

    def name(text: str) -> str:
        return pz(text) or ""

    return {
        "merge": {
            "out": plan.out,
            "inputs": plan.inputs,
            "threshold": plan.threshold,
            "scorer": SCORER,
            "pseudonymised": pseudonymise,
            "written": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
        "proposed": [
            {"code": name(p.code), "into": name(p.into), "score": p.score, "accept": p.accept,
             "code_in": _where(plan, p.code_key), "into_in": _where(plan, p.into_key)}
            for p in plan.proposals
        ],
        "exact": [
            {"code": name(plan.info(k).name),
             "variants": sorted({name(c.codes[k].name) for c in plan.sources_of(k)}, key=nb_sort_key),
             "found_in": _where(plan, k)}
            for k in sorted(plan.exact(), key=lambda k: nb_sort_key(name(plan.info(k).name)))
        ],
        "new": [
            {"code": name(plan.info(k).name), "found_in": _where(plan, k)}
            for k in sorted(plan.new(), key=lambda k: nb_sort_key(name(plan.info(k).name)))
            if len(plan.sources_of(k)) == 1
        ],
    }


def write_plan(plan: MergePlan, path: Path, *, force: bool = False, pseudonymise: bool = True) -> Path:
    """Write the plan file through ``tema.files`` (0600, atomic; an existing file only with ``force``)."""
    doc = {k: v for k, v in plan_document(plan, pseudonymise).items() if v}  # TOML has no empty array of tables
    return write_text(path, HEADER + "\n" + tomli_w.dumps(doc), force=force)


class NameResolver:
    """Which code a name in a plan file stands for: its own name, or (in a pseudonymised
    plan) the pseudonymised name of exactly one code."""

    def __init__(self, plan: MergePlan, pz: Pseudonymizer | None) -> None:
        self.known = set(plan.all_keys())
        self.aliases: dict[str, set[str]] = {}
        if pz is not None and pz.active:
            for key in self.known:
                self.aliases.setdefault(name_key(pz(plan.info(key).name) or ""), set()).add(key)

    def candidates(self, value: str) -> set[str]:
        key = name_key(value)
        if key in self.aliases:
            return self.aliases[key]
        return {key} if key in self.known else set()

    def key(self, value: str) -> str | None:
        """The one code ``value`` names (None when it names none or several)."""
        found = self.candidates(value)
        return next(iter(found)) if len(found) == 1 else None


def _is_pseudonymised(doc: dict) -> bool:
    merge = doc.get("merge")
    return isinstance(merge, dict) and merge.get("pseudonymised") is True


def carry_decisions(plan: MergePlan, path: Path) -> int:
    """Keep the accept/reject decisions of an earlier plan file for the same pairs."""
    try:
        old = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return 0
    names = plan.resolver(_is_pseudonymised(old))
    decided = {
        (names.key(str(e.get("code", ""))), names.key(str(e.get("into", "")))): e["accept"]
        for e in old.get("proposed", []) if isinstance(e, dict) and isinstance(e.get("accept"), bool)
    }
    n = 0
    for p in plan.proposals:
        if (p.code_key, p.into_key) in decided:
            p.accept = decided[(p.code_key, p.into_key)]
            n += 1
    return n


_LINE_COL = re.compile(r"\(at line (\d+), column (\d+)\)")


def _entry_lines(text: str, table: str) -> list[int]:
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [i for i, line in enumerate(text.splitlines(), 1) if header.match(line)]


def _field_line(text: str, start: int, name: str) -> int:
    """The line of ``name = …`` inside the entry whose header is on line ``start``."""
    pat = re.compile(rf"^\s*\"?{re.escape(name)}\"?\s*=")
    lines = text.splitlines()
    for i in range(start, len(lines)):  # lines[start] is the line after the header
        if lines[i].lstrip().startswith("["):
            break
        if pat.match(lines[i]):
            return i + 1
    return start


def read_plan_file(path: Path, plan: MergePlan) -> MergePlan:
    """Apply the decisions of an (edited) plan file to a freshly computed plan.

    Every error names the file and line: bad TOML, an entry without its fields,
    a code that is in no project, a proposal of the inputs missing from the file
    (the inputs changed since the plan was written)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(
            _("{path}: no merge plan there; run `tema merge` without --apply first to write "
              "one, then review it").format(path=path)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(_("{path}: cannot read the merge plan ({problem})").format(path=path, problem=exc)) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _LINE_COL.search(str(exc))
        line = found.group(1) if found else "?"
        raise InvalidInput(_("{path}: line {line}: not valid TOML ({problem})").format(path=path, line=line, problem=_LINE_COL.sub('', str(exc)).strip())) from None
    entries = doc.get("proposed", [])
    if not isinstance(entries, list):
        raise InvalidInput(_("{path}: `proposed` must be a list of [[proposed]] tables").format(path=path))
    lines = _entry_lines(text, "proposed")
    names = plan.resolver(_is_pseudonymised(doc))
    out_keys = plan.out_keys()
    decided: list[Proposal] = []
    for i, entry in enumerate(entries):
        start = lines[i] if i < len(lines) else 1
        if not isinstance(entry, dict):
            raise InvalidInput(_("{path}: line {line}: a [[proposed]] entry must be a table").format(path=path, line=start))
        for name, kind in (("code", str), ("into", str), ("accept", bool)):
            if not isinstance(entry.get(name), kind):
                want = "true or false" if kind is bool else "a code name in quotes"
                raise InvalidInput(_("{path}: line {line}: `{name}` must be {want}").format(path=path, line=_field_line(text, start, name), name=name, want=want))
        code, into = entry["code"], entry["into"]
        keys = []
        for name, value in (("code", code), ("into", into)):
            codes = names.candidates(value)
            if not codes:
                raise InvalidInput(
                    _("{path}: line {line}: unknown code {code!r} (not a code in {sources})").format(path=path, line=_field_line(text, start, name), code=value, sources=' or '.join(c.source for c in plan.catalogues))
                )
            if len(codes) > 1:
                raise InvalidInput(
                    _("{path}: line {line}: {name!r} stands for {n} codes once pseudonymised; "
                      "write the plan with --no-pseudonymise to tell them apart").format(path=path, line=_field_line(text, start, name), name=value, n=len(codes))
                )
            keys.append(next(iter(codes)))
        code_key, into_key = keys
        if code_key == into_key:
            raise InvalidInput(_("{path}: line {line}: {code!r} cannot merge into itself").format(path=path, line=_field_line(text, start, 'into'), code=code))
        if entry["accept"] and code_key in out_keys:
            raise InvalidInput(
                _("{path}: line {line}: {code!r} is already a code of OUT; merge codes there "
                  "with `tema codes merge`").format(path=path, line=_field_line(text, start, 'code'), code=code)
            )
        decided.append(Proposal(plan.info(code_key).name, plan.info(into_key).name,
                                float(entry.get("score", 0) or 0), entry["accept"]))
    covered = {p.code_key for p in decided}
    for p in plan.proposals:
        if p.code_key not in covered:
            raise InvalidInput(
                _("{path}: the plan has no decision for {code!r} → {into!r} (score {score}); the "
                  "inputs changed since it was written — run without --apply to write a new plan").format(path=path, code=p.code, into=p.into, score=p.score)
            )
    result = MergePlan(plan.out, plan.inputs, plan.threshold, plan.catalogues, decided)
    result.mapping()  # circles are an error now, not half-way through the merge
    return result


def plan_threshold(path: Path) -> float | None:
    """The threshold an existing plan file was written with (None when unreadable)."""
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("merge", {}).get("threshold")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return float(value) if isinstance(value, (int, float)) else None


def plan_inputs(path: Path) -> list[str] | None:
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("merge", {}).get("inputs")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return [str(v) for v in value] if isinstance(value, list) else None
