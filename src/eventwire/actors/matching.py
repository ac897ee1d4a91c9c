"""Names and sector words in a parsed document: the raw cues actors are built from.

`name_matches` finds lexicon names (states, capitals, seats of power, organisations, armed
groups, people) case-sensitively, longest first; `sector_cues` finds sector words and phrases
("foreign ministry", "troops", "rebels") on lowercase forms and lemmas.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.symbols import ADJ, NOUN, PROPN
from spacy.tokens import Doc, Span

from eventwire.actors.lexicon import ActorLexicon, NamedEntry, Person, SectorWord

#: Titles after which a weak surname alias ("May", "Carter") is the person.
PERSON_TITLES = frozenset({"president", "minister", "secretary", "premier", "king", "chancellor", "general", "gen",
                           "deputy", "vice", "foreign", "prime", "crown", "prince", "supreme", "chief", "acting"})
#: Honorifics are not part of a person's name ("Mr. Korewa" is "Korewa").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "sheikh", "ayatollah", "prof", "."})


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int  # token indices, end exclusive
    end: int
    entry: NamedEntry


@dataclass(frozen=True, slots=True)
class SectorCue:
    start: int
    end: int
    word: SectorWord


def name_matches(doc: Doc, lexicon: ActorLexicon, doc_date: str | None = None) -> list[NameMatch]:
    """Lexicon names in `doc`, longest first, one entry each (people resolved by `doc_date`)."""
    matcher = lexicon.matcher_for(doc.vocab)
    person_ents = [ent for ent in doc.ents if ent.label_ == "PERSON"]
    candidates: list[tuple[int, int, NamedEntry]] = []
    for match_id, start, end in matcher(doc):
        entries = lexicon.names[doc.vocab.strings[match_id]]
        entry = _choose_entry(entries, doc_date)
        if entry.kind == "person" and entry.weak and not _person_context(doc, start, end, person_ents):
            continue
        candidates.append((start, end, entry))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: set[int] = set()
    kept: list[NameMatch] = []
    for start, end, entry in candidates:
        if taken.intersection(range(start, end)):
            continue
        kept.append(NameMatch(start, end, entry))
        taken.update(range(start, end))
    kept.sort(key=lambda m: m.start)
    kept = [m for i, m in enumerate(kept) if not (i and _foreign_seat(doc, kept[i - 1], m))]
    kept = sorted(kept + misspelt_names(doc, lexicon, kept, doc_date), key=lambda m: m.start)
    kept = [m for m in kept if not _origin_of_a_thing(doc, m) and not _inside_a_new_name(doc, m)]
    covered = {i for m in kept for i in range(m.start, m.end)}
    return [m for m in kept if not _inside_unknown_person(doc, m, person_ents, covered, lexicon)]


def misspelt_names(doc: Doc, lexicon: ActorLexicon, found: list[NameMatch], doc_date: str | None) -> list[NameMatch]:
    """Known state and person names the text misspells by one letter ("President Mitterand",
    "Ethopia has agreed"): a capitalised proper noun that matches nothing and is one edit away
    from exactly one known name with the same first letter. A person needs more evidence, as
    surnames lie close to each other ("Johnston", "Johnson"): the person's given name or a title
    right before the misspelt surname."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    taken = {i for m in found for i in range(m.start, m.end)}
    choices = lexicon.single_word_names
    out = []
    # Only proper nouns can be misspelt names: found on the array of parts of speech, so no Token is
    # built for the others (same matches, faster).
    proper_nouns = [i for i, pos in enumerate(doc.to_array("POS").tolist()) if pos == PROPN]
    for token in (doc[i] for i in proper_nouns):
        if (token.i in taken or token.pos_ != "PROPN" or not token.is_title or len(token.text) < 7
                or token.text in lexicon.names):
            continue
        close = lexicon.misspelling_memo.get(token.text)
        if close is None:
            close = process.extract(token.text, choices, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=3)
            close = lexicon.misspelling_memo[token.text] = [surface for surface, _, _ in close if surface[0] == token.text[0]]
        if len({lexicon.names[surface][0].name for surface in close}) != 1:
            continue  # no known name, or two equally close: not a misspelling we can read
        entry = _choose_entry(lexicon.names[close[0]], doc_date)
        start = token.i
        if entry.kind == "person":
            # "Francois Mitterand": the given names before the misspelt surname belong to the match.
            person = lexicon.names[close[0]][0].name
            words = {w for surface, entries in lexicon.names.items() if entries[0].name == person for w in surface.split()}
            while start > 0 and start - 1 not in taken and doc[start - 1].text in words:
                start -= 1
            titled = start > 0 and doc[start - 1].lower_.rstrip(".") in PERSON_TITLES
            if start == token.i and not titled:
                continue
        out.append(NameMatch(start, token.i + 1, replace(entry, source=f"{entry.source} (misspelt '{token.text}')")))
    return out


