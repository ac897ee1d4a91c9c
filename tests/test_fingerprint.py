import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from eventwire.config import Config
from eventwire.fingerprint import PACKAGE_ROOT, coder_fingerprint, coding_sources, data_files


def package_copy(tmp_path):
    copy = tmp_path / "eventwire"
    shutil.copytree(PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_every_data_file_and_the_detector_are_covered():
    names = {path.relative_to(PACKAGE_ROOT).as_posix() for path in data_files()}
    assert "events/data/triggers.tsv" in names
    assert "events/data/detector_adapter.npz" in names
    assert "places/data/toponyms.tsv" in names
    assert not any(name.endswith(".py") for name in names)


def test_editing_a_data_file_in_a_copy_changes_the_fingerprint(tmp_path):
    copy = package_copy(tmp_path)
    config = Config(detector=False)
    before = coder_fingerprint(config, package_root=copy)
    assert before == coder_fingerprint(config, package_root=copy)  # stable
    assert len(before) == 12 and int(before, 16) >= 0
    triggers = copy / "events" / "data" / "triggers.tsv"
    triggers.write_text(triggers.read_text(encoding="utf-8").replace("bomb\tVERB\t-\tASSAULT", "bomb\tVERB\t-\tPROTEST"),
                        encoding="utf-8")
    assert "bomb\tVERB\t-\tPROTEST" in triggers.read_text(encoding="utf-8")
    assert coder_fingerprint(config, package_root=copy) != before


def test_the_detector_artefact_and_settings_that_change_records_change_it(tmp_path):
    copy = package_copy(tmp_path)
    config = Config(detector=True)
    before = coder_fingerprint(config, package_root=copy)
    adapter = copy / "events" / "data" / "detector_adapter.npz"
    adapter.write_bytes(adapter.read_bytes() + b"\0")
    assert coder_fingerprint(config, package_root=copy) != before
    assert coder_fingerprint(Config(detector=False)) != coder_fingerprint(Config(detector=True))
    assert coder_fingerprint(Config(min_confidence=0.8)) != coder_fingerprint(Config())
    # How fast or where, not what: the batch size leaves it as it is.
    assert coder_fingerprint(dataclasses.replace(Config(), batch_size=7)) == coder_fingerprint(Config())
    assert coder_fingerprint(Config(), version="9.9.9") != coder_fingerprint(Config())


def code_into(folder, inputs, package_parent, out):
    """`eventwire code INPUT -o OUT` in its own process, importing the package found in `package_parent`."""
    environment = {**os.environ, "PYTHONPATH": str(package_parent), "EVENTWIRE_MODEL": "off"}
    eventwire = Path(sys.executable).parent / "eventwire"
    result = subprocess.run([str(eventwire), "code", str(inputs), "-o", str(out)],
                            cwd=folder, env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stderr, duckdb.sql(f"SELECT event, coder FROM '{out}/events/*.parquet'").fetchall()


def test_a_trigger_row_edited_in_a_copy_recodes_the_parquet_output_it_wrote_before(tmp_path, gazetteer):
    copy = package_copy(tmp_path)
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(json.dumps({"id": "a", "text": "Russian jets bomb rebel positions in Idlib.",
                                  "date": "2020-03-02"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    _, before = code_into(tmp_path, inputs, copy.parent, out)
    assert [event for event, _ in before] == ["ASSAULT"]
    triggers = copy / "events" / "data" / "triggers.tsv"
    rows = triggers.read_text(encoding="utf-8")
    assert "\nbomb\tVERB\t-\tASSAULT\taerial\t" in rows
    triggers.write_text(rows.replace("\nbomb\tVERB\t-\tASSAULT\taerial\t", "\nbomb\tVERB\t-\tPROTEST\t-\t"),
                        encoding="utf-8")
    summary, after = code_into(tmp_path, inputs, copy.parent, out)
    assert "already done" not in summary
    assert [event for event, _ in after] == ["PROTEST"]
    # Each record names its coder: the copy's as edited (the run's settings: the CLI's defaults, detector off).
    assert after[0][1] != before[0][1]
    assert after[0][1] == coder_fingerprint(Config(detector=False), package_root=copy)


def test_the_coders_python_source_is_covered_and_the_stores_is_not(tmp_path):
    sources = coding_sources()
    assert {"eventwire.pipeline", "eventwire.events.coder", "eventwire.places.gazetteer", "eventwire.cleaning.clean",
            "eventwire.readers.files", "eventwire.dates.resolve", "eventwire.records"} <= set(sources)
    assert not any(name.startswith(("eventwire.store", "eventwire.web", "eventwire.analysis", "eventwire.scale"))
                   or name == "eventwire.cli" for name in sources)
    copy = package_copy(tmp_path)
    config = Config(detector=False)
    before = coder_fingerprint(config, package_root=copy)
    roles = copy / "events" / "roles.py"
    roles.write_text(roles.read_text(encoding="utf-8") + "\n# a rule written in code\n", encoding="utf-8")
    edited = coder_fingerprint(config, package_root=copy)
    assert edited != before
    store_module = copy / "store" / "query.py"
    store_module.write_text(store_module.read_text(encoding="utf-8") + "\n# not the coder's\n", encoding="utf-8")
    assert coder_fingerprint(config, package_root=copy) == edited
