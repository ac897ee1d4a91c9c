"""The eventwire command line: one Typer app, one thin command per job."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from importlib import resources
from pathlib import Path
from typing import IO, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from eventwire.config import Config
from eventwire.errors import EventwireError, InputError
from eventwire.records import event_to_json, to_dict

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News in, PLOVER event records out.")
stderr = Console(stderr=True)
log = logging.getLogger("eventwire")


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="eventwire: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )


def fail(error: Exception) -> None:
    stderr.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


@contextmanager
def output_stream(target: str) -> Iterator[IO[str]]:
    """stdout for "-"; otherwise a temporary file renamed into place on success,
    so an interrupted run never leaves a half-written output behind."""
    if target == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_coder(config: Config):
    from eventwire.pipeline import Coder

    with stderr.status("loading models and lexicons", spinner="dots") if stderr.is_terminal else nullcontext():
        return Coder.load(config)


def progress_bar() -> Progress:
    """A bar on stderr only when it is a terminal; the input's size is unknown while streaming."""
    return Progress(
        TextColumn("coding"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=stderr,
        disable=not stderr.is_terminal,
        transient=True,
    )


@app.command()
def code(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl), folders, or - for JSON Lines on stdin."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write event records (JSON Lines); - for stdout."),
    batch_size: int = typer.Option(Config.batch_size, help="Documents per spaCy batch."),
    min_confidence: float = typer.Option(Config.min_confidence, help="Drop records below this confidence."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail."),
) -> None:
    """Code documents into PLOVER event records, one JSON object per line."""
    from eventwire.pipeline import code_documents
    from eventwire.readers import read_inputs

    setup_logging(verbose)
    problems: list[InputError] = []

    def report_problem(problem: InputError) -> None:
        problems.append(problem)
        stderr.print(f"[yellow]skipped:[/yellow] {problem}", highlight=False, soft_wrap=True)

    try:
        coder = load_coder(Config(batch_size=batch_size, min_confidence=min_confidence))
        started = time.perf_counter()
        documents = sentences = events = 0
        with output_stream(output) as stream, progress_bar() as progress:
            task = progress.add_task("coding", total=None)
            for coded in code_documents(coder, read_inputs(inputs, report_problem)):
                for event in coded.events:
                    stream.write(event_to_json(event) + "\n")
                documents += 1
                sentences += coded.sentences
                events += len(coded.events)
                progress.advance(task)
        seconds = time.perf_counter() - started
    except EventwireError as error:
        fail(error)
    skipped = f", {len(problems)} input problem(s) skipped" if problems else ""
    stderr.print(
        f"{documents} documents, {sentences} sentences, {events} events in {seconds:.1f} s{skipped}",
        highlight=False,
    )


@app.command()
def demo(
    output: Path = typer.Option(Path("out/demo-events.jsonl"), "-o", "--output", help="Where to write the demo's event records."),
) -> None:
    """Code the embedded demo corpus and print its events as a table."""
    from eventwire.pipeline import code_documents
    from eventwire.readers.files import raise_problem, read_jsonl
    from eventwire.report import events_table

    setup_logging(False)
    corpus = resources.files("eventwire.demo") / "articles.jsonl"
    try:
        coder = load_coder(Config())
        started = time.perf_counter()
        with resources.as_file(corpus) as path:
            coded = list(code_documents(coder, read_jsonl(path, raise_problem)))
        seconds = time.perf_counter() - started
        with output_stream(str(output)) as stream:
            for item in coded:
                for event in item.events:
                    stream.write(event_to_json(event) + "\n")
    except EventwireError as error:
        fail(error)
    console = Console(width=max(Console().width, 140))
    console.print(events_table([e for item in coded for e in item.events]))
    events = sum(len(item.events) for item in coded)
    sentences = sum(item.sentences for item in coded)
    stderr.print(f"{len(coded)} documents, {sentences} sentences, {events} events in {seconds:.1f} s; records in {output}", highlight=False)


@app.command()
def geoparse(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl), folders, or - for JSON Lines on stdin."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write one {id, places} object per document; - for stdout."),
) -> None:
    """List every place each document mentions, resolved to GeoNames."""
    from eventwire.pipeline import geoparse_documents
    from eventwire.readers import read_inputs

    setup_logging(False)
    try:
        coder = load_coder(Config())
        with output_stream(output) as stream:
            for document, places in geoparse_documents(coder, read_inputs(inputs)):
                record = {"id": document.id, "places": [to_dict(p) for p in places]}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    except EventwireError as error:
        fail(error)


@app.command("eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold file: PLOVER gold-standard JSON Lines or the seeds event format."),
    docs: Optional[Path] = typer.Option(None, "--docs", help="Folder of the documents a seeds-format gold file names (default: ../corpus/seeds beside the gold folder)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Code a gold file and report accuracy."""
    from eventwire.analysis.evaluate import evaluate_plover, evaluate_seeds, gold_format, read_gold
    from eventwire.report import plover_report, seeds_report

    setup_logging(False)
    try:
        rows = read_gold(gold)
        kind = gold_format(rows, gold)
        coder = load_coder(Config())
        if kind == "plover":
            report = evaluate_plover(coder, rows)
        else:
            report = evaluate_seeds(coder, rows, docs or gold.resolve().parent.parent / "corpus" / "seeds")
    except EventwireError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps(report.figures(), indent=2))
        return
    console = Console()
    for renderable in (plover_report(report) if kind == "plover" else seeds_report(report)):
        console.print(renderable)


@app.command()
def explain(sentence: str = typer.Argument(..., help="A sentence (or short text) to code."),
            date: Optional[str] = typer.Option(None, help="Document date for resolving relative dates.")) -> None:
    """Show how a sentence is coded: the parse, triggers, rules and roles."""
    from eventwire.pipeline import code_text
    from eventwire.report import explain_table, parse_table

    setup_logging(False)
    try:
        coder = load_coder(Config())
        coded = code_text(coder, sentence, date=date)
    except EventwireError as error:
        fail(error)
    console = Console()
    console.print(parse_table(coder.nlp(sentence)))
    console.print(explain_table(coded.events))


gazetteer_app = typer.Typer(no_args_is_help=True, help="Manage the offline gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("update")
def gazetteer_update(
    base_url: str = typer.Option("https://download.geonames.org/export/dump/", help="Where the GeoNames dump files are."),
    files: list[str] = typer.Option(["allCountries.zip"], "--file", help="Dump file(s) to add: allCountries.zip, cities500.zip, a country such as SY.zip."),
    cache_dir: Optional[Path] = typer.Option(None, help="Gazetteer cache directory (default: $EVENTWIRE_CACHE or ~/.cache/eventwire)."),
) -> None:
    """Download the GeoNames dump and rebuild the gazetteer index from it (needs internet)."""
    from eventwire.places.dump import update_gazetteer
    from eventwire.places.gazetteer import default_cache_dir

    setup_logging(False)
    started = time.perf_counter()
    try:
        report = update_gazetteer(cache_dir or default_cache_dir(), base_url=base_url, files=files)
    except EventwireError as error:
        fail(error)
    stderr.print(f"{report.rows:,} GeoNames rows added; index {report.index_path} built in "
                 f"{time.perf_counter() - started:.0f} s", highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()