#: "Russian-made rockets", "a US-built plane": where a thing comes from, not who acts.
ORIGIN_WORDS = frozenset({"made", "built", "designed", "manufactured", "produced", "supplied", "style", "born"})


def _origin_of_a_thing(doc: Doc, match: NameMatch) -> bool:
    return (match.entry.kind in ("country", "demonym") and match.end + 1 < len(doc)
            and doc[match.end].text == "-" and doc[match.end + 1].lower_ in ORIGIN_WORDS)


def _inside_a_new_name(doc: Doc, match: NameMatch) -> bool:
    """"New Jersey", "New Mexico", "New London": a state's or capital's name after "New" names another
    place (the lexicon's own "New" names, "New Zealand" or "New Delhi", match whole and longer first)."""
    return (match.entry.kind in ("country", "capital", "demonym") and match.start > 0
            and doc[match.start - 1].text == "New")


def _foreign_seat(doc: Doc, before: NameMatch, match: NameMatch) -> bool:
    """"the Swedish Foreign Office" is Sweden's: a seat of power right after another state's
    name or demonym is only a sector word there (sectors.tsv has "foreign office", "congress")."""
    return (match.entry.kind == "seat" and not match.entry.metonym and before.entry.kind in ("country", "demonym")
            and before.end == match.start and before.entry.country != match.entry.country)


def _choose_entry(entries: tuple[NamedEntry, ...], doc_date: str | None) -> NamedEntry:
    """The entry a name refers to; for a person, the office row holding on `doc_date`.

    With no row in office on that date, the office nearest to it in time wins ("Reagan" in a
    2000 text is still the American, now out of office); with no date, the first row listed (the
    table lists the office a name most often stands for first). A person's country does not end
    with the office, so the name is accepted either way.
    """
    entry = entries[0]
    if entry.kind != "person":
        return entry
    offices = [(candidate, person) for candidate in entries for person in candidate.people]
    if doc_date:
        day = doc_date[:10]
        chosen = min(offices, key=lambda pair: _years_from_office(pair[1], day))
    else:
        chosen = offices[0]
    candidate, person = chosen
    return replace(candidate, name=person.name, country=person.country, sector=person.sector, source=person.source)


def _years_from_office(person: Person, day: str) -> float:
    """0 while in office on `day`, else the distance in years to the nearest end of the term."""
    if person.in_office(day):
        return 0.0
    year = _year(day)
    if person.end and person.end[:10] < day:
        return year - _year(person.end)
    if person.start:
        return _year(person.start) - year
    return 100.0


def _year(day: str) -> float:
    return int(day[:4]) + (int(day[5:7] or 1) - 1) / 12 if len(day) >= 7 else float(day[:4])


def _person_context(doc: Doc, start: int, end: int, person_ents: list[Span]) -> bool:
    """A weak alias ("May", "Carter") names the person inside a PERSON entity or after a title."""
    if any(ent.start <= start and end <= ent.end for ent in person_ents):
        return True
    if start == 0:
        return False
    before = doc[start - 1].lower_.rstrip(".")
    return before in HONORIFICS or before in PERSON_TITLES


