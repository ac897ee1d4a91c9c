"""The eventwire command line: one Typer app, one thin command per job."""

from __future__ import annotations

import functools
import inspect
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
from typing import IO

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from eventwire.config import Config
from eventwire.errors import EventwireError, InputError, NotCodedError, printable
from eventwire.readers.urls import FetchOptions
from eventwire.readers.watch import WatchOptions
from eventwire.records import event_to_json, to_dict

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News in, PLOVER event records out.")
# Summaries and progress go to `stderr`, which --quiet silences; errors and skipped inputs go to `alerts`,
# which it never does.
# Messages quote input (file and zip member names, ids, CSV headers, URLs): never read as Rich markup.
stderr = Console(stderr=True, markup=False)
alerts = Console(stderr=True, markup=False)
log = logging.getLogger("eventwire")


class PrintableFormatter(logging.Formatter):
    """Log lines quote input too (a feed entry's link): control characters are shown escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


def show_version(value: bool) -> None:
    if value:
        from eventwire import __version__
        from eventwire.fingerprint import coder_fingerprint

        typer.echo(f"eventwire {__version__} (coder {coder_fingerprint(Config())})")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True,
                                 help="Print the version and the coder's fingerprint (what decides the records), and exit."),
) -> None:
    """News in, PLOVER event records out."""


QUIET_OPTION = inspect.Parameter(
    "quiet", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
    default=typer.Option(False, "--quiet", "-q", help="Print only errors and skipped inputs: no progress, no summary."))


def quietable(command):
    """Give a command --quiet: while it runs, the summary console prints nothing (errors still do). The
    console's quiet flag is set for the command's run only and put back after, so nothing outlives it."""
    signature = inspect.signature(command)

    @functools.wraps(command)
    def with_quiet(*args, quiet: bool = False, **values):
        before, bars = stderr.quiet, os.environ.get("TQDM_DISABLE")
        stderr.quiet = quiet or before
        if quiet:
            os.environ["TQDM_DISABLE"] = "1"  # the model libraries' own loading bars (transformers)
        try:
            return command(*args, **values)
        finally:
            stderr.quiet = before
            if quiet and bars is None:
                os.environ.pop("TQDM_DISABLE", None)

    with_quiet.__signature__ = signature.replace(parameters=[*signature.parameters.values(), QUIET_OPTION])
    with_quiet.__annotations__ = {**command.__annotations__, "quiet": bool}
    return with_quiet


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 event", "2 events"; `words` for irregular plurals ("1 story", "3 stories")."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PrintableFormatter("eventwire: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])


def labelled(label: str, style: str, message: object) -> Text:
    """"skipped: MESSAGE" with the label coloured and the message as plain, escaped text."""
    return Text.assemble((label, style), " ", printable(str(message)))


def fail(error: Exception) -> None:
    alerts.print(labelled("error:", "red", error), highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def usage_error(message: str) -> None:
    """A wrong option value or combination: exit code 2, as for every usage error."""
    alerts.print(labelled("error:", "red", message), highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


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


@contextmanager
def output_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed to it when the writer succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def problem_reporter(problems: list[InputError]):
    """Print each input problem as one stderr line as it happens, and keep it for the summary."""

    def report_problem(problem: InputError) -> None:
        problems.append(problem)
        alerts.print(labelled("skipped:", "yellow", problem), highlight=False, soft_wrap=True)

    return report_problem


def skipped_note(problems: list[InputError]) -> str:
    """", 3 input problems skipped"; documents left uncoded for their language are counted apart."""
    count = sum(not isinstance(p, NotCodedError) for p in problems)
    return f", {plural(count, 'input problem')} skipped" if count else ""


@contextmanager
def optional_stream(target: str | None) -> Iterator[IO[str] | None]:
    if target is None:
        yield None
    else:
        with output_stream(target) as stream:
            yield stream


def written(documents, stream: IO[str] | None):
    """Pass documents on, writing each to `stream` (when given) as JSON Lines."""
    from eventwire.records import document_to_json

    for document in documents:
        if stream is not None:
            stream.write(document_to_json(document) + "\n")
        yield document


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
        disable=not stderr.is_terminal or stderr.quiet,
        transient=True,
    )


LAZY_PROGRESS_SECONDS = 1.0  # work quicker than this shows no bar: it would only flicker


@contextmanager
def work_progress(label: str, unit: str, total: int | None = None) -> Iterator:
    """A progress bar on a terminal for work that lasts: yields `advance(n)`, and the bar appears only
    once the work has taken more than a second (a quick run prints no bar at all)."""
    columns = [TextColumn(label), BarColumn(), TextColumn(f"{{task.completed:,}} {unit}"), TimeElapsedColumn()]
    progress = Progress(*columns, console=stderr, disable=not stderr.is_terminal or stderr.quiet, transient=True)
    task = progress.add_task(label, total=total)
    started = time.perf_counter()

    def advance(count: int) -> None:
        progress.advance(task, count)
        if not progress.live.is_started and time.perf_counter() - started > LAZY_PROGRESS_SECONDS:
            progress.start()

    try:
        yield advance
    finally:
        progress.stop()


INPUTS_HELP = ("Files (.txt, .jsonl, .html, .rss/.atom/.xml feeds, .warc/.arc, .csv/.tsv; also .gz and .zip), "
               "folders, or - for JSON Lines on stdin.")


def prepared_inputs(inputs: list[str], report_problem, preparation, summary=None, text_column: str | None = None):
    """Documents read from `inputs` and prepared (cleaned, language-checked) as every command codes them."""
    from eventwire.flows import prepared, read_documents

    return prepared(read_documents(inputs, report_problem, Config(), text_column), preparation, report_problem, summary)


def print_preparation(summary) -> None:
    """The one-line account of what preparation skipped or removed, when there is one."""
    if summary.describe():
        stderr.print(summary.describe(), highlight=False)


@app.command()
@quietable
def code(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP + " With --dask: files, folders, globs or fsspec URLs (s3://...)."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write event records: a .jsonl file, - for stdout, or a directory of Parquet partitions (any other name, a path or an fsspec URL; a rerun into it skips the partitions already written)."),
    batch_size: int = typer.Option(Config.batch_size, help="Documents per spaCy batch."),
    min_confidence: float = typer.Option(Config.min_confidence, help="Drop records below this confidence."),
    text_column: str | None = typer.Option(None, "--text-column", help="CSV/TSV column with the article text (default: text, body, content, ...)."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Code the text as read: no boilerplate removal, no encoding repair."),
    documents_out: str | None = typer.Option(None, "--documents", help="Also write the documents as coded (the cleaned text record offsets index) as JSON Lines."),
    prefilter: str = typer.Option(Config.prefilter, "--prefilter", help="Sentences left unparsed: off, mentions (no trigger word, actor or place name), triggers (no trigger word) or detector (no category the event detector finds likely)."),
    model: bool = typer.Option(Config.detector, "--model/--no-model", help="Weigh the rules' events with the learned event detector (--no-model: the rules alone)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes coding in parallel, each with its own models."),
    dask: str | None = typer.Option(None, "--dask", help="Run on a Dask cluster: its scheduler address (tcp://host:8786), or 'local' for a local cluster of --workers processes."),
    partition_size: int = typer.Option(1000, "--partition-size", help="Documents per Parquet partition (without --dask; with it, one partition per input file or 8 MB block of JSON Lines)."),
    retries: int = typer.Option(2, "--retries", help="With --dask: attempts after the first for a failed partition."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail."),
) -> None:
    """Code documents into PLOVER event records: JSON Lines, or Parquet partitions for DuckDB and `ingest`."""
    from eventwire.parsing.prefilter import POLICIES
    from eventwire.scale.cluster import DaskOptions
    from eventwire.scale.output import is_jsonl_target
    from eventwire.scale.run import RunOptions, run_code

    setup_logging(verbose)
    if prefilter not in POLICIES:
        usage_error(f"--prefilter is one of {', '.join(POLICIES)}, not {prefilter!r}")
    if dask is not None and documents_out is not None:
        usage_error("--documents is not written with --dask: the coded documents are in the Parquet output's documents/ partitions")
    problems: list[InputError] = []
    report_problem = problem_reporter(problems)
    if prefilter == "detector" and not model:
        usage_error("--prefilter detector needs the event detector: drop --no-model")
    config = Config(batch_size=batch_size, min_confidence=min_confidence, prefilter=prefilter, detector=model)
    options = RunOptions(workers=workers, clean=not no_clean, text_column=text_column, partition_size=partition_size,
                         dask=DaskOptions(scheduler=dask, workers=workers, retries=retries) if dask else None)
    jsonl = is_jsonl_target(output)
    if jsonl and "://" in output:
        usage_error(f"{output}: JSON Lines are written to a local file or - (stdout); "
                    "for an fsspec URL give a directory name (Parquet partitions)")
    try:
        with (output_stream(output) if jsonl else nullcontext()) as stream, optional_stream(documents_out) as documents_stream, \
                progress_bar() as progress:
            task = progress.add_task("coding", total=None)
            report = run_code(inputs, config, options, report_problem, jsonl=stream, directory=None if jsonl else output,
                              documents_out=documents_stream, load_coder=load_coder,
                              on_documents=lambda count: progress.advance(task, count))
    except EventwireError as error:
        fail(error)
    skipped = f", {plural(report.partitions_skipped, 'partition')} already done" if report.partitions_skipped else ""
    if report.partitions_removed:
        skipped += f", {plural(report.partitions_removed, 'partition')} of another input, settings, coder or mode removed"
    stderr.print(
        f"{plural(report.documents, 'document')}, {plural(report.sentences, 'sentence')}, "
        f"{plural(report.events, 'event')} in {report.seconds:.1f} s{skipped}{skipped_note(problems)}",
        highlight=False,
    )
    print_preparation(report.totals.summary)
    if prefilter != "off":
        stderr.print(report.totals.filtered.describe(), highlight=False)
    if workers > 1 or dask:
        from eventwire.scale.workers import peak_rss_mb

        stderr.print(f"peak memory of this process {peak_rss_mb():.0f} MB; {report.totals.describe_memory()}", highlight=False)
    if report.partitions_failed:
        raise typer.Exit(code=1)


@app.command()
@quietable
def demo(
    output: Path = typer.Option(Path("out/demo-events.jsonl"), "-o", "--output", help="Where to write the demo's event records."),
) -> None:
    """Code the embedded demo corpus and print its events as a table."""
    from eventwire.flows import coded as coded_documents
    from eventwire.readers.files import raise_problem, read_jsonl
    from eventwire.report import events_table

    setup_logging(False)
    corpus = resources.files("eventwire.demo") / "articles.jsonl"
    try:
        coder = load_coder(Config())
        started = time.perf_counter()
        with resources.as_file(corpus) as path:
            # The demo's articles are clean already: coded as written, as they always were.
            coded = list(coded_documents(coder, read_jsonl(path, raise_problem), preparation=None))
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
    stderr.print(f"{plural(len(coded), 'document')}, {plural(sentences, 'sentence')}, {plural(events, 'event')} "
                 f"in {seconds:.1f} s; records in {output}", highlight=False)


@app.command()
@quietable
def geoparse(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl), folders, or - for JSON Lines on stdin."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write one {id, places} object per document; - for stdout."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0, help="Drop places the place ranker scores below this (the score is the chance the place is right)."),
) -> None:
    """List every place each document mentions, resolved to GeoNames, each with its score and runner-up."""
    from eventwire.pipeline import geoparse_documents
    from eventwire.readers import read_inputs

    setup_logging(False)
    try:
        coder = load_coder(Config(detector=False))  # places only: no events, so no detector
        with output_stream(output) as stream:
            for document, places in geoparse_documents(coder, read_inputs(inputs)):
                kept = [p for p in places if p.score is None or p.score >= min_score] if min_score else places
                record = {"id": document.id, "places": [to_dict(p) for p in kept]}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    except EventwireError as error:
        fail(error)


@app.command("eval")
@quietable
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold file: PLOVER gold-standard JSON Lines or the seeds event format."),
    docs: Path | None = typer.Option(None, "--docs", help="Folder of the documents a seeds-format gold file names (default: ../corpus/seeds beside the gold folder)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    prefilter: str = typer.Option(Config.prefilter, "--prefilter", help="Pre-filter policy to evaluate (as for `code`): off, mentions or triggers."),
    split: str = typer.Option("heldout", "--split", help="With the real-news gold folder: train, heldout or all."),
    model: bool = typer.Option(Config.detector, "--model/--no-model", help="Evaluate with the learned event detector (--no-model: the rules alone)."),
    detector_file: Path | None = typer.Option(None, "--detector-file", help="Evaluate this trained detector instead of the package's (a learning curve)."),
    role_model: bool = typer.Option(Config.role_model, "--role-model/--no-role-model", help="Choose roles with the learned role model (off: the rules' choice)."),
) -> None:
    """Code a gold file (or the real-news gold folder, gold/realnews) and report accuracy."""
    from eventwire.analysis.evaluate import evaluate_plover, evaluate_seeds, gold_format, read_gold
    from eventwire.report import plover_report, seeds_report

    setup_logging(False)
    if split not in ("train", "heldout", "all"):
        usage_error(f"--split is one of train, heldout, all; not {split!r}")
    if not gold.exists():
        usage_error(f"--gold {gold}: no such file or folder")
    if gold.is_dir():
        evaluate_realnews_folder(gold, split, Config(prefilter=prefilter, detector=model, detector_file=detector_file,
                                                     role_model=role_model), as_json)
        return
    try:
        rows = read_gold(gold)
        kind = gold_format(rows, gold)
        coder = load_coder(Config(prefilter=prefilter, detector=model, detector_file=detector_file, role_model=role_model))
        if kind == "plover":
            report = evaluate_plover(coder, rows)
        else:
            report = evaluate_seeds(coder, rows, docs or gold.resolve().parent.parent / "corpus" / "seeds")
    except EventwireError as error:
        fail(error)
    print_evaluation(report, plover_report if kind == "plover" else seeds_report, as_json)


def print_evaluation(report, tables, as_json: bool) -> None:
    """An evaluation's figures as JSON, or as tables for people."""
    if as_json:
        typer.echo(json.dumps(report.figures(), indent=2))
        return
    console = Console()
    for renderable in tables(report):
        console.print(renderable)


