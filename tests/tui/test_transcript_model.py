"""The transcript model: coverage runs of overlapping codings, segment and note lookups, speaker labels."""

from __future__ import annotations

from tema.domain.coding import CodingView
from tema.tui.transcript_model import NoteMark, TranscriptModel, coverage_runs

TEXT = "I: Hei?\nÅse: Én. To tre. Fire.\n"


def cv(i, start, end, code="K"):
    return CodingView(i, code, i, "semantic", "#4e79a7", start, end, TEXT[start:end], "T", (), None)


def model(codings=(), notes=()):
    a = TEXT.index("Én.")
    sents = [(3, 7), (a, a + 3), (a + 4, a + 11), (a + 12, a + 17)]
    turns = [(3, 7, "I"), (a, a + 17, "Åse")]
    return TranscriptModel(1, "Åse", "Åse (A)", TEXT, sents, turns, list(codings), list(notes))


def test_runs_split_where_the_set_of_codings_changes():
    marks = [cv(1, 0, 10), cv(2, 5, 15), cv(3, 20, 22)]
    runs = coverage_runs(marks)
    assert [(r.start, r.end, r.codings) for r in runs] == [(0, 5, (0,)), (5, 10, (0, 1)), (10, 15, (1,)), (20, 22, (2,))]
    clipped = coverage_runs(marks, [1, 2], 12, 21)
    assert [(r.start, r.end, r.codings) for r in clipped] == [(12, 15, (1,)), (20, 21, (2,))]


def test_a_long_coding_is_found_from_far_inside_it():
    m = model([cv(1, 0, 60), cv(2, 40, 45)])
    assert [c.id for c in m.codings_in(50, 51)] == [1]
    assert [c.id for c in m.codings_in(41, 42)] == [1, 2]


def test_codings_in_a_span_and_at_a_point():
    m = model([cv(1, 0, 10), cv(2, 5, 15), cv(3, 20, 22)])
    assert [c.id for c in m.codings_in(7, 7)] == [1, 2]
    assert [c.id for c in m.codings_in(12, 21)] == [2, 3]
    assert m.codings_in(16, 19) == []
    assert [(r.start, r.end, r.codings) for r in m.runs_in(9, 11)] == [(9, 10, (0, 1)), (10, 11, (1,))]
    assert m.runs_in(15, 20) == []


def test_segment_at_falls_forward_between_sentences():
    m = model()
    a = TEXT.index("Én.")
    assert m.segment_at(a + 1) == 1
    assert m.segment_at(a + 3) == 2  # the space between two sentences
    assert m.segment_at(0) == 0
    assert m.segment_at(len(TEXT)) == 3


def test_speaker_labels_and_interviewer():
    m = model()
    assert [(TEXT[s:e], iv) for s, e, iv in m.labels] == [("I: ", True), ("Åse: ", False)]


def test_notes_in_span():
    m = model(notes=[NoteMark(2, 10, None, "b"), NoteMark(1, 3, 5, "a")])
    assert [n.id for n in m.notes_in(0, 8)] == [1]
    assert [n.id for n in m.notes_in(10, 10)] == [2]
