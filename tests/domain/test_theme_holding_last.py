"""A new theme goes before the holding theme "Diverse (ikke plassert ennå)", which stays
last: on creation, on a move to the top level and on a reorder (issue 16, defect 4)."""

from __future__ import annotations

from tema.domain import themes


def test_a_new_theme_goes_before_the_holding_theme(store, coder):
    with store.transaction() as s:
        themes.create_theme(s, "Første", coder_id=coder)
        themes.ensure_holding_theme(s, coder)
        themes.create_theme(s, "Andre", coder_id=coder)
        tredje = themes.create_theme(s, "Tredje", coder_id=coder)
        themes.create_theme(s, "Under", parent=themes.find_theme(s, "Første"), coder_id=coder)
        themes.move_theme(s, themes.find_theme(s, "Under"), None, coder)
    with store.session() as s:
        assert [n.name for n in themes.theme_tree(s)] == ["Første", "Andre", "Tredje", "Under", themes.HOLDING_NAME]
    with store.transaction() as s:
        themes.reorder(s, themes.find_theme(s, "Under"), 1, coder)  # already last of the movable ones
        themes.reorder(s, themes.holding_theme(s), -2, coder)  # the holding theme does not move
        themes.reorder(s, tredje.id, -1, coder)
    with store.session() as s:
        assert [n.name for n in themes.theme_tree(s)] == ["Første", "Tredje", "Andre", "Under", themes.HOLDING_NAME]