def evaluate_realnews_folder(root: Path, split: str, config: Config, as_json: bool) -> None:
    from eventwire.analysis.evaluate_realnews import evaluate_realnews
    from eventwire.report import realnews_report

    gold = load_realnews(root, None)
    try:
        report = evaluate_realnews(load_coder(config), gold, split)
    except EventwireError as error:
        fail(error)
    print_evaluation(report, realnews_report, as_json)


@app.command()
@quietable
def explain(sentence: str = typer.Argument(..., help="A sentence (or short text) to code."),
            date: str | None = typer.Option(None, help="Document date for resolving relative dates.")) -> None:
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


@app.command()
@quietable
def actors(
    text_or_file: str = typer.Argument(..., help="Text to read, or a file or folder (.txt, .jsonl), or - for JSON Lines on stdin."),
    date: str | None = typer.Option(None, help="Document date for people's offices, when the input has none."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per document instead of tables."),
) -> None:
    """Show each actor mention with its resolution and why (which lexicon entry or rule)."""
    from dataclasses import replace as with_field

    from eventwire.cleaning import Preparation
    from eventwire.parsing import parse_documents
    from eventwire.pipeline import document_actors
    from eventwire.records import Document
    from eventwire.report import actors_table

    setup_logging(False)
    report_problem = problem_reporter([])
    console = Console()
    try:
        coder = load_coder(Config(detector=False))  # actors only: no events, so no detector
        if text_or_file == "-" or _is_path(text_or_file):
            # Files are prepared as `code` prepares them, so offsets and mentions match its records.
            documents = prepared_inputs([text_or_file], report_problem, Preparation.load(clean=True))
        else:
            documents = iter([Document(id="text", text=text_or_file)])
        if date:
            documents = (d if d.date else with_field(d, date=date) for d in documents)
        for document, doc in parse_documents(coder.nlp, documents, batch_size=coder.config.batch_size):
            found = document_actors(coder, document, doc)
            if as_json:
                print(json.dumps({"id": document.id, "actors": [to_dict(a) for a in found]}, ensure_ascii=False))
            else:
                console.print(actors_table(found, title=f"Actors in {document.id}"))
    except EventwireError as error:
        fail(error)


def _is_path(argument: str) -> bool:
    """True when a TEXT_OR_FILE argument names an existing file or folder."""
    try:
        return "\n" not in argument and Path(argument).exists()
    except OSError:
        return False


@app.command()
@quietable
def read(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    output: str = typer.Option("-", "-o", "--output", help="Where to write the documents (JSON Lines, as `eventwire code` reads them); - for stdout."),
    text_column: str | None = typer.Option(None, "--text-column", help="CSV/TSV column with the article text (default: text, body, content, ...)."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Keep the text as read: no boilerplate removal, no encoding repair."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail (every line cleaning removes)."),
) -> None:
    """Read any input into JSON Lines documents, cleaned and language-checked as `code` would code them."""
    from eventwire.cleaning import Preparation, PreparationSummary

    setup_logging(verbose)
    problems: list[InputError] = []
    report_problem = problem_reporter(problems)
    summary = PreparationSummary()
    count = 0
    try:
        preparation = Preparation.load(clean=not no_clean)
        with output_stream(output) as stream:
            for _ in written(prepared_inputs(inputs, report_problem, preparation, summary, text_column), stream):
                count += 1
    except EventwireError as error:
        fail(error)
    stderr.print(f"{plural(count, 'document')}{skipped_note(problems)}", highlight=False)
    print_preparation(summary)


# Shared by `fetch` and `watch`, which talk to servers the same way.
TIMEOUT_OPTION = typer.Option(FetchOptions.timeout, help="Seconds to wait for a server to connect or to send more.")
RETRIES_OPTION = typer.Option(FetchOptions.retries, help="Retries after a timeout or server error, waiting twice as long each time.")
DELAY_OPTION = typer.Option(FetchOptions.delay, help="Seconds between requests to the same host (robots.txt Crawl-delay when longer).")
DEADLINE_OPTION = typer.Option(FetchOptions.deadline, "--deadline", min=0.1, help="Seconds one answer may take in all: a server that drips bytes is cut off.")
ALLOW_PRIVATE_OPTION = typer.Option(False, "--allow-private", help="Follow redirects and feed links to loopback, private, link-local and reserved addresses on other hosts than the one given (refused by default).")


@app.command()
@quietable
def fetch(
    sources: list[str] = typer.Argument(..., help="URLs of pages or RSS/Atom feeds, or files listing URLs one per line."),
    output: str = typer.Option("-", "-o", "--output", help="Where to write the documents (JSON Lines, as `eventwire code` reads them); - for stdout."),
    timeout: float = TIMEOUT_OPTION,
    retries: int = RETRIES_OPTION,
    delay: float = DELAY_OPTION,
    max_entries: int = typer.Option(FetchOptions.max_entries, help="Feed entries followed to their pages, per feed."),
    deadline: float = DEADLINE_OPTION,
    allow_private: bool = ALLOW_PRIVATE_OPTION,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail."),
) -> None:
    """Fetch pages and feeds (following entries to their pages) into JSON Lines documents for `code`."""
    from eventwire.readers.urls import Fetcher, fetch_documents

    setup_logging(verbose)
    problems: list[InputError] = []
    options = FetchOptions(timeout=timeout, retries=retries, delay=delay, max_entries=max_entries, deadline=deadline,
                           allow_private=allow_private)
    count = 0
    with output_stream(output) as stream:
        for _ in written(fetch_documents(sources, Fetcher(options), problem_reporter(problems)), stream):
            count += 1
    stderr.print(f"{plural(count, 'document')} fetched{skipped_note(problems)}", highlight=False)


DB_HELP = "The event store (DuckDB file)."


def print_line(message: str) -> None:
    """One unwrapped line on stderr, for logs and for scripts that read them."""
    stderr.print(message, highlight=False, soft_wrap=True)


@contextmanager
def stop_on_signals(stop) -> Iterator[None]:
    """Ctrl-C or SIGTERM sets `stop`, so the work in hand finishes and is committed; a second one
    interrupts at once."""
    import signal

    def request_stop(signum, frame) -> None:
        stderr.print("stopping: storing what has been fetched (again to stop now)", highlight=False)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    previous = {number: signal.signal(number, request_stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@app.command()
@quietable
def watch(
    sources: list[str] = typer.Argument(..., help="URLs of RSS/Atom feeds or pages, or files listing URLs one per line (read once, at the start)."),
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP + " Created on first use; it also keeps what the watcher has seen."),
    interval: float = typer.Option(WatchOptions.interval, help="Seconds from the start of one polling round to the next."),
    once: bool = typer.Option(False, "--once", help="Poll each source once and exit (for cron)."),
    max_rounds: int | None = typer.Option(None, help="Stop after this many rounds."),
    timeout: float = TIMEOUT_OPTION,
    retries: int = RETRIES_OPTION,
    delay: float = DELAY_OPTION,
    max_entries: int = typer.Option(FetchOptions.max_entries, help="Feed entries looked at, per feed and round."),
    deadline: float = DEADLINE_OPTION,
    allow_private: bool = ALLOW_PRIVATE_OPTION,
    batch_size: int = typer.Option(64, help="Documents per transaction."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Store the text as read (as for `code`)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail."),
) -> None:
    """Poll feeds and pages politely and store new articles as they appear; a restart goes on where it stopped."""
    import threading

    from eventwire.cleaning import Preparation
    from eventwire.flows import StoreIngest
    from eventwire.readers.urls import Fetcher, source_urls
    from eventwire.readers.watch import Watcher

    setup_logging(verbose)
    problems: list[InputError] = []
    report_problem = problem_reporter(problems)
    urls = list(dict.fromkeys(source_urls(sources, report_problem)))
    if not urls:
        usage_error("nothing to watch: no http(s) URL given")
    options = WatchOptions(interval=interval, max_rounds=1 if once else max_rounds)
    fetcher = Fetcher(FetchOptions(timeout=timeout, retries=retries, delay=delay, max_entries=max_entries,
                                   deadline=deadline, allow_private=allow_private))
    stop = threading.Event()
    totals = {"documents": 0, "events": 0}

    def round_done(report) -> None:
        totals["documents"] += report.documents
        totals["events"] += report.events
        print_line(report.describe())

    try:
        ingest_documents = StoreIngest(load_coder(Config()), Preparation.load(clean=not no_clean), report_problem,
                                       batch_size=batch_size)
        # One round (--once) has a known length, the sources: a bar shows how far it is.
        with work_progress("polling", "sources", len(urls)) if once else nullcontext(lambda count: None) as advance:
            watcher = Watcher(fetcher, ingest_documents, report_problem, options, stop, on_source=lambda: advance(1))
            with stop_on_signals(stop):
                rounds = watcher.run(db, urls, on_round=round_done)
    except EventwireError as error:
        fail(error)
    print_line(f"watched {plural(len(urls), 'source')} for {plural(rounds, 'round')} into {db}: "
               f"{plural(totals['documents'], 'document')} and {plural(totals['events'], 'event')} stored"
               f"{skipped_note(problems)}")


@app.command()
@quietable
def ingest(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP + " Created on first use."),
    batch_size: int = typer.Option(64, help="Documents per transaction: a killed run loses at most the batch it was in."),
    text_column: str | None = typer.Option(None, "--text-column", help="CSV/TSV text column (as for `code`)."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Store the text as read (as for `code`)."),
    story_window: int | None = typer.Option(None, "--story-window", min=0, help="Days around a story's first report within which later reports may join it (default 3); kept in the store for later runs."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail and each committed batch."),
) -> None:
    """Code documents (or take the Parquet partitions `code -o DIR` wrote) and add them to the store; documents already stored are skipped, so runs can be repeated."""
    from eventwire.flows import IngestOptions, ingest_into

    setup_logging(verbose)
    problems: list[InputError] = []

    def committed(batch: int, report) -> None:
        if verbose:
            stderr.print(f"committed batch {batch}: {plural(report.documents, 'document')} stored so far", highlight=False)

    options = IngestOptions(batch_size=batch_size, clean=not no_clean, text_column=text_column,
                            story_window_days=story_window)
    try:
        with work_progress("storing", "documents") as advance:
            run = ingest_into(db, inputs, None, lambda: load_coder(Config()), options, problem_reporter(problems),
                              on_document=advance, on_commit=committed)
    except EventwireError as error:
        fail(error)
    print_ingest_summary(run, db)


@app.command()
@quietable
def status(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Which coder(s) made the stored events, with counts, and whether that is the current coder."""
    from eventwire.fingerprint import coder_fingerprint
    from eventwire.store.recode import coder_counts, stories_stale

    current = coder_fingerprint(Config())
    try:
        connection = open_for_query(db)
        try:
            counts, stale = coder_counts(connection), stories_stale(connection)
        finally:
            connection.close()
    except EventwireError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps({"current_coder": current, "stories_stale": stale, "coders": [
            {"coder": c.coder, "current": c.coder == current, "documents": c.documents, "events": c.events}
            for c in counts]}, indent=2))
        return
    typer.echo(f"{db}: {plural(sum(c.documents for c in counts), 'document')}, "
               f"{plural(sum(c.events for c in counts), 'event')}; the current coder is {current}")
    for count in counts:
        name = f"coder {count.coder}" if count.coder else "an unknown coder (stored before coders were recorded)"
        mark = " (current)" if count.coder == current else ""
        typer.echo(f"{name}{mark}: {plural(count.documents, 'document')}, {plural(count.events, 'event')}")
    if any(c.coder != current for c in counts) or stale:
        typer.echo(f"`eventwire recode --db {db}` codes the rest with the current coder")


@app.command()
@quietable
def recode(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP),
    batch_size: int = typer.Option(16, help="Documents coded together (each is stored in its own transaction)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail."),
) -> None:
    """Code the stored documents again with the current coder, without fetching or reading anything again;
    a document's records are replaced in one transaction, and a rerun goes on where a stopped one left off."""
    from eventwire.fingerprint import coder_fingerprint
    from eventwire.flows import recode_into

    setup_logging(verbose)
    config = Config()
    try:
        with work_progress("recoding", "documents") as advance:
            report = recode_into(db, config, lambda: load_coder(config), batch_size, on_document=advance)
    except EventwireError as error:
        fail(error)
    stories = f"; {plural(report.stories, 'story', 'stories')} grouped again" if report.stories else ""
    stderr.print(f"{plural(report.documents, 'document')} recoded by coder {coder_fingerprint(config)} "
                 f"({plural(report.events_before, 'event')} before, {report.events:,} now), "
                 f"{report.current:,} already current, in {report.seconds:.1f} s{stories}", highlight=False, soft_wrap=True)


def print_ingest_summary(run, db: Path) -> None:
    """Documents stored, events, and what was skipped, in one line (and what cleaning did, in another)."""
    report = run.report
    skipped = [part for count, part in (
        (run.already_stored, f"{plural(run.already_stored, 'document')} already stored"),
        (run.input_problems, f"{plural(run.input_problems, 'input problem')}"),
        (sum(run.preparation.not_coded.values()), f"{plural(sum(run.preparation.not_coded.values()), 'document')} not in English"),
    ) if count]
    stderr.print(
        f"{plural(report.documents, 'new document')} ({plural(report.near_duplicates, 'near-duplicate')}), "
        f"{plural(report.events, 'event')}, {plural(report.copied_sentences, 'copied sentence')} in "
        f"{report.seconds:.1f} s into {db}; skipped: {', '.join(skipped) or 'nothing'}",
        highlight=False,
    )
    print_preparation(run.preparation)


def filter_option(field) -> typer.models.OptionInfo:
    """The Typer option of one of the store's filters (`store.query.FILTER_FIELDS`)."""
    help_text = field.help + (f" One of: {', '.join(field.choices)}." if field.choices else "")
    flags = field.flags or ("--" + field.name.replace("_", "-"),)
    default = False if field.kind is bool and len(flags) == 1 and "/" not in flags[0] else None
    return typer.Option(default, *flags, help=help_text)


def with_event_filter(command):
    """Give a query command the store's filter options; it receives them as one `EventFilter` named
    `event_filter`. A value outside its vocabulary, or a date that does not exist, exits with code 2."""
    from eventwire.store.query import FILTER_FIELDS

    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "event_filter"]
    options = [inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=filter_option(f),
                                 annotation=f.kind | None) for f in FILTER_FIELDS]

    @functools.wraps(command)
    def with_filter(**values):
        from eventwire.store.query import EventFilter, FilterError

        try:
            event_filter = EventFilter(**{f.name: values.pop(f.name) for f in FILTER_FIELDS})
        except FilterError as error:
            usage_error(str(error))
        return command(event_filter=event_filter, **values)

    with_filter.__signature__ = signature.replace(parameters=own + options)
    annotations = {name: kind for name, kind in command.__annotations__.items() if name != "event_filter"}
    with_filter.__annotations__ = {**annotations, **{p.name: p.annotation for p in options}}
    return with_filter


FORMAT_HELP = "table, json or csv."
QUERY_FORMATS = ("table", "json", "csv")


def check_format(output_format: str) -> None:
    """Refuse an unknown --format before the store is read (a usage error, exit 2)."""
    if output_format not in QUERY_FORMATS:
        usage_error(f"--format is {', '.join(QUERY_FORMATS[:-1])} or {QUERY_FORMATS[-1]}, not {output_format!r}")


def print_rows(rows: list[dict], output_format: str, table) -> None:
    from eventwire.store.export import flat_row, to_json

    if output_format == "json":
        typer.echo(to_json(rows, indent=1))
    elif output_format == "csv":
        import csv

        flat = [flat_row(row) for row in rows]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]) if flat else [])
        writer.writeheader()
        writer.writerows(flat)
    elif output_format == "table":
        Console(width=max(Console().width, 140)).print(table())
    else:
        check_format(output_format)


