"""The six phases of reflexive thematic analysis, by number: their names in the data's
language and in the interface's (kept apart from ``tema.domain.project`` so `tema info`
names the phase without loading the ORM models; ``project`` re-exports them)."""

from __future__ import annotations

from tema.i18n import N_

# The phase names in the data's language (Norwegian: the journal, the codebook's headings).
PHASES = {
    1: "Familiarisering",
    2: "Koding",
    3: "Initielle tema",
    4: "Utvikle og vurdere tema",
    5: "Definere og navngi tema",
    6: "Skrive rapporten",
}
# The phase names of the interface — the one table the TUI (phase bar, header, help, palette)
# and `tema info` show, through _() so the catalogue gives Braun & Clarke's Norwegian
# terms; also the English headings of exports (--lang en).
PHASES_EN = {
    1: N_("Familiarisation"),
    2: N_("Coding"),
    3: N_("Generating initial themes"),
    4: N_("Developing and reviewing themes"),
    5: N_("Refining, defining and naming themes"),
    6: N_("Writing up"),
}
PHASES_SHORT = {1: N_("Familiarise"), 2: N_("Code"), 3: N_("Themes"), 4: N_("Review"), 5: N_("Define"),
                6: N_("Write up")}  # the phase bar's tabs
