"""Visual lines and (row, cell) ↔ code-point offsets: exact with CRLF, æøå, emoji, combining marks."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tema.tui.layout import (
    Layout,
    display_text,
    next_grapheme,
    next_word_end,
    paragraphs,
    prev_grapheme,
    prev_word_start,
    wrap,
)

TEXT = (
    "I: Hvordan går det med søsknene?\r\n"
    "Åse: Ærlig talt… 😀 de blir glemt, og jeg må si «nei» til mye. Café-besøk e\u0301n gang.\r\n"
    "\r\n"
    "I: Takk.\tHva mer?\r"
)


def test_paragraphs_exclude_crlf_line_breaks():
    paras = paragraphs(TEXT)
    assert [TEXT[a:b] for a, b in paras] == [
        "I: Hvordan går det med søsknene?",
        "Åse: Ærlig talt… 😀 de blir glemt, og jeg må si «nei» til mye. Café-besøk e\u0301n gang.",
        "",
        "I: Takk.\tHva mer?\r",
    ]


def test_display_text_keeps_length_and_hides_controls():
    d = display_text(TEXT)
    assert len(d) == len(TEXT)
    assert "\t" not in d and d.endswith("mer? ")  # the stray CR at the very end is drawn as a space
    assert d.count("\r\n") == TEXT.count("\r\n")


@pytest.mark.parametrize("width", [7, 12, 20, 33, 80])
def test_rows_cover_every_code_point_once_and_fit(width):
    d = display_text(TEXT)
    lay = Layout(d, width)
    covered = []
    for ln in lay.lines:
        covered.extend(range(ln.start, ln.end))
        assert cell_len(d[ln.start : ln.end].rstrip()) <= width
    breaks = {i for i, ch in enumerate(TEXT) if ch == "\n" or (ch == "\r" and TEXT[i + 1 : i + 2] == "\n")}
    assert covered == [i for i in range(len(TEXT)) if i not in breaks]


def test_wrap_breaks_at_spaces_and_hard_breaks_long_words():
    d = "en lang setning her"
    assert [d[a:b] for a, b in wrap(d, 0, len(d), 8)] == ["en lang ", "setning ", "her"]
    long = "x" * 10
    assert [long[a:b] for a, b in wrap(long, 0, 10, 4)] == ["xxxx", "xxxx", "xx"]
    emoji = "😀😀😀"
    assert [emoji[a:b] for a, b in wrap(emoji, 0, 3, 3)] == ["😀", "😀", "😀"]


def test_spacer_rows_between_paragraphs_only():
    lay = Layout(display_text(TEXT), 200)
    kinds = [("spacer" if ln.spacer else TEXT[ln.start : ln.end][:3]) for ln in lay.lines]
    assert kinds == ["I: ", "spacer", "Åse", "", "I: "]


def test_offset_cell_round_trip_over_every_grapheme():
    d = display_text(TEXT)
    lay = Layout(d, 17)
    i = 0
    while i < len(TEXT):
        if TEXT[i] in "\r\n" and (TEXT[i] == "\n" or TEXT[i + 1 : i + 2] == "\n"):
            i += 1
            continue
        row, x = lay.cell_of(i)
        assert lay.offset_at(row, x) == i, (i, TEXT[i])
        i = next_grapheme(TEXT, i)


def test_emoji_takes_two_cells_and_both_map_to_it():
    d = display_text(TEXT)
    lay = Layout(d, 200)
    smile = TEXT.index("😀")
    row, x = lay.cell_of(smile)
    assert lay.offset_at(row, x) == smile and lay.offset_at(row, x + 1) == smile
    assert lay.offset_at(row, x + 2) == smile + 1
    after = TEXT.index(" de blir")
    assert lay.cell_of(after)[1] == x + 2


def test_line_break_offsets_belong_to_the_row_they_end():
    lay = Layout(display_text(TEXT), 200)
    cr = TEXT.index("\r\n")
    assert lay.row_of(cr) == 0 and lay.row_of(cr + 1) == 0
    assert lay.row_of(cr + 2) == 2  # past the spacer row
    past_end = lay.offset_at(0, 500)
    assert past_end == cr


def test_graphemes_are_never_split():
    combining = TEXT.index("e\u0301")
    assert next_grapheme(TEXT, combining) == combining + 2
    assert prev_grapheme(TEXT, combining + 2) == combining
    smile = TEXT.index("😀")
    assert next_grapheme(TEXT, smile) == smile + 1
    assert prev_grapheme("😀", 1) == 0 and next_grapheme("ab", 2) == 2 and prev_grapheme("ab", 0) == 0


def test_word_steps():
    t = "Vi samarbeider tett, sier hun."
    assert next_word_end(t, 0) == 2
    assert next_word_end(t, 2) == len("Vi samarbeider")
    assert prev_word_start(t, len("Vi samarbeider")) == 3
    assert prev_word_start(t, 3) == 0


def test_one_cell_wrap_makes_the_rows_the_word_by_word_wrap_makes():
    """The row-at-a-time wrap of plain paragraphs (two string searches a row) against the
    word-by-word one it stands in for: long words cut at the edge, runs of spaces,
    leading and trailing spaces, words exactly as wide as the row."""
    import random

    from tema.tui.layout import _wrap_one_cell, _wrap_tokens

    rng = random.Random(5)
    words = ["i", "og", "søsken", "Ærlig", "«nei»", "koordinatoren", "barnevernstjenesten", "–", "f.eks."]
    checked = 0
    for _ in range(3000):
        parts = [" " * rng.choice([0, 0, 1, 2])]
        for _ in range(rng.randint(1, 14)):
            parts.append(rng.choice(words) if rng.random() > 0.1 else "x" * rng.randint(1, 40))
            parts.append(" " * rng.choice([1, 1, 1, 2, 5]))
        text = "".join(parts)[: rng.randint(1, 200)]
        pre = "ab\n"  # the paragraph is not at offset 0
        display = pre + text
        a, b = len(pre), len(display)
        for width in (1, 2, 3, 7, 13, rng.randint(1, 60)):
            assert _wrap_one_cell(display, a, b, width) == _wrap_tokens(display, a, b, width, len), (text, width)
            checked += 1
    assert checked == 18000


def test_a_paragraph_with_other_whitespace_is_wrapped_word_by_word():
    from tema.tui.layout import _wrap_tokens

    d = "ett\u00a0to tre fire"  # a no-break space is whitespace to the wrap, as before
    assert wrap(d, 0, len(d), 6) == _wrap_tokens(d, 0, len(d), 6, len) == [(0, 7), (7, 11), (11, 15)]