def open_for_query(db: Path):
    from eventwire.store import open_store

    return open_store(db, read_only=True)


@app.command()
@quietable
@with_event_filter
def events(
    event_filter,
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP),
    output_format: str = typer.Option("table", "--format", help=FORMAT_HELP),
    limit: int = typer.Option(100, help="At most this many records (0: all)."),
) -> None:
    """Event records from the store, filtered; JSON records carry their `story_id`; CSV has the flat export's columns."""
    from eventwire.report import events_table
    from eventwire.store.flat import flat_batches
    from eventwire.store.query import event_record, find_events

    check_format(output_format)
    flat: list[dict] = []
    try:
        connection = open_for_query(db)
        try:
            if output_format == "csv":  # the same columns as `export --format csv`
                flat = [row for batch in flat_batches(connection, event_filter, limit or None) for row in batch]
            else:
                rows = find_events(connection, event_filter, limit or None)
        finally:
            connection.close()
    except EventwireError as error:
        fail(error)
    if output_format == "csv":
        print_flat_csv(flat)
        return
    print_rows(rows, output_format, lambda: events_table([event_record(row) for row in rows], title=f"Events in {db}"))


def print_flat_csv(rows: list[dict]) -> None:
    import csv

    from eventwire.store.flat import FLAT_COLUMNS

    writer = csv.DictWriter(sys.stdout, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)


