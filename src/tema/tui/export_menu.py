"""Phase 6's export menu (x): what to export — each table, the codebook and the theme map
with a line saying what it holds — then the format, then where: the file it will write
is shown (and can be edited) before anything is written. The export runs in a worker;
its progress window closes itself and the path written is shown. An existing file is
overwritten only after a confirmation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from tema.errors import TemaError
from tema.files import FileExists, check_target
from tema.i18n import N_, _
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.confirm import ConfirmModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.modals.task import TaskModal

if TYPE_CHECKING:
    from tema.tui.screens.writing import WritingScreen

MAP = "theme map"
DESCRIPTIONS = {
    "codebook": N_("The codebook: each theme's definition, central concept, codes and chosen extracts"),
    "themes": N_("Themes and subthemes with their codes (the thesis' table of themes)"),
    "code-themes": N_("Each code and the themes it is placed in"),
    "perspectives": N_("Coded extracts by the perspective they were coded from"),
    "lineage": N_("Each extract → its codes → its theme in every snapshot (how the analysis moved)"),
    "snapshot": N_("One saved snapshot of the theme map, as a table"),
    "participants": N_("The participants by attribute, and one line per participant"),
    "guide": N_("The interview guide: sections, colours and topic areas"),
    "matrix": N_("Themes × participants: who carries each theme (a table or a heat map)"),
    "case-matrix": N_("Themes × cases: the extracts each case gives a theme"),
    "wave-themes": N_("Themes across the interview waves, with the trend"),
    "process": N_("The analysis as a dated account: journal, phases, what happened to each theme"),
    MAP: N_("The theme map drawn as a picture or a graph file"),
}
SUFFIX = {"mermaid": "mmd"}


def export_choices() -> list[tuple[str, tuple[str, ...]]]:
    from tema.export.api import EXPORTS, MAP_FORMATS, formats_for

    return [("codebook", formats_for("codebook")), *[(n, formats_for(n)) for n in EXPORTS if n != "codebook"],
            (MAP, MAP_FORMATS)]


def choice_label(name: str, formats: tuple[str, ...]) -> Text:
    return Text.assemble((name, "bold"), ("  " + " · ".join(formats), "dim"), "\n  ",
                         (_(DESCRIPTIONS.get(name, "")), "italic"))


def default_target(project_name: str, name: str, fmt: str) -> Path | None:
    """The file the export writes when no path is given (exports/<project>/…, relative to
    the current folder), or None when the export names its file(s) itself (a snapshot's
    table, csv: a file per table)."""
    from tema.export.output import EXPORTS
    from tema.export.table import slug

    if fmt == "csv" or name == "snapshot":
        return None
    base = "temakart" if name == MAP else name
    return Path(EXPORTS) / (slug(project_name) or "project") / f"{base}.{SUFFIX.get(fmt, fmt)}"


def existing_target(exc: TemaError) -> str | None:
    """The file an export refused to overwrite (tema.files.FileExists: "PATH: exists already …")."""
    return str(exc).rpartition(": exists already")[0] or None if isinstance(exc, FileExists) else None


class ExportMenu:
    """Mixed into the writing screen (needs ``self.tema``, ``self.app``, ``export_written``)."""

    def action_export(self: WritingScreen) -> None:
        choices = export_choices()

        def what(i: int | None) -> None:
            if i is None:
                return
            name, formats = choices[i]
            self.app.push_screen(ChooseModal(_("Format of «{name}»").format(name=name), list(enumerate(formats))),
                                 lambda j: j is not None and self._export_snapshot_then(name, formats[j]))

        self.app.push_screen(ChooseModal(_("Export what?"), [(i, choice_label(n, f)) for i, (n, f) in enumerate(choices)]),
                             what)

    def _export_snapshot_then(self: WritingScreen, name: str, fmt: str) -> None:
        if name != "snapshot":
            self._export_where(name, fmt)
            return
        from tema.domain.snapshots import snapshot_names

        names = self.tema.read(snapshot_names) or []
        if not names:
            self.notify(_("No snapshots yet — S on the theme board saves one."), severity="warning")
            return
        self.app.push_screen(ChooseModal(_("Which snapshot?"), list(enumerate(names))),
                             lambda k: k is not None and self._export_where(name, fmt, [names[k]]))

    def _export_where(self: WritingScreen, name: str, fmt: str, snapshots: list[str] | None = None) -> None:
        default = default_target(self.tema.workspace.store.name, name, fmt)
        shown = str(default) if default is not None else ""

        def chosen(path: str | None) -> None:
            if path is None:
                return
            self.run_export(name, fmt, None if path == shown else path, snapshots=snapshots)

        folder = _("empty: exports/<project>/")
        self.app.push_screen(PromptModal(
            _("Write «{name}» as {fmt} to").format(name=name, fmt=fmt), shown,
            placeholder=_("A file or a folder ({folder})").format(folder=folder),
            hint=_("Enter writes it there · edit the path for another file or folder · Esc cancels"),
            allow_empty=True), chosen)

    def run_export(self: WritingScreen, name: str, fmt: str, path: str | None, *, force: bool = False,
                   snapshots: list[str] | None = None) -> None:
        """Write the export; a file that exists already is overwritten only after the user
        said yes (then ``force``)."""
        from tema.export.api import run_export, write_map

        path = path or None
        if path and not force and not Path(path).expanduser().is_dir():
            try:
                check_target(Path(path).expanduser(), force=False)
            except FileExists:
                self.confirm_overwrite(name, fmt, path, str(Path(path).expanduser()), snapshots)
                return
            except TemaError:
                pass  # the export says what is wrong with the path, in its own words
        store = self.tema.workspace.store
        exists: list[str] = []

        def job(progress, cancelled) -> str | None:
            progress(0, 1, _("Writing {name}…").format(name=name))
            try:
                if name == MAP:
                    written = write_map(store, fmt, path, force=force)
                else:
                    written = run_export(store, name, fmt, path, force=force, snapshots=snapshots or ())
            except TemaError as exc:
                target = existing_target(exc)
                if target is None:
                    raise
                exists.append(target)
                return None  # closes the progress window: the question comes next
            progress(1, 1, _("Done."))
            return _("Written: {path}").format(path=written)

        def done(summary: str | None) -> None:
            if exists:
                self.confirm_overwrite(name, fmt, path, exists[0], snapshots)
            elif summary:
                self.export_written(summary)

        self.app.push_screen(TaskModal(_("Exporting {name} ({fmt})").format(name=name, fmt=fmt), job, 1), done)

    def confirm_overwrite(self: WritingScreen, name: str, fmt: str, path: str | None, target: str,
                          snapshots: list[str] | None = None) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.run_export(name, fmt, path, force=True, snapshots=snapshots)
            else:
                self.notify(_("Not exported: {path} was left as it was.").format(path=target))

        self.app.push_screen(ConfirmModal(_("{path} exists. Overwrite?").format(path=target),
                                          _("The file is replaced by the new export of «{name}» ({fmt}).").format(
                                              name=name, fmt=fmt),
                                          yes=_("Overwrite")), answer)
