"""Options every command that writes material to a file shares: ``--force`` to overwrite,
``--no-pseudonymise`` to write real strings (recorded in the project's journal)."""

from __future__ import annotations

import click

from tema.i18n import N_

force_option = click.option("--force", is_flag=True, help=N_("Overwrite an existing file."))
pseudonymise_option = click.option(
    "--pseudonymise/--no-pseudonymise", "pseudonymise", default=True, show_default=True,
    help=N_("Apply the project's pseudonym rules to every text written (default). --no-pseudonymise writes "
           "the real strings and records that in the project's journal."))