@app.command()
@quietable
@with_event_filter
def stories(
    event_filter,
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP),
    output_format: str = typer.Option("table", "--format", help=FORMAT_HELP),
    min_reports: int = typer.Option(1, help="Only stories with at least this many reports."),
    min_outlets: int = typer.Option(1, help="Only stories told by at least this many independent outlets."),
    limit: int = typer.Option(100, help="At most this many stories (0: all)."),
) -> None:
    """Stories from the store: reports of one event across documents, with outlets and contradictions."""
    from eventwire.report import stories_table
    from eventwire.store.query import find_stories

    check_format(output_format)
    try:
        connection = open_for_query(db)
        rows = find_stories(connection, event_filter, min_reports, min_outlets, limit or None)
        connection.close()
    except EventwireError as error:
        fail(error)
    print_rows(rows, output_format, lambda: stories_table(rows, title=f"Stories in {db}"))


@app.command()
@quietable
@with_event_filter
def export(
    event_filter,
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    output_format: str = typer.Option("jsonl", "--format", help="Events: csv, parquet or jsonl (one flat row per event, with its document and a CAMEO code), gdelt (GDELT 2.0 column names, tab-separated) or plover (PLOVER/POLECAT field names). Stories: csv, parquet or jsonl."),
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP),
    what: str = typer.Option("events", "--what", help="events or stories."),
) -> None:
    """Export the store's events (or stories), all of them or those a filter selects: one row per event, columns in docs/record-schema.md."""
    from eventwire.store.export import EVENT_FORMATS, EXPORTERS, FLAT_EXPORTERS, STORY_FORMATS, write_plover
    from eventwire.store.flat import count_events, flat_batches
    from eventwire.store.query import find_events, find_stories

    if what not in ("events", "stories"):
        usage_error(f"--what is events or stories, not {what!r}")
    formats = EVENT_FORMATS if what == "events" else STORY_FORMATS
    if output_format not in formats:
        usage_error(f"--format for {what} is one of {', '.join(formats)}, not {output_format!r}")
    try:
        connection = open_for_query(db)
        try:
            if what == "stories":
                rows = find_stories(connection, event_filter)
                with output_path(output) as temporary:
                    EXPORTERS[output_format](rows, temporary)
                count = len(rows)
            elif output_format == "plover":
                rows = find_events(connection, event_filter)
                with output_path(output) as temporary:
                    write_plover(rows, temporary)
                count = len(rows)
            else:
                with work_progress("exporting", "events", count_events(connection, event_filter)) as advance, \
                        output_path(output) as temporary:
                    count = FLAT_EXPORTERS[output_format](flat_batches(connection, event_filter), temporary, advance)
        finally:
            connection.close()
    except EventwireError as error:
        fail(error)
    noun = plural(count, "event") if what == "events" else plural(count, "story", "stories")
    stderr.print(f"{noun} written to {output}", highlight=False)


