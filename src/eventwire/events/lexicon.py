"""The event lexicon: triggers, wrapper words, PLOVER scores, mode and context cues, and the
classes of words the coder's rules read around a trigger.

All of it is data in `events/data/*.tsv`; this module only loads and indexes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields

from eventwire.datafiles import data_file_name, read_tsv
from eventwire.errors import InputError
from eventwire.records import PLOVER_CATEGORIES, QUADS

DATA = "eventwire.events.data"
TRIGGER_POS = ("VERB", "NOUN", "ADJ")
WRAPPER_ROLES = ("report", "claim", "deny", "request", "reject", "agree", "threaten", "plan", "hypothetical")


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str
    cue: str | None
    category: str
    mode: str | None
    weight: float
    line: int  # line in triggers.tsv, shown by `eventwire explain`


@dataclass(frozen=True, slots=True)
class EventWords:
    """Classes of words that change how a trigger near them is read; what each class is for is
    said in the header of its file (`word_classes.tsv` for content words, `function_words.tsv`
    for auxiliaries, modals, prepositions and markers)."""

    saying_verbs: frozenset[str]
    demand_speech: frozenset[str]
    claim_nouns: frozenset[str]
    stative_passives: frozenset[str]
    showing_senses: frozenset[str]
    moving_forces: frozenset[str]
    certainty_adjectives: frozenset[str]
    source_compounds: frozenset[str]
    stop_verbs: frozenset[str]
    prevent_verbs: frozenset[str]
    banning_verbs: frozenset[str]
    lift_verbs: frozenset[str]
    punishing_verbs: frozenset[str]
    training_verbs: frozenset[str]
    access_verbs: frozenset[str]
    admitted_presence: frozenset[str]
    cooperative_presence: frozenset[str]
    protest_purpose_words: frozenset[str]
    media_words: frozenset[str]
    headline_saying_verbs: frozenset[str]
    future_auxiliaries: frozenset[str]
    hypothetical_modals: frozenset[str]
    refusal_modals: frozenset[str]
    obligation_modals: frozenset[str]
    negating_words: frozenset[str]
    own_possessives: frozenset[str]
    locative_prepositions: frozenset[str]
    background_prepositions: frozenset[str]
    background_markers: frozenset[str]
    condition_markers: frozenset[str]
    non_actor_prepositions: frozenset[str]


WORD_FILES = ("word_classes.tsv", "function_words.tsv")


@dataclass(frozen=True)
class EventLexicon:
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]  # (lemma, pos) -> entries, cued first
    wrappers: dict[str, str]  # lemma -> role
    quads: dict[str, str]  # category -> quad
    scores: dict[tuple[str, str | None], float]  # (category, mode or None) -> score
    modes: dict[str, frozenset[str]]  # category -> its modes
    mode_cues: dict[str, tuple[tuple[str, str], ...]]  # category -> ((cue, mode), ...)
    words: EventWords
    recipient_prepositions: dict[str, frozenset[str]]  # preposition -> categories whose recipient it introduces
    context_cues: dict[str, str] = field(default_factory=dict)  # lemma -> context

    def intensity(self, category: str, mode: str | None) -> float:
        return self.scores.get((category, mode), self.scores[(category, None)])


def load_event_lexicon() -> EventLexicon:
    quads: dict[str, str] = {}
    scores: dict[tuple[str, str | None], float] = {}
    modes: dict[str, set[str]] = defaultdict(set)
    for line, row in read_tsv(DATA, "plover_scores.tsv", ("category", "mode", "quad", "score")):
        category, mode = row["category"], row["mode"] or None
        _check(row["quad"] in QUADS, "plover_scores.tsv", line, f"unknown quad {row['quad']!r}")
        _check(category in PLOVER_CATEGORIES, "plover_scores.tsv", line, f"unknown category {category!r}")
        quads[category] = row["quad"]
        if mode:
            modes[category].add(mode)
        if row["score"]:
            scores[(category, mode)] = float(row["score"])
    missing = set(PLOVER_CATEGORIES) - {c for c, m in scores if m is None}
    _check(not missing, "plover_scores.tsv", 0, f"no category score for {sorted(missing)}")

    triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for line, row in read_tsv(DATA, "triggers.tsv", ("lemma", "pos", "cue", "category", "mode", "weight")):
        category = row["category"]
        mode = None if row["mode"] == "-" else row["mode"]
        _check(category in PLOVER_CATEGORIES, "triggers.tsv", line, f"unknown category {category!r}")
        _check(row["pos"] in TRIGGER_POS, "triggers.tsv", line, f"pos must be one of {TRIGGER_POS}")
        _check(mode is None or mode in modes[category], "triggers.tsv", line, f"{mode!r} is not a mode of {category}")
        weight = float(row["weight"])
        _check(0.0 < weight <= 1.0, "triggers.tsv", line, "weight must be in (0, 1]")
        cue = None if row["cue"] == "-" else row["cue"]
        triggers[(row["lemma"], row["pos"])].append(
            Trigger(row["lemma"], row["pos"], cue, category, mode, weight, line)
        )

    wrappers: dict[str, str] = {}
    for line, row in read_tsv(DATA, "wrappers.tsv", ("lemma", "role")):
        _check(row["role"] in WRAPPER_ROLES, "wrappers.tsv", line, f"unknown role {row['role']!r}")
        wrappers[row["lemma"]] = row["role"]

    mode_cues: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line, row in read_tsv(DATA, "mode_cues.tsv", ("category", "cue", "mode")):
        _check(row["mode"] in modes[row["category"]], "mode_cues.tsv", line, f"{row['mode']!r} is not a mode of {row['category']}")
        mode_cues[row["category"]].append((row["cue"], row["mode"]))

    context_cues = {row["cue"]: row["context"] for _, row in read_tsv(DATA, "contexts.tsv", ("cue", "context"))}

    return EventLexicon(
        # Entries with a cue are more specific ("strike" + "hunger"), so they are tried first.
        triggers={key: tuple(sorted(entries, key=lambda t: t.cue is None)) for key, entries in triggers.items()},
        wrappers=wrappers,
        quads=quads,
        scores=scores,
        modes={category: frozenset(values) for category, values in modes.items()},
        mode_cues={category: tuple(cues) for category, cues in mode_cues.items()},
        words=load_event_words(),
        recipient_prepositions=load_recipient_prepositions(),
        context_cues=context_cues,
    )


def load_recipient_prepositions() -> dict[str, frozenset[str]]:
    """Preposition -> the categories whose recipient it introduces ("aid to X", "attack on X")."""
    categories: dict[str, set[str]] = defaultdict(set)
    for line, row in read_tsv(DATA, "recipient_prepositions.tsv", ("preposition", "category")):
        preposition, category = row["preposition"], row["category"]
        _check(category in PLOVER_CATEGORIES, "recipient_prepositions.tsv", line, f"unknown category {category!r}")
        _check(category not in categories[preposition], "recipient_prepositions.tsv", line,
               f"{preposition!r} {category} is already listed")
        categories[preposition].add(category)
    return {preposition: frozenset(found) for preposition, found in categories.items()}


def load_event_words() -> EventWords:
    """The word classes of `WORD_FILES`; every class of `EventWords` must have words, and a row
    may name no other class nor repeat one."""
    names = {f.name for f in fields(EventWords)}
    words: dict[str, set[str]] = defaultdict(set)
    for name in WORD_FILES:
        for line, row in read_tsv(DATA, name, ("set", "word")):
            word_set, word = row["set"], row["word"]
            _check(word_set in names, name, line, f"unknown word class {word_set!r}")
            _check(bool(word) and word == word.lower() and " " not in word, name, line,
                   "a word is one lower-case token")
            _check(word not in words[word_set], name, line, f"{word!r} is already in {word_set}")
            words[word_set].add(word)
    missing = sorted(names - set(words))
    _check(not missing, WORD_FILES[0], 0, f"no words for {missing}")
    return EventWords(**{name: frozenset(words[name]) for name in names})


def _check(condition: bool, name: str, line: int, message: str) -> None:
    if not condition:
        raise InputError(data_file_name(DATA, name), message, line or None)
