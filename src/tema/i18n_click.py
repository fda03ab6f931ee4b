"""The command line in the user's language.

- ``language_before_command(args)``: the ``--lang`` given before the command name (the
  group sets the language from it, or from TEMA_LANG / the config file / the locale,
  before any command module loads — so even ``tema --help`` is in that language).
- ``lang_option``: ``--lang nb|en`` for ``tema`` itself and for ``tema open``/``demo``.
- ``Localised``: a command's help, its options' help and its short help in a group's list
  are English source strings (docstrings, ``help=N_(…)``) shown through the catalogue at
  the moment they are printed, so one process can print both languages (the tests do).
  ``localise(command)`` gives a loaded command (and its subcommands) that behaviour.
- ``route_click_messages()``: click's own texts ("Usage:", "Missing argument …", "Try
  'tema --help' for help.") through tema's catalogue (``tema.cli.click_messages`` lists
  them for Babel).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import click

from tema import i18n
from tema.i18n import N_

LANG_HELP = N_("Language of the interface: nb (Bokmål) or en (English). Default: TEMA_LANG, "
               "lang in the config file, else the locale.")


def language_before_command(args: list[str]) -> str | None:
    """The value of ``--lang`` among the options before the command name, if any."""
    it = iter(args)
    for arg in it:
        if arg == "--lang":
            return next(it, None)
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None
    return None


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        try:
            i18n.set_language(value)
        except i18n.UnknownLanguage as exc:
            raise click.ClickException(str(exc)) from None
    return value


lang_option = click.option("--lang", metavar="[nb|en]", expose_value=False, is_eager=True,
                           callback=_set_lang, help=LANG_HELP)


def translated_help(text: str | None) -> str | None:
    """A help text as the user reads it: cleaned as click cleans it, then through the catalogue."""
    return i18n._(inspect.cleandoc(text)) if text else text


@contextmanager
def _shown(obj: Any, *attrs: str) -> Iterator[None]:
    """Swap ``obj``'s help attributes for their translations while click formats them."""
    saved = {a: getattr(obj, a, None) for a in attrs}
    try:
        for a, value in saved.items():
            if value:
                setattr(obj, a, translated_help(value))
        yield
    finally:
        for a, value in saved.items():
            setattr(obj, a, value)


class Localised:
    """Mixed into a click command class: its help texts are shown through the catalogue."""

    def get_short_help_str(self, limit: int = 45) -> str:
        with _shown(self, "help", "short_help"):
            return super().get_short_help_str(limit)  # type: ignore[misc]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown(self, "help"):
            super().format_help_text(ctx, formatter)  # type: ignore[misc]

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown(self, "epilog"):
            super().format_epilog(ctx, formatter)  # type: ignore[misc]

    def _with_params_shown(self, ctx: click.Context, method: str, formatter: click.HelpFormatter) -> None:
        with ExitStack() as stack:
            for param in self.get_params(ctx):  # type: ignore[attr-defined]
                stack.enter_context(_shown(param, "help"))
            getattr(super(), method)(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._with_params_shown(ctx, "format_options", formatter)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._with_params_shown(ctx, "format_arguments", formatter)


_CLASSES: dict[type, type] = {}


def localise(command: click.Command) -> click.Command:
    """Give ``command`` (and the commands of a group) the ``Localised`` behaviour."""
    cls = type(command)
    if not issubclass(cls, Localised):
        if cls not in _CLASSES:
            _CLASSES[cls] = type(cls.__name__, (Localised, cls), {"__module__": cls.__module__})
        command.__class__ = _CLASSES[cls]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localise(sub)
    return command


def route_click_messages() -> None:
    """click's texts through tema's catalogue. The help option's own help is built once and
    kept, so click's decorators keep the English source (shown through ``Localised``)."""
    from click import core, decorators, exceptions, formatting, parser, termui, types

    for module in (core, exceptions, formatting, parser, termui, types):
        module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    decorators._ = N_  # type: ignore[attr-defined]


__all__ = ["LANG_HELP", "Localised", "lang_option", "language_before_command", "localise", "route_click_messages",
           "translated_help"]