@app.command()
@quietable
def serve(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (the default serves this machine only)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    ingest_token: str | None = typer.Option(
        None, envvar="EVENTWIRE_INGEST_TOKEN", show_default=False,
        help="Allow POST /api/ingest for requests bearing this token; without it the store is opened read-only."),
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /docs) over a store."""
    import uvicorn

    from eventwire.web.app import WebSettings, create_app

    setup_logging(False)
    try:
        web = create_app(WebSettings(db=db, ingest_token=ingest_token or None))
    except EventwireError as error:
        fail(error)
    try:
        listening = bound_socket(host, port)
    except OSError as error:
        web.state.web.connection.close()
        fail(EventwireError(f"cannot listen on {host}:{port} ({error.strerror or error}): another server may be "
                            f"using it; stop it, or choose another --port"))
    stderr.print(f"serving {db} ({'ingest enabled' if ingest_token else 'read-only'}) at http://{host}:{port}/",
                 highlight=False)
    try:
        # The socket is already bound, so the address announced is the one served: no race with another server.
        uvicorn.Server(uvicorn.Config(web, log_level="warning")).run(sockets=[listening])
    finally:
        listening.close()
        web.state.web.connection.close()


def bound_socket(host: str, port: int):
    """A listening socket on host:port, bound before `serve` says it is serving; OSError when it is taken."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(2048)
    except OSError:
        listening.close()
        raise
    return listening


