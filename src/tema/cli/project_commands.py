"""Project-level commands: init, import, participant, journal, snapshot, phase,
undo/redo/history, backups/restore, trash/restore-item, guide."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_id, coder_option, echo_json, is_tty, opened, print_table, project_argument
from tema.domain import documents, events, journal, participants
from tema.domain import project as project_d
from tema.domain.coders import get_or_create_coder, resolve_coder_name
from tema.errors import InvalidInput, NotFound
from tema.i18n import N_, _, kind_label, ngettext
from tema.store import backup as backups
from tema.store.db import create_store


@click.command()
@project_argument
@click.option("--title", required=True, help=N_("Project title."))
@click.option("--question", help=N_("The research question."))
@click.option("--language", default="nb", show_default=True, help=N_("Language of the transcripts."))
@coder_option
def init(project: str, title: str, question: str | None, language: str, coder: str | None) -> None:
    """Create a new project store at PROJECT (a .tema file or a database URL)."""
    store = create_store(project)
    try:
        with store.transaction() as s:
            project_d.init_project(s, title, question, language)
            get_or_create_coder(s, resolve_coder_name(coder))
    except Exception:
        store.close()
        if store.path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(store.path) + suffix).unlink(missing_ok=True)
        raise
    store.close()
    from tema.store.db import display_target

    click.echo(_("created {target}").format(target=display_target(project)))


@click.command(name="import")
@project_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--participant", help=N_("Participant (pseudonym) the transcript belongs to (default: the file's metadata "
                                       "table, else its one speaker besides the interviewer)."))
@click.option("--interviewer", help=N_("Who interviewed (a coder name)."))
@click.option("--case", "case_", help=N_("Case (family, municipality…) the participant belongs to."))
@click.option("--wave", help=N_("Data-collection wave."))
@click.option("--date", "interview_date", help=N_("Interview date (YYYY-MM-DD; default: a .docx metadata table's)."))
@click.option("--title", help=N_("Document title (single file only; default: the file name)."))
@click.option("--model", help=N_("spaCy pipeline to segment with (default: tema's Norwegian pipeline)."))
@coder_option
def import_(project, files, participant, interviewer, case_, wave, interview_date, title, model, coder) -> None:
    """Import transcripts (.txt, .md, .docx, .vtt, .srt), split into turns and sentences."""
    from tema.ingest.importer import import_files
    from tema.nlp import load_pipeline

    with opened(project) as store:
        nlp = load_pipeline(model) if model else None
        if is_tty() and len(files) > 1:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task(_("importing"), total=len(files))
                report = import_files(store, files, participant=participant, interviewer=interviewer, case=case_,
                                      wave=wave, interview_date=interview_date, title=title, coder=coder, nlp=nlp,
                                      progress=lambda n, _p: bar.update(task, completed=n))
        else:
            report = import_files(store, files, participant=participant, interviewer=interviewer, case=case_,
                                  wave=wave, interview_date=interview_date, title=title, coder=coder, nlp=nlp)
    for w in report.warnings:
        click.echo(_("warning: {problem}").format(problem=w), err=True)
    for note in report.notes:
        click.echo(note)
    for path, doc_title, n in report.imported:
        click.echo(ngettext("imported {path} as «{title}» ({n} segment)", "imported {path} as «{title}» ({n} segments)",
                            n).format(path=path, title=doc_title, n=n))
    click.echo(_("segmented with {pipeline}").format(pipeline=report.pipeline))


@click.command()
@project_argument
@click.argument("name")
@click.option("--label", help=N_("Short label shown beside extracts (A, B, …)."))
@click.option("--attr", "attrs", multiple=True, metavar="KEY[:TYPE]=VALUE",
              help=N_("Attribute; TYPE is text (default), number, boolean or date. Repeatable."))
@click.option("--case", "case_", help=N_("Add the participant to this case."))
@click.option("--doc", "docs", multiple=True, help=N_("A document (title or id) that is this participant's. Repeatable."))
@coder_option
def participant(project, name, label, attrs, case_, docs, coder) -> None:
    """Create or update a participant (by pseudonym) with label and attributes."""
    parsed = [participants.parse_attr(a) for a in attrs]
    with opened(project) as store, store.transaction() as s:
        cid = coder_id(s, coder)
        p = participants.upsert_participant(s, name, label=label, attributes=parsed, case=case_, coder_id=cid)
        titles = participants.assign_documents(s, p, list(docs), cid)
        shown = _("participant {pseudonym} ({label})") if p.label else _("participant {pseudonym}")
        click.echo(shown.format(pseudonym=p.pseudonym, label=p.label))
        for t in titles:
            click.echo(_("  «{title}» is now {name}'s").format(title=t, name=p.pseudonym))


@click.command(name="participants")
@project_argument
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
def participants_(project, as_json) -> None:
    """List participants with their attributes."""
    with opened(project, backup=False) as store, store.session() as s:
        rows = [
            {"pseudonym": p.pseudonym, "label": p.label, "attributes": {a.key: a.value for a in p.attributes},
             "cases": [c.name for c in participants.participant_cases(s, p.id)]}
            for p in participants.list_participants(s)
        ]
    if as_json:
        echo_json(rows)
    else:
        print_table([_("Label"), _("Pseudonym"), _("Attributes"), _("Cases")],
                    [[r["label"], r["pseudonym"], "; ".join(f"{k}={v}" for k, v in r["attributes"].items()), ", ".join(r["cases"])] for r in rows])


@click.command(name="documents")
@project_argument
def documents_(project) -> None:
    """List documents."""
    with opened(project, backup=False) as store, store.session() as s:
        rows = [[d.id, d.title, d.source_name, d.participant.pseudonym if d.participant else "", d.n_words, d.pipeline]
                for d in documents.live_documents(s)]
    print_table([_("id"), _("Title"), _("File"), _("Participant"), _("Words"), _("Pipeline")], rows)


@click.command(name="journal")
@project_argument
@click.argument("text", required=False)
@click.option("--phase", type=int, help=N_("Phase 1–6 (default: the project's current phase)."))
@coder_option
def journal_(project, text, phase, coder) -> None:
    """Add an entry to the reflexive journal, or list it when TEXT is omitted."""
    with opened(project) as store:
        if text is None:
            with store.session() as s:
                for e in journal.journal_entries(s):
                    who = e.coder.name if e.coder else "?"
                    click.echo(_("[{when:%Y-%m-%d %H:%M}] phase {phase} · {who}\n  {body}\n").format(
                        when=e.created_at, phase=e.phase, who=who, body=e.body))
            return
        with store.transaction() as s:
            journal.add_journal(s, text, phase=phase, coder_id=coder_id(s, coder), context={"via": "cli"})
    click.echo(_("journal entry saved"))


@click.command()
@project_argument
@click.argument("name", required=False)
@click.option("--phase", type=int, help=N_("Phase the snapshot belongs to (default: current phase)."))
@click.option("--from", "from_file", type=click.Path(path_type=Path, dir_okay=True),
              help=N_("Save the map in this file (Markdown outline or JSON) as snapshot NAME instead "
                      "of the current map."))
@click.option("--restore", is_flag=True,
              help=N_("Make snapshot NAME the working map (the current map is saved as a snapshot "
                      "first; undoable)."))
@coder_option
def snapshot(project, name, phase, from_file, restore, coder) -> None:
    """Save a named snapshot of the current theme map (default name: "Phase N – date" in the
    interface's language), store a typed-in map as one (--from), or bring one back as the
    working map (--restore)."""
    from tema.domain import snapshots
    from tema.domain.snapshot_restore import restore_snapshot
    from tema.ingest.outline import read_map_file

    if (from_file or restore) and not name:
        raise InvalidInput(_("--from and --restore need the snapshot's NAME"))
    if from_file and restore:
        raise InvalidInput(_("--from and --restore: use one at a time"))
    if from_file:
        structure = read_map_file(from_file)
    with opened(project) as store, store.transaction() as s:
        if restore:
            report = restore_snapshot(s, snapshots.find_snapshot(s, name), coder_id(s, coder))
            click.echo(report.summary())
            return
        if from_file:
            snap = snapshots.store_structure(s, name, structure, phase, coder_id(s, coder))
        else:
            snap = snapshots.take_snapshot(s, name, phase, coder_id(s, coder))
        subs = sum(len(t.get("subthemes", [])) for t in snap.structure["themes"])
        n_themes = len(snap.structure["themes"])
        click.echo(_("snapshot «{name}» saved ({themes}, {subthemes})").format(
            name=snap.name, themes=ngettext("{n} theme", "{n} themes", n_themes).format(n=n_themes),
            subthemes=ngettext("{n} subtheme", "{n} subthemes", subs).format(n=subs)))


@click.command(name="snapshots")
@project_argument
def snapshots_(project) -> None:
    """List theme-map snapshots."""
    from tema.domain import snapshots

    with opened(project, backup=False) as store, store.session() as s:
        rows = [[sn.name, sn.phase, f"{sn.created_at:%Y-%m-%d %H:%M}", len(sn.structure.get("themes", []))]
                for sn in snapshots.list_snapshots(s)]
    print_table([_("Name"), _("Phase"), _("Taken"), _("Themes")], rows)


@click.command()
@project_argument
@click.argument("phase", type=int, required=False)
@coder_option
def phase(project, phase, coder) -> None:
    """Show or set the project's current phase (1–6); setting it is journaled."""
    with opened(project) as store, store.transaction() as s:
        if phase is None:
            p = project_d.get_project(s)
            click.echo(_("phase {n}: {name}").format(n=p.phase, name=_(project_d.PHASES_EN[p.phase])))
            return
        cid = coder_id(s, coder)
        project_d.set_phase(s, phase, cid)
        journal.add_journal(s, f"Gikk over til fase {phase}: {project_d.PHASES[phase]}.", phase=phase, coder_id=cid,
                            context={"via": "cli", "event": "phase"})
        click.echo(_("phase {n}: {name}").format(n=phase, name=_(project_d.PHASES_EN[phase])))


def _replay(project: str, count: int, coder: str | None, *, redo: bool) -> None:
    """Undo (or redo) up to COUNT of the coder's actions in one transaction: all or nothing."""
    step = events.redo if redo else events.undo
    with opened(project) as store, store.transaction() as s:
        cid = coder_id(s, coder)
        done = []
        for _n in range(count):
            try:
                done.append(step(s, cid).summary)
            except events.NothingToUndo:
                if not done:
                    raise
                break
    for summary in done:
        click.echo((_("redone: {what}") if redo else _("undone: {what}")).format(what=summary))
    if len(done) < count:
        click.echo(_("nothing more to redo") if redo else _("nothing more to undo"))


@click.command()
@project_argument
@click.argument("count", type=click.IntRange(1, 1000), default=1)
@coder_option
def undo(project, count, coder) -> None:
    """Undo your last COUNT actions (yours only: --coder, TEMA_CODER or the config file say who
    you are). An action is undone only if what it changed is still as it left it, and never
    across an action that cannot be undone (import, merge, purge, restore); otherwise nothing
    is written and the reason is printed."""
    _replay(project, count, coder, redo=False)


@click.command()
@project_argument
@click.argument("count", type=click.IntRange(1, 1000), default=1)
@coder_option
def redo(project, count, coder) -> None:
    """Redo your last COUNT undone actions (a new action of yours empties your redo list)."""
    _replay(project, count, coder, redo=True)


_STATES = {"done": N_("undoable"), "undone": N_("undone"), "dropped": N_("dropped"),
           "barrier": N_("barrier"), "purged": N_("purged"), "final": ""}


def _state_label(state: str) -> str:
    label = _STATES.get(state, state)
    return _(label) if label else ""


@click.command()
@project_argument
@click.option("--limit", type=click.IntRange(1, 10000), default=30, show_default=True)
@click.option("--mine", is_flag=True, help=N_("Only the current coder's events (--coder, TEMA_CODER, config)."))
@coder_option
def history(project, limit, mine, coder) -> None:
    """The event log: who did what, when; which actions can be undone, which are undone, and the
    barriers (actions that cannot be undone and that no undo crosses)."""
    with opened(project, backup=False) as store, store.session() as s:
        cid = None
        if mine:
            from tema.domain.coders import find_coder

            found = find_coder(s, resolve_coder_name(coder))
            cid = found.id if found else -1
        entries = events.history(s, limit, cid)
    rows = [[e.id, f"{e.at:%Y-%m-%d %H:%M:%S}", e.coder or "", e.action, _state_label(e.state), e.summary]
            for e in entries]
    print_table([_("#"), _("When"), _("Coder"), _("Action"), _("Undo"), _("What")], rows)


@click.command(name="backups")
@project_argument
def backups_(project) -> None:
    """List the project's backups (newest first)."""
    path = Path(project)
    if "://" in project or not path.exists():
        raise InvalidInput(_("{project}: backups are kept for project files only").format(project=project))
    rows = [[b.path.name, f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.reason, b.size] for b in backups.list_backups(path)]
    print_table([_("Backup"), _("Taken (UTC)"), _("Why"), _("Bytes")], rows)


@click.command(name="backup")
@project_argument
def backup_(project) -> None:
    """Make a backup copy now."""
    with opened(project, backup=False) as store:
        dest = backups.make_backup(store, reason="manual")
    click.echo(_("backup written: {dest}").format(dest=dest))


@click.command(name="restore")
@project_argument
@click.argument("backup")
@coder_option
def restore(project, backup, coder) -> None:
    """Restore PROJECT from BACKUP (a name from `tema backups`), after backing up the current state.
    Not undoable: older actions can no longer be undone either."""
    path = Path(project)
    if not path.exists():
        raise NotFound(_("{project}: no such project file").format(project=project))
    src = backups.find_backup(path, backup)
    safety = backups.restore_backup(path, src)
    with opened(project, backup=False) as store, store.transaction() as s:
        events.record_barrier(s, "backup.restore", f"restored from backup {src.name}", coder_id(s, coder))
    click.echo(_("restored {project} from {backup}; the previous state is in {safety}").format(
        project=project, backup=src.name, safety=safety.name))


@click.command()
@project_argument
def trash(project) -> None:
    """List items in the trash (recoverable with `tema restore-item`)."""
    from tema.domain import trash as trash_d

    with opened(project, backup=False) as store, store.session() as s:
        rows = [[kind_label(i.kind), i.name, f"{i.deleted_at:%Y-%m-%d %H:%M}"] for i in trash_d.list_trash(s)]
    print_table([_("Kind"), _("Name"), _("Deleted")], rows)


@click.command(name="restore-item")
@project_argument
@click.argument("kind", type=click.Choice(["document", "code", "theme", "memo"]))
@click.argument("name")
@coder_option
def restore_item(project, kind, name, coder) -> None:
    """Bring a document, code, theme or memo back from the trash."""
    from tema.domain import trash as trash_d

    with opened(project) as store, store.transaction() as s:
        label = trash_d.restore(s, kind, name, coder_id(s, coder))
    click.echo(_("restored {kind} «{name}»").format(kind=kind_label(kind), name=label))


@click.command(name="delete")
@project_argument
@click.argument("kind", type=click.Choice(["document", "code", "theme"]))
@click.argument("name")
@coder_option
def delete(project, kind, name, coder) -> None:
    """Move a document, code or theme to the trash (recoverable)."""
    from tema.domain import trash as trash_d

    with opened(project) as store, store.transaction() as s:
        label = trash_d.delete(s, kind, name, coder_id(s, coder))
    click.echo(_("moved {kind} «{name}» to the trash (see `tema trash`)").format(kind=kind_label(kind), name=label))


@click.command()
@project_argument
@click.argument("kind", type=click.Choice(["document", "code", "theme", "memo"]))
@click.argument("name")
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
@coder_option
def purge(project, kind, name, yes, coder) -> None:
    """Delete an item from the trash for good (after a backup): its text also leaves the event
    log and the search index, and the project file is rewritten so no copy stays in free space.
    Not undoable; older actions can no longer be undone either."""
    from tema.domain import trash as trash_d
    from tema.store.erase import compact

    if not yes:
        click.confirm(_("Delete {kind} «{name}» permanently?").format(kind=kind_label(kind), name=name), abort=True)
    with opened(project) as store:
        backups.make_backup(store, reason="pre-purge")
        with store.transaction() as s:
            label = trash_d.purge(s, kind, name, coder_id(s, coder))
        if not compact(store):
            click.echo(_("warning: another program has the project open; old copies of the purged text stay in "
                         "the project's -wal file until it closes"), err=True)
    click.echo(_("purged {kind} «{name}» (backups taken before now still hold it: see `tema backups`)")
               .format(kind=kind_label(kind), name=label))


@click.command()
@project_argument
@click.argument("heading")
@click.option("--colour", help=N_("Colour for the section (e.g. #4e79a7)."))
@click.option("--area", "areas", multiple=True, help=N_("A topic area under the heading. Repeatable."))
@coder_option
def guide(project, heading, colour, areas, coder) -> None:
    """Add or update an interview-guide section (Tabell 4)."""
    from tema.domain import guide as guide_d

    with opened(project) as store, store.transaction() as s:
        sec = guide_d.upsert_section(s, heading, colour=colour, areas=list(areas), coder_id=coder_id(s, coder))
        click.echo(ngettext("guide section «{heading}» ({n} area)", "guide section «{heading}» ({n} areas)",
                            len(sec.areas)).format(heading=sec.heading, n=len(sec.areas)))


COMMANDS = [init, import_, participant, participants_, documents_, journal_, snapshot, snapshots_, phase,
            undo, redo, history, backups_, backup_, restore, trash, restore_item, delete, purge, guide]
