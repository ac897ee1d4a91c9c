"""The actor lexicon: countries, seats of power, organisations, armed groups, people and sector words.

All facts live in TSV files under `actors/data/`, each with a `#` header saying where they come
from. `load_actor_lexicon` reads them once into an immutable `ActorLexicon`; the coder never
reads files while coding. Names are matched case-sensitively (so "US" never matches "us", "IS"
never matches "is"); sector words are matched on lowercase forms and lemmas.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any

from eventwire.datafiles import data_file_name, read_tsv
from eventwire.errors import InputError
from eventwire.records import ACTOR_TYPES

DATA_PACKAGE = "eventwire.actors"
#: The sector codes of the PLOVER manual ("Sector Codes") that the actor lists use, with IGO and NGO.
SECTORS = frozenset({
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "CVL", "CRM", "MED", "BUS", "REL", "EDU", "LAB",
    "REF", "IGO", "NGO", "UNK", "PTY",
})
SECTOR_STRENGTHS = ("strong", "weak", "role", "neutral")
COUNTRY_NAME_KINDS = ("name", "alias", "demonym", "capital")
#: Kinds of named entries; `capital` and metonymic seats are places too (see recognize.py).
ENTRY_KINDS = ("country", "demonym", "capital", "seat", "igo", "armed_group", "organization", "person")
NONE_MARK = "-"
ANAPHOR_KINDS = ("pronoun", "noun", "speaker")


@dataclass(frozen=True, slots=True)
class Person:
    """One office held by one person; a person with two offices has two rows."""

    name: str
    country: str | None
    sector: str | None
    role: str
    start: str  # ISO date, "" = unknown
    end: str  # ISO date, "" = still in office
    source: str = ""  # "people.tsv:42"

    def in_office(self, date: str) -> bool:
        day = date[:10]
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


@dataclass(frozen=True, slots=True)
class NamedEntry:
    """What a name in the text refers to. `people` is filled only for kind "person"."""

    kind: str
    name: str
    country: str | None
    sector: str | None
    type: str
    metonym: bool = False  # also a place: an actor only outside locative phrases
    weak: bool = False  # a person's surname that is also a common word: needs context
    people: tuple[Person, ...] = ()
    source: str = ""  # where the entry comes from, "igos.tsv:12", for `eventwire actors`


@dataclass(frozen=True, slots=True)
class SectorWord:
    words: tuple[str, ...]
    sector: str | None
    strength: str
    type: str
    source: str = ""  # "sectors.tsv:40"


@dataclass(frozen=True, slots=True)
class Anaphor:
    """A word that refers back to an earlier actor (`data/anaphors.tsv`)."""

    word: str
    kind: str  # "pronoun", "noun" or "speaker"
    refers_to: frozenset[str]  # record types of possible antecedents
    window: int  # sentences back
    source: str = ""


#: Shorter names are too close to other words for a one-letter difference to mean a misspelling.
MISSPELLING_MIN_LENGTH = 7


@dataclass(frozen=True)
class ActorLexicon:
    """Everything `find_actors` knows, read once from the data files.

    `names` maps each surface form (with its derived variants) to the entries it may refer to;
    `sector_words` maps lowercase word tuples to sector words. The only mutable part is a private
    cache of PhraseMatchers, one per spaCy vocabulary: a PhraseMatcher is bound to the vocab of
    the docs it matches, and the lexicon is loaded before (and independently of) any model, so
    the matcher is built on first use and reused. Caching it never changes results.
    """

    country_names: Mapping[str, str]
    names: Mapping[str, tuple[NamedEntry, ...]]
    sector_words: Mapping[tuple[str, ...], SectorWord]
    anaphors: Mapping[str, Anaphor] = field(default_factory=dict)
    _matchers: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the facts only (for process pools); matchers are rebuilt on first use."""
        return {"country_names": dict(self.country_names), "names": dict(self.names),
                "sector_words": dict(self.sector_words), "anaphors": dict(self.anaphors)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, MappingProxyType(value))
        object.__setattr__(self, "_matchers", {})

    @property
    def longest_sector_phrase(self) -> int:
        return max((len(words) for words in self.sector_words), default=1)

    @cached_property
    def sector_phrase_starts(self) -> frozenset[str]:
        """First words of the sector phrases of two words or more: where no such word stands, only
        one-word sector words need looking up (`matching.sector_cues`); derived from `sector_words`."""
        return frozenset(words[0] for words in self.sector_words if len(words) > 1)

    @cached_property
    def misspelling_memo(self) -> dict[str, list[str]]:
        """Known one-word names one edit from a word, by word (`matching.misspelt_names`): a cache
        that grows with the vocabulary read and never changes a result (the same capitalised words
        come back in article after article, and the fuzzy search over every name is costly)."""
        return {}

    @cached_property
    def single_word_names(self) -> tuple[str, ...]:
        """Known one-word names of states and people, long enough to recognise misspelt
        ("Mitterand", "Ethopia"); built on first use, derived from `names`."""
        return tuple(sorted(
            surface for surface, entries in self.names.items()
            if " " not in surface and "-" not in surface and len(surface) >= MISSPELLING_MIN_LENGTH
            and surface[:1].isupper() and not surface.isupper()
            and all(e.kind in ("country", "demonym", "person") and not e.weak for e in entries)))

    def matcher_for(self, vocab: Any) -> Any:
        """A PhraseMatcher over every name, bound to `vocab` (built once per vocab)."""
        cached = self._matchers.get(id(vocab))
        if cached is not None and cached[0] is vocab:
            return cached[1]
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        tokenizer = spacy.blank("en").tokenizer  # the English rules the models share
        matcher = PhraseMatcher(vocab, attr="ORTH")
        for surface in self.names:
            tokens = tokenizer(surface)
            pattern = Doc(vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
            matcher.add(surface, [pattern])
        self._matchers[id(vocab)] = (vocab, matcher)
        return matcher


# ---------------------------------------------------------------- reading TSV files


def _data_rows(filename: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of `actors/data/<filename>` as dicts, with their 1-based line numbers."""
    return read_tsv(DATA_PACKAGE, f"data/{filename}", columns)


def _path(filename: str) -> str:
    return data_file_name(DATA_PACKAGE, f"data/{filename}")


def _required(row: dict[str, str], column: str, path: str, line: int) -> str:
    value = row[column]
    if not value:
        raise InputError(path, f"empty {column!r}", line)
    return value


def _optional(value: str) -> str | None:
    return None if value in ("", NONE_MARK) else value


def _check_code(value: str | None, allowed: Mapping[str, str] | frozenset[str], what: str, path: str, line: int) -> None:
    if value is not None and value not in allowed:
        raise InputError(path, f"unknown {what} {value!r}", line)


def _aliases(cell: str) -> list[str]:
    return [alias.strip() for alias in cell.split("|") if alias.strip()]


# ---------------------------------------------------------------- surface variants


def surface_variants(surface: str, plural: bool = False) -> list[str]:
    """Forms a name takes in running text and headlines.

    "al-Qaeda" also appears sentence-initially and in title-case headlines as "Al-Qaeda";
    "People's" is often typeset "People’s"; demonyms are used as plural nouns ("Russians").
    """
    forms = [surface]
    titled = " ".join(word[:1].upper() + word[1:] for word in surface.split(" "))
    forms.append(titled)
    for form in list(forms):
        if "'" in form:
            forms.append(form.replace("'", "\u2019"))
    if plural and surface[-1:] in ("n", "i"):
        forms.extend(form + "s" for form in list(forms))
    seen: dict[str, None] = {}
    for form in forms:
        seen.setdefault(form)
    return list(seen)


# ---------------------------------------------------------------- loading


def _load_countries() -> tuple[dict[str, str], list[tuple[str, NamedEntry]]]:
    """Canonical name per ISO-3 code, and every (surface, entry) for state names."""
    iso_rows: dict[str, dict[str, str]] = {}
    for line, row in _data_rows("countries.tsv", ("iso3", "iso2", "iso_name", "official_name", "common_name")):
        code = _required(row, "iso3", _path("countries.tsv"), line)
        if code in iso_rows:
            raise InputError(_path("countries.tsv"), f"duplicate code {code!r}", line)
        iso_rows[code] = row
    overrides: dict[str, str] = {}
    hand_rows: list[tuple[int, str, str, str]] = []
    path = _path("country_aliases.tsv")
    for line, row in _data_rows("country_aliases.tsv", ("iso3", "kind", "text")):
        code, kind, text = (_required(row, column, path, line) for column in ("iso3", "kind", "text"))
        _check_code(code, iso_rows, "ISO 3166-1 alpha-3 code", path, line)
        if kind not in COUNTRY_NAME_KINDS:
            raise InputError(path, f"unknown kind {kind!r}, expected one of {', '.join(COUNTRY_NAME_KINDS)}", line)
        if kind == "name":
            overrides[code] = text
        else:
            hand_rows.append((line, code, kind, text))

    names: dict[str, str] = {}
    surfaces: list[tuple[str, NamedEntry]] = []
    for code, row in iso_rows.items():
        plain = [n for n in (row["common_name"], row["iso_name"], row["official_name"]) if n and "," not in n and "(" not in n]
        name = overrides.get(code) or (plain[0] if plain else row["iso_name"])
        names[code] = name
        state = NamedEntry("country", name, code, None, "state", source=f"countries.tsv ({code})")
        for surface in dict.fromkeys([name, *plain]):
            surfaces.append((surface, state))
    for line, code, kind, text in hand_rows:
        name = names[code]
        source = f"country_aliases.tsv:{line}"
        if kind == "alias":
            surfaces.append((text, NamedEntry("country", name, code, None, "state", source=source)))
        elif kind == "demonym":
            surfaces.append((text, NamedEntry("demonym", name, code, None, "state", source=source)))
        else:  # a capital stands for the government when it is an actor (gold README: GOV)
            surfaces.append((text, NamedEntry("capital", name, code, "GOV", "state", metonym=True, source=source)))
    return names, surfaces


def _load_seats(countries: Mapping[str, str]) -> list[tuple[str, NamedEntry]]:
    path = _path("seats_of_power.tsv")
    out = []
    for line, row in _data_rows("seats_of_power.tsv", ("text", "name", "country", "sector", "type", "metonym")):
        text, name = _required(row, "text", path, line), _required(row, "name", path, line)
        country, sector = _optional(row["country"]), _optional(row["sector"])
        _check_code(country, countries, "country code", path, line)
        _check_code(sector, SECTORS, "sector", path, line)
        _check_code(row["type"], frozenset(ACTOR_TYPES), "actor type", path, line)
        if row["metonym"] not in ("yes", "no"):
            raise InputError(path, f"metonym must be yes or no, found {row['metonym']!r}", line)
        out.append((text, NamedEntry("seat", name, country, sector, row["type"], metonym=row["metonym"] == "yes",
                                     source=f"seats_of_power.tsv:{line}")))
    return out


def _load_igos() -> list[tuple[str, NamedEntry]]:
    path = _path("igos.tsv")
    out = []
    for line, row in _data_rows("igos.tsv", ("name", "aliases")):
        entry = NamedEntry("igo", _required(row, "name", path, line), None, "IGO", "igo", source=f"igos.tsv:{line}")
        for alias in _aliases(_required(row, "aliases", path, line)):
            out.append((alias, entry))
    return out


def _load_groups(filename: str, kind: str, countries: Mapping[str, str]) -> list[tuple[str, NamedEntry]]:
    path = _path(filename)
    out = []
    for line, row in _data_rows(filename, ("name", "aliases", "country", "sector", "type")):
        country, sector = _optional(row["country"]), _optional(row["sector"])
        _check_code(country, countries, "country code", path, line)
        _check_code(sector, SECTORS, "sector", path, line)
        _check_code(row["type"], frozenset(ACTOR_TYPES), "actor type", path, line)
        entry = NamedEntry(kind, _required(row, "name", path, line), country, sector, row["type"],
                           source=f"{filename}:{line}")
        for alias in _aliases(_required(row, "aliases", path, line)):
            out.append((alias, entry))
    return out


def _load_people(countries: Mapping[str, str]) -> list[tuple[str, NamedEntry]]:
    """People by alias; one alias may name several office rows (resolved by date when coding)."""
    path = _path("people.tsv")
    rows: dict[tuple[str, bool], list[Person]] = {}
    seen: set[tuple[str, str]] = set()
    columns = ("name", "aliases", "weak_aliases", "country", "sector", "role", "start", "end")
    for line, row in _data_rows("people.tsv", columns):
        name = _required(row, "name", path, line)
        country, sector = _optional(row["country"]), _optional(row["sector"])
        _check_code(country, countries, "country code", path, line)
        _check_code(sector, SECTORS, "sector", path, line)
        for column in ("start", "end"):
            value = row[column]
            if value and not (len(value) == 10 and value[4] == "-" and value[7] == "-" and value.replace("-", "").isdigit()):
                raise InputError(path, f"{column} must be YYYY-MM-DD, found {value!r}", line)
        if (name, row["start"]) in seen:
            raise InputError(path, f"duplicate office row for {name!r} starting {row['start']!r}", line)
        seen.add((name, row["start"]))
        person = Person(name, country, sector, _required(row, "role", path, line), row["start"], row["end"],
                        source=f"people.tsv:{line}")
        for alias in _aliases(_required(row, "aliases", path, line)):
            rows.setdefault((alias, False), []).append(person)
        for alias in _aliases(row["weak_aliases"]):
            rows.setdefault((alias, True), []).append(person)
    out = []
    for (alias, weak), people in rows.items():
        first = people[0]
        entry = NamedEntry("person", first.name, first.country, first.sector, "person", weak=weak, people=tuple(people),
                           source=first.source)
        out.append((alias, entry))
    return out


def _load_sector_words() -> dict[tuple[str, ...], SectorWord]:
    path = _path("sectors.tsv")
    out: dict[tuple[str, ...], SectorWord] = {}
    for line, row in _data_rows("sectors.tsv", ("phrase", "sector", "strength", "type")):
        words = tuple(_required(row, "phrase", path, line).lower().split())
        sector = _optional(row["sector"])
        _check_code(sector, SECTORS, "sector", path, line)
        if row["strength"] not in SECTOR_STRENGTHS:
            raise InputError(path, f"strength must be one of {', '.join(SECTOR_STRENGTHS)}", line)
        _check_code(row["type"], frozenset(ACTOR_TYPES), "actor type", path, line)
        if words in out:
            raise InputError(path, f"duplicate phrase {' '.join(words)!r}", line)
        out[words] = SectorWord(words, sector, row["strength"], row["type"], source=f"sectors.tsv:{line}")
    return out


def _load_anaphors() -> dict[str, Anaphor]:
    path = _path("anaphors.tsv")
    out: dict[str, Anaphor] = {}
    for line, row in _data_rows("anaphors.tsv", ("word", "kind", "refers_to", "window")):
        word = _required(row, "word", path, line).lower()
        if row["kind"] not in ANAPHOR_KINDS:
            raise InputError(path, f"kind must be one of {', '.join(ANAPHOR_KINDS)}, found {row['kind']!r}", line)
        types = frozenset(_aliases(_required(row, "refers_to", path, line)))
        for kind in types:
            _check_code(kind, frozenset(ACTOR_TYPES), "actor type", path, line)
        if not row["window"].isdigit():
            raise InputError(path, f"window must be a number of sentences, found {row['window']!r}", line)
        if word in out:
            raise InputError(path, f"duplicate word {word!r}", line)
        out[word] = Anaphor(word, row["kind"], types, int(row["window"]), source=f"anaphors.tsv:{line}")
    return out


def load_actor_lexicon() -> ActorLexicon:
    """Read every actor data file once. Raises `InputError` naming the file and line of a bad row."""
    country_names, surfaces = _load_countries()
    surfaces += _load_seats(country_names)
    surfaces += _load_igos()
    surfaces += _load_groups("armed_groups.tsv", "armed_group", country_names)
    surfaces += _load_groups("organizations.tsv", "organization", country_names)
    surfaces += _load_people(country_names)

    names: dict[str, list[NamedEntry]] = {}
    for surface, entry in surfaces:
        for form in surface_variants(surface, plural=entry.kind == "demonym"):
            bucket = names.setdefault(form, [])
            # The same identity listed twice (an ISO name that is also an alias) is one entry.
            if all(replace(other, source="") != replace(entry, source="") for other in bucket):
                bucket.append(entry)
    frozen = {surface: tuple(entries) for surface, entries in names.items()}
    return ActorLexicon(
        country_names=MappingProxyType(country_names),
        names=MappingProxyType(frozen),
        sector_words=MappingProxyType(_load_sector_words()),
        anaphors=MappingProxyType(_load_anaphors()),
    )