def _inside_unknown_person(
    doc: Doc, match: NameMatch, person_ents: list[Span], covered: set[int], lexicon: ActorLexicon
) -> bool:
    """"George Washington", "Jordan Peterson", "Hafez al-Assad" and "Ivanka Trump" are other
    people: a name inside a PERSON entity with another, unexplained proper noun is dropped.
    Titles ("President Vladimir Putin") and ranks explain themselves."""
    if match.entry.kind not in ("country", "capital", "demonym", "person"):
        return False
    for ent in person_ents:
        if ent.start <= match.start and match.end <= ent.end:
            for token in ent:
                word = token.lower_.rstrip(".")
                if (token.i not in covered and token.pos_ == "PROPN" and word not in HONORIFICS
                        and word not in PERSON_TITLES and (word,) not in lexicon.sector_words
                        and (token.lemma_.lower(),) not in lexicon.sector_words):
                    return True
    return False


#: Parts of speech a sector word ends on, as spaCy's symbol ids.
SECTOR_POS_IDS = frozenset({NOUN, PROPN, ADJ})


def sector_cues(doc: Doc, lexicon: ActorLexicon, names: list[NameMatch]) -> dict[int, SectorCue]:
    """Sector words by token index; the longest phrase wins and names are never sector words."""
    named = {i for m in names for i in range(m.start, m.end)}
    longest = lexicon.longest_sector_phrase
    cues: dict[int, SectorCue] = {}
    i = 0
    # Every key `_lookup_sector` tries for a phrase begins with its first word's lowercase form (a
    # final stop stripped or not): elsewhere only one-word spans can be sector words, and only a
    # noun or adjective. Parts of speech and lowercase forms are read as arrays, so the many tokens
    # that can start nothing are passed over without building a Token or Span (same cues, faster).
    starts = lexicon.sector_phrase_starts
    pos, lowers = doc.to_array("POS").tolist(), doc.to_array("LOWER").tolist()
    starting: dict[int, bool] = {}
    while i < len(doc):
        found = None
        phrase_start = starting.get(lowers[i])
        if phrase_start is None:
            first = doc.vocab.strings[lowers[i]]
            phrase_start = starting[lowers[i]] = first in starts or first.rstrip(".") in starts
        if not phrase_start and (pos[i] not in SECTOR_POS_IDS or i in named):
            i += 1
            continue
        widest = longest if phrase_start else 1
        for length in range(min(widest, len(doc) - i), 0, -1):
            span = doc[i:i + length]
            if any(t.i in named for t in span) or span[-1].pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            word = _lookup_sector(lexicon, span)
            if word is not None:
                found = SectorCue(i, i + length, word)
                break
        if found is None or _state_of_affairs(doc, found):
            i += 1
            continue
        for j in range(found.start, found.end):
            cues[j] = found
        i = found.end
    return cues


def _state_of_affairs(doc: Doc, cue: SectorCue) -> bool:
    """ "a state of emergency", "the state of the economy": a condition, not the government."""
    return (cue.word.words == ("state",) and cue.end + 1 < len(doc) and doc[cue.end].lower_ == "of"
            and doc[cue.end + 1].ent_type_ not in ("GPE", "NORP"))


def _lookup_sector(lexicon: ActorLexicon, span: Span) -> SectorWord | None:
    """The sector word a span spells, by lowercase words, last-word lemma ("ministers") or
    without hyphens ("Secretary-General")."""
    if span[0].text == "-" or span[-1].text == "-":
        return None
    words = [t for t in span if t.text != "-"]
    keys = [tuple(t.lower_ for t in words), tuple(t.lower_ for t in words[:-1]) + (words[-1].lemma_.lower(),),
            tuple(t.lower_.rstrip(".") for t in words)]
    # A capitalised plural tagged PROPN ("Rebels in Idlib ...", headlines) keeps its plural as lemma.
    last = words[-1].lower_
    if words[-1].pos_ == "PROPN" and last.endswith("s") and len(last) > 3:
        singular = last[:-3] + "y" if last.endswith("ies") else last[:-1]
        keys.append(tuple(t.lower_ for t in words[:-1]) + (singular,))
    for key in keys:
        word = lexicon.sector_words.get(key)
        if word is not None:
            return word
    return None
