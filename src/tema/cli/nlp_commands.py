"""`tema nlp …`: train, evaluate and describe the Norwegian language pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tema.errors import TemaError
from tema.i18n import N_, _

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=N_("Folder with ndt_nob/ and no_bokmaal-ud-dev.conllu (default ../shared/nlp)."),
)
model_option = click.option(
    "--model", "model", default=None, help=N_("Pipeline: tema (default), tema-rules, or an installed spaCy pipeline.")
)
json_option = click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))


def _data_dir(data_dir: Path | None) -> Path:
    from tema.nlp.evaluate import default_data_dir

    if data_dir is None:
        cwd = (Path.cwd() / ".." / "shared" / "nlp").resolve()
        data_dir = cwd if cwd.exists() else default_data_dir()
    if not Path(data_dir).exists():
        raise TemaError(_("{path}: training/evaluation data not found (pass --data DIR)").format(path=data_dir))
    return Path(data_dir)


def _pct(x: float) -> str:
    return f"{x:.4f}"


@click.group("nlp")
def nlp() -> None:
    """Norwegian language pipeline: sentences, lemmas, name suggestions."""


@nlp.command("train")
@data_option
@click.option("--max-steps", type=int, default=None, help=N_("Override the number of training steps."))
@click.option("--no-names", is_flag=True, help=N_("Do not rebuild the name table."))
def train_cmd(data_dir: Path | None, max_steps: int | None, no_names: bool) -> None:
    """Train the sentence splitter and build the lemma/name tables into tema/nlp/models."""
    from tema.nlp.train import train

    figures = train(_data_dir(data_dir), log=click.echo, max_steps=max_steps, names=not no_names)
    _print_figures(figures)
    click.echo(_("training took {seconds:.0f} s").format(seconds=figures["training_seconds"]))


def _print_figures(fig: dict) -> None:
    ud = fig.get("ud_dev") or fig
    s = ud.get("sentences")
    if s:
        click.echo(
            _("sentence boundaries ({file}): P {precision}  R {recall}  F1 {f1}  ({correct}/{gold} breaks)").format(
                file=ud.get("file", "dev"), precision=_pct(s["precision"]), recall=_pct(s["recall"]), f1=_pct(s["f1"]),
                correct=s["correct"], gold=s["gold"])
        )
    lem = ud.get("lemmas")
    if lem:
        click.echo(
            _("lemma accuracy: {all} (all tokens), {words} (words), {cased} (case-sensitive)").format(
                all=_pct(lem["accuracy"]), words=_pct(lem["accuracy_words"]), cased=_pct(lem["accuracy_cased"]))
        )
    if ud.get("words_per_second"):
        click.echo(_("speed: {n:,} words/s (nlp.pipe, one process, CPU time)").format(n=ud["words_per_second"]))
    names = fig.get("names_ndt_dev") or fig.get("names")
    if names:
        per = names["PER"]
        click.echo(
            _("person names (NDT dev): recall {recall} (same kind {same_kind}), precision {precision}").format(
                recall=_pct(per["recall"]), same_kind=_pct(per["recall_same_kind"]), precision=_pct(per["precision"]))
        )
        allk = names["ALL"]
        click.echo(_("all names: recall {recall}, precision {precision}").format(recall=_pct(allk["recall"]),
                                                                           precision=_pct(allk["precision"])))


@nlp.command("evaluate")
@click.option(
    "--conllu", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help=N_("CoNLL-U file with # text lines (default: the UD Bokmål dev file)."),
)
@data_option
@model_option
@click.option("--names", "with_names", is_flag=True, help=N_("Also measure name suggestions on ndt_nob/dev."))
@click.option("--no-speed", is_flag=True, help=N_("Skip the speed measurement."))
@json_option
def evaluate_cmd(conllu: Path | None, data_dir: Path | None, model: str | None, with_names: bool,
                 no_speed: bool, as_json: bool) -> None:
    """Sentence-boundary P/R/F1, lemma accuracy and speed (and name recall with --names)."""
    from tema.nlp import load_pipeline, pipeline_name
    from tema.nlp.evaluate import evaluate_conllu, ud_dev_path

    if conllu is None:
        conllu = ud_dev_path(_data_dir(data_dir))
    elif not conllu.exists():
        raise TemaError(_("{path}: file not found").format(path=conllu))
    nlp_ = load_pipeline(model)
    result = {"pipeline": pipeline_name(nlp_), **evaluate_conllu(nlp_, conllu, speed=not no_speed)}
    if with_names:
        from tema.nlp.conll import read_ndt_dir
        from tema.nlp.names import evaluate_names

        dev = _data_dir(data_dir) / "ndt_nob" / "dev"
        if not dev.exists():
            raise TemaError(_("{path}: NDT dev files not found (pass --data DIR)").format(path=dev))
        result["names"] = evaluate_names(read_ndt_dir(dev))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(_("pipeline: {pipeline}").format(pipeline=result["pipeline"]))
    _print_figures(result)


@nlp.command("info")
@model_option
@json_option
def info_cmd(model: str | None, as_json: bool) -> None:
    """Which pipeline tema uses, its components and the figures measured at training time."""
    import spacy

    from tema.nlp import load_pipeline, pipeline_name
    from tema.nlp.pipeline import resolve_name
    from tema.nlp.resources import PIPELINE_DIR, load_meta

    name = resolve_name(model)
    nlp_ = load_pipeline(model)
    meta = load_meta() if name == "tema" else dict(nlp_.meta)
    info = {
        "pipeline": pipeline_name(nlp_),
        "chosen_as": name,
        "spacy": spacy.__version__,
        "components": list(nlp_.pipe_names),
        "path": str(PIPELINE_DIR) if name == "tema" and (PIPELINE_DIR / "config.cfg").exists() else None,
        "figures": meta.get("tema_figures"),
    }
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(_("pipeline: {pipeline} (chosen as {name!r}; TEMA_NLP_MODEL selects another)").format(
        pipeline=info["pipeline"], name=name))
    click.echo(_("spaCy {version}; components: {components}").format(version=info["spacy"],
                                                                 components=", ".join(info["components"])))
    if info["path"]:
        click.echo(_("model files: {path}").format(path=info["path"]))
    fig = info["figures"]
    if fig:
        click.echo(_("measured at training time ({how}):").format(how=fig.get("measured_with", "")))
        _print_figures(fig)
        if fig.get("training_seconds"):
            click.echo(_("training took {seconds:.0f} s").format(seconds=fig["training_seconds"]))
    elif name == "tema":
        click.echo(_("not trained yet: rules and spaCy's sentencizer are used (run `tema nlp train`)"))


COMMANDS = [nlp]
