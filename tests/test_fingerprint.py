import dataclasses
import shutil

from eventwire.config import Config
from eventwire.fingerprint import PACKAGE_ROOT, coder_fingerprint, data_files


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
