"""`tema feedback import|list|reply|resolve|reopen`: a supervisor's Word comments on the
codebook brought back into the project, answered and closed (tema.domain.feedback)."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_id, coder_option, echo_json, opened, project_argument
from tema.i18n import N_, _, ngettext


def summary_line(s) -> str:
    """«7 comments: 4 on themes, 2 on extracts, 1 on the project; 0 duplicates»."""
    on = {"theme": lambda n: ngettext("{n} on a theme", "{n} on themes", n),
          "code": lambda n: ngettext("{n} on a code", "{n} on codes", n),
          "coding": lambda n: ngettext("{n} on an extract", "{n} on extracts", n),
          "project": lambda n: ngettext("{n} on the project", "{n} on the project", n)}
    parts = []
    for kind, phrase in on.items():
        n = s.added.get(kind, 0)
        if n:
            text = phrase(n).format(n=n)
            if kind == "project" and s.unanchored:
                text += " " + ngettext("({n} without an anchor)", "({n} without an anchor)",
                                       s.unanchored).format(n=s.unanchored)
            parts.append(text)
    if s.replies:
        parts.append(ngettext("{n} reply", "{n} replies", s.replies).format(n=s.replies))
    found = ngettext("{n} comment", "{n} comments", s.found).format(n=s.found)
    dups = ngettext("{n} duplicate", "{n} duplicates", s.duplicates).format(n=s.duplicates)
    return _("{found}: {parts}; {duplicates}").format(found=found, parts=", ".join(parts) or _("nothing new"),
                                                       duplicates=dups)


@click.group("feedback")
def feedback() -> None:
    """A supervisor's comments on the Word codebook, kept as feedback on what they were written on."""


@feedback.command("import")
@project_argument
@click.argument("file", type=click.Path(path_type=Path))
@coder_option
def import_(project, file, coder) -> None:
    """Read the comments of FILE (a codebook exported by tema and commented in Word or
    LibreOffice) into PROJECT. Comments imported before are skipped; nothing is written
    when FILE is not a codebook of this project."""
    from tema.domain.feedback_import import import_comments
    from tema.ingest.docx_comments import read_comments

    found = read_comments(file)
    with opened(project) as store, store.transaction() as s:
        summary = import_comments(s, found.comments, file_name=Path(file).name, file_uid=found.project_uid,
                                  coder_id=coder_id(s, coder))
    click.echo(summary_line(summary))


def _item_dict(t) -> dict:
    return {"id": t.id, "status": t.status, "target_kind": t.target_kind, "target_id": t.target_id,
            "target": t.target, "author": t.author, "date": t.date.isoformat(), "text": t.text,
            "quoted": t.quoted, "round": t.round, "anchored": t.anchored,
            "replies": [_item_dict(r) for r in t.replies]}


@feedback.command("list")
@project_argument
@click.option("--status", type=click.Choice(["open", "resolved"]), help=N_("Only open or only resolved threads."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the threads as JSON."))
def list_(project, status, as_json) -> None:
    """The feedback threads, oldest first, with their replies."""
    from tema.domain.feedback import list_feedback

    with opened(project, backup=False) as store, store.session() as s:
        threads = list_feedback(s, status=status)
    if as_json:
        echo_json([_item_dict(t) for t in threads])
        return
    if not threads:
        click.echo(_("No feedback yet."))
        return
    for t in threads:
        where = t.target or _("the project")
        click.echo(f"[{t.id}] {t.status} · {where} · {t.who_when}: {t.text}")
        for r in t.replies:
            click.echo(f"    [{r.id}] {r.who_when}: {r.text}")


@feedback.command("reply")
@project_argument
@click.argument("memo_id", type=int, metavar="ID")
@click.argument("text")
@coder_option
def reply_(project, memo_id, text, coder) -> None:
    """Answer feedback thread ID (shown by `tema feedback list`)."""
    from tema.domain.feedback import reply

    with opened(project) as store, store.transaction() as s:
        thread = reply(s, memo_id, text, coder_id(s, coder))
    click.echo(_("replied to feedback {id} ({n} in the thread)").format(id=thread.id, n=1 + len(thread.replies)))


def _status_command(name: str, doc: str):
    @feedback.command(name)
    @project_argument
    @click.argument("memo_id", type=int, metavar="ID")
    @coder_option
    def command(project, memo_id, coder) -> None:
        from tema.domain import feedback as fb

        with opened(project) as store, store.transaction() as s:
            item = getattr(fb, name)(s, memo_id, coder_id(s, coder))
        click.echo(_("feedback {id}: {status}").format(id=item.id, status=_(STATUS.get(item.status, item.status))))

    command.__doc__ = command.help = doc
    return command


STATUS = {"open": N_("open"), "resolved": N_("resolved")}
_status_command("resolve", N_("Mark feedback thread ID resolved (undo with `tema undo`)."))
_status_command("reopen", N_("Open resolved feedback thread ID again."))

COMMANDS = [feedback]
