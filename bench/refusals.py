"""Invalid filter values on the CLI and the API: issue 17's targets (exit code 2, HTTP 422).

    .venv/bin/python bench/refusals.py --db STORE

Runs `events`, `stories` and `export` with each invalid value below (a category, quad or modality not
in the vocabulary, a date that does not exist, a confidence that is no number from 0 to 1) and asks
`/api/events`, `/api/stories` and `/api/map` the same, plus unknown query parameters; then counts
the answers that are not exit code 2 (CLI) or 422 (API), and valid values that are refused. Any
store will do (e.g. `eventwire ingest tests/fixtures/stories/multi_outlet.jsonl --db STORE`).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

INVALID_OPTIONS = [
    ["--category", "ASAULT"], ["--quad", "conflict"], ["--modality", "rumoured"], ["--since", "2018-13-45"],
    ["--until", "2018-02-30"], ["--min-confidence", "high"], ["--min-confidence", "1.5"],
    ["--min-place-score", "-1"],
]
VALID_OPTIONS = [
    ["--category", "ASSAULT"], ["--quad", "MATERIAL_CONFLICT"], ["--since", "2019-03"], ["--min-confidence", "0.8"],
    ["--has-actor"], ["--located"], ["--include-background"],
]
INVALID_PARAMETERS = [
    {"category": "ASAULT"}, {"quad": "conflict"}, {"modality": "rumoured"}, {"since": "2018-13-45"},
    {"until": "2018-02-30"}, {"min_confidence": "high"}, {"min_confidence": "1.5"}, {"has_actor": "maybe"},
    {"located": "perhaps"}, {"include_background": "often"},
    {"min_confidnce": "0.9"}, {"include_backgound": "true"}, {"color": "red"},  # unknown parameters
]
VALID_PARAMETERS = [{"min_confidence": "0.8"}, {"has_actor": "true"}, {"located": "true"}, {"include_background": "true"}]
COMMANDS = ("events", "stories", "export")
PATHS = ("/api/events", "/api/stories", "/api/map")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an eventwire store")
    arguments = parser.parse_args()

    cli_bad, cli_refused_valid = cli_answers(arguments.db)
    api_bad, api_refused_valid = api_answers(arguments.db)
    print(f"CLI: {len(INVALID_OPTIONS) * len(COMMANDS)} invalid values, {len(cli_bad)} not exit 2 {cli_bad}; "
          f"{len(VALID_OPTIONS) * len(COMMANDS)} valid, {len(cli_refused_valid)} refused {cli_refused_valid}")
    print(f"API: {len(INVALID_PARAMETERS) * len(PATHS)} invalid values or unknown parameters, {len(api_bad)} not 422 "
          f"{api_bad}; {len(VALID_PARAMETERS) * len(PATHS)} valid, {len(api_refused_valid)} refused {api_refused_valid}")


def cli_answers(db: Path) -> tuple[list, list]:
    from typer.testing import CliRunner

    from eventwire.cli import app

    runner, bad, refused = CliRunner(), [], []
    with tempfile.TemporaryDirectory() as work:
        for command in COMMANDS:
            extra = ["--output", str(Path(work) / "out.csv")] if command == "export" else []
            for options in INVALID_OPTIONS:
                code = runner.invoke(app, [command, "--db", str(db), *extra, *options]).exit_code
                if code != 2:
                    bad.append((command, *options, code))
            for options in VALID_OPTIONS:
                code = runner.invoke(app, [command, "--db", str(db), *extra, *options]).exit_code
                if code != 0:
                    refused.append((command, *options, code))
    return bad, refused


def api_answers(db: Path) -> tuple[list, list]:
    from fastapi.testclient import TestClient

    from eventwire.web.app import WebSettings, create_app

    bad, refused = [], []
    with tempfile.TemporaryDirectory() as cache:
        app = create_app(WebSettings(db=db, cache_dir=Path(cache)))
        with TestClient(app) as client:
            for path in PATHS:
                for params in INVALID_PARAMETERS:
                    status = client.get(path, params=params).status_code
                    if status != 422:
                        bad.append((path, params, status))
                for params in VALID_PARAMETERS:
                    status = client.get(path, params=params).status_code
                    if status != 200:
                        refused.append((path, params, status))
        app.state.web.connection.close()
    return bad, refused


if __name__ == "__main__":
    main()