gazetteer_app = typer.Typer(no_args_is_help=True, help="Manage the offline gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("update")
@quietable
def gazetteer_update(
    base_url: str = typer.Option("https://download.geonames.org/export/dump/", help="Where the GeoNames dump files are."),
    files: list[str] = typer.Option(["allCountries.zip"], "--file", help="Dump file(s) to add: allCountries.zip, cities500.zip, a country such as SY.zip."),
    cache_dir: Path | None = typer.Option(None, help="Gazetteer cache directory (default: $EVENTWIRE_CACHE or ~/.cache/eventwire)."),
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


gold_app = typer.Typer(no_args_is_help=True, help="The real-news event gold (gold/realnews): show articles, check codings.")
app.add_typer(gold_app, name="gold")
GOLD_ROOT = Path("gold/realnews")


def load_realnews(root: Path, shared: Path | None):
    from eventwire.analysis.realnews import RealNewsGold, shared_gold_beside

    try:
        return RealNewsGold.load(root, shared or shared_gold_beside(root))
    except (EventwireError, OSError) as error:
        fail(error)


@gold_app.command("show")
@quietable
def gold_show(
    docs: list[str] = typer.Argument(..., help="Article keys of the sample (gwn-12, lgl-40311)."),
    root: Path = typer.Option(GOLD_ROOT, help="The gold folder (sample.jsonl, sentences.jsonl)."),
    shared: Path | None = typer.Option(None, help="Where geowebnews.jsonl and lgl.jsonl are (default: ../shared/gold beside the repository)."),
) -> None:
    """Print articles as coders see them: each sentence with its number."""
    from eventwire.analysis.realnews import show

    gold = load_realnews(root, shared)
    for key in docs:
        if key not in gold.sample:
            fail(InputError(str(root / "sample.jsonl"), f"no article {key!r} in the sample"))
        typer.echo(show(gold, key) + "\n")


@gold_app.command("check")
@quietable
def gold_check(
    docs: list[str] = typer.Argument(None, help="Article keys to check (default: every coded article)."),
    coder: str = typer.Option("coder_a", help="Whose coding: coder_a (the gold) or coder_b (the second coder)."),
    root: Path = typer.Option(GOLD_ROOT, help="The gold folder."),
    shared: Path | None = typer.Option(None, help="Where geowebnews.jsonl and lgl.jsonl are (default: ../shared/gold beside the repository)."),
) -> None:
    """Check coding files: every sentence coded, known categories, modes, codes and texts."""
    from eventwire.analysis.realnews import check_annotation

    gold = load_realnews(root, shared)
    keys = docs or [key for key in gold.docs() if gold.annotation_path(coder, key).is_file()]
    problems = [line for key in keys for line in check_annotation(gold, coder, key)]
    for line in problems:
        typer.echo(line)
    typer.echo(f"{plural(len(keys), 'file')} checked, {plural(len(problems), 'problem')}")
    if problems:
        raise typer.Exit(1)


@gold_app.command("agreement")
@quietable
def gold_agreement(
    root: Path = typer.Option(GOLD_ROOT, help="The gold folder."),
    shared: Path | None = typer.Option(None, help="Where geowebnews.jsonl and lgl.jsonl are (default: ../shared/gold beside the repository)."),
) -> None:
    """Agreement of the two coders on the articles both coded: kappas and (unit, category) F1."""
    from eventwire.analysis.realnews import agreement

    typer.echo(json.dumps(agreement(load_realnews(root, shared)), indent=2))


model_app = typer.Typer(no_args_is_help=True, help="The learned models: the event detector, the place ranker and the role model; train them (make model).")
app.add_typer(model_app, name="model")


@model_app.command("train")
@quietable
def model_train(
    root: Path = typer.Option(GOLD_ROOT, help="The real-news gold folder (its train split is used)."),
    synthetic: Path | None = typer.Option(None, help="Also train on the coded synthetic stories (gold/synthetic)."),
    output: Path | None = typer.Option(None, help="Where to write the adapter (default: the package's events/data/detector_adapter.npz)."),
    report: Path | None = typer.Option(None, help="Write the cross-validated figures here as JSON."),
    small_golds: bool = typer.Option(False, "--small-golds", help="Also train on the PLOVER dev half and the seeds (they are then no longer unseen)."),
    fraction: float = typer.Option(1.0, "--fraction", min=0.05, max=1.0, help="Train on this share of the train articles (by hash), for a learning curve."),
) -> None:
    """Train the event detector and its decision head from the train split, deterministically."""
    from eventwire.analysis.realnews import shared_gold_beside
    from eventwire.events.detector import ADAPTER_FILE, DATA
    from eventwire.events.training import TrainingSources, train_model

    setup_logging(True)
    target = output or Path(str(resources.files(DATA) / ADAPTER_FILE))
    sources = TrainingSources(root, shared_gold_beside(root), synthetic, small_golds, fraction)
    # The rules' roles, as the decision head reads them at run time (`events/coder.py`, `code_sentence`'s
    # `as_ruled`), whatever role model ships.
    print_training_figures(lambda: train_model(load_coder(Config(detector=False, role_model=False)), sources, target), report)


@model_app.command("places")
@quietable
def model_places(
    shared_gold: Path = typer.Option(Path("../shared/gold"), help="The folder holding geowebnews.jsonl, lgl.jsonl and score_geo.py (their train split is used)."),
    output: Path | None = typer.Option(None, help="Where to write the ranker (default: the package's places/data/place_ranker.json)."),
    report: Path | None = typer.Option(None, help="Write the cross-validated figures here as JSON."),
) -> None:
    """Train the place ranker from the train split of GeoWebNews and LGL, deterministically."""
    from eventwire.places.ranker import RANKER_FILE
    from eventwire.places.training import train_place_ranker

    setup_logging(True)
    target = output or Path(str(resources.files("eventwire.places") / "data" / RANKER_FILE))
    if not (shared_gold / "lgl.jsonl").is_file():
        fail(EventwireError(f"{shared_gold}: no lgl.jsonl here; give the shared gold folder with --shared-gold"))
    print_training_figures(lambda: train_place_ranker(load_coder(Config(detector=False, place_ranker=False)), shared_gold,
                                                      target, shared_gold / "score_geo.py"), report)


@model_app.command("roles")
@quietable
def model_roles(
    root: Path = typer.Option(GOLD_ROOT, help="The real-news gold folder (its train split is used)."),
    output: Path | None = typer.Option(None, help="Where to write the model (default: the package's events/data/role_model.json)."),
    report: Path | None = typer.Option(None, help="Write the cross-validated figures here as JSON."),
) -> None:
    """Train the role model (who is an event's actor and recipient) from the train split, deterministically."""
    from eventwire.events.role_choice import ROLE_MODEL_FILE
    from eventwire.events.role_training import train_role_model

    setup_logging(True)
    target = output or Path(str(resources.files("eventwire.events") / "data" / ROLE_MODEL_FILE))
    print_training_figures(lambda: train_role_model(load_coder(Config(role_model=False)), load_realnews(root, None),
                                                    target), report)


def print_training_figures(train, report: Path | None) -> None:
    """Run a `model` command's training; print its cross-validated figures, and write them to `report`."""
    try:
        figures = train()
    except (EventwireError, OSError) as error:
        fail(error)
    text = json.dumps(figures, indent=2)
    if report:
        report.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


def main() -> None:  # pragma: no cover - console entry point
    app()
