"""How big a benchmark run is: the named sizes and what the flags change."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

SIZES = ("small", "team")


@dataclass(frozen=True)
class BenchSpec:
    size: str
    interviews: int
    words_per_interview: int
    codings: int
    codes: int
    themes: int  # themes and subthemes together
    merge_codings: int  # per input project of the merge step
    merge_projects: int = 3
    coders: int = 5
    snapshots: int = 3
    extract_codes: int = 100  # codes timed in the extracts step
    search_words: int = 20
    seed: int = 1

    @property
    def words(self) -> int:
        return self.interviews * self.words_per_interview

    def as_dict(self) -> dict:
        return {**asdict(self), "words": self.words}


PRESETS = {
    # A master's project: five interviews, 800 codings.
    "small": BenchSpec("small", 5, 8_000, 800, 60, 10, 300),
    # A team evaluation: 500 interviews (~5 M words), 100,000 codings, 1,000 codes, 60 themes.
    "team": BenchSpec("team", 500, 10_000, 100_000, 1_000, 60, 30_000),
}


def _clamp(v: float, lo: int, hi: int) -> int:
    return int(max(lo, min(hi, round(v))))


def spec_for(size: str = "small", *, interviews: int | None = None, codings: int | None = None) -> BenchSpec:
    """The preset ``size``, with the interview and coding counts overridden when given
    (codes, themes and the merge inputs then scale with the codings)."""
    spec = PRESETS[size]
    if interviews is not None:
        spec = replace(spec, size="custom", interviews=max(1, interviews))
    if codings is not None:
        codes = _clamp(codings / 100, 20, 1_000)
        spec = replace(
            spec,
            size="custom",
            codings=max(1, codings),
            codes=codes,
            themes=_clamp(codes / 16, 6, 60),
            merge_codings=_clamp(codings * 0.3, 100, 30_000),
        )
    return spec
