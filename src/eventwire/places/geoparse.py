"""Find the toponyms of a parsed document and resolve each to a gazetteer entry.

`find_places` works in two steps, like spaCy's `match` / `set_annotations`:
`toponym_mentions` (`mentions.py`) works out which spans are toponyms (spaCy's
GPE/LOC/FAC entities plus gazetteer look-ups of capitalised spans the model
missed), then `resolve_mentions` picks one gazetteer entry per mention, twice:
the second pass favours places in the countries the first pass found named in
the text.

What counts as a mention depends on `PlaceOptions`. Event locations
(`EVENT_PLACES`, the default) take only names used as names. The `geoparse`
listing (`ALL_MENTIONS`) also takes adjectives of places used as modifiers
("the Syrian army" -> Syria, "European airlines" -> Europe) and place names
inside the names of organisations ("The Washington Post" -> Washington), as
GeoWebNews annotates them, and streets, buildings and local names the gazetteer
lacks ("Royal Street", "Karl Bremer Hospital"), placed without a GeoNames id at
the town named with them or the town the text is about, and peoples named in the
plural by their place ("the Russians", as LGL annotates them). Neither ever
takes one person named by a demonym ("the Russian said", "the French said"), a
word used as an adjective of a place as a name ("the Somali border town" is not
Somali Region), or a person's name ("Michael Jordan")."""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

from eventwire.places.gazetteer import ALTERNATE, COMPACT, EXACT, Candidate, Gazetteer, GazetteerEntry
from eventwire.places.mentions import (
    DIRECTIONAL_PREPOSITIONS,
    EVENT_PLACES,
    PLACE_PREPOSITIONS,
    STRONG_POPULATION,
    PlaceOptions,
    ToponymMention,
    adjective_mentions,
    country_named,
    lemmatize_motion_heads,
    overlaps,
    place_candidates,
    toponym_mentions,
)
from eventwire.places.names import normalize_name
from eventwire.places.ranker import COARSE_FEATURES, KM_NEAR, DocumentPlaces, PlaceRanker, candidate_features
from eventwire.records import Place, PlaceAlternative

log = logging.getLogger(__name__)

ADMIN_FEATURES = frozenset({"ADM1", "ADM2", "ADM3", "RGN", "PEN"})

# Scores of `candidate_score`; the values order the evidence rather than measure it.
# exact name > alternate name > loose spelling; the gap keeps historical alternate names of big cities from
# taking a town's own name ("Salisbury", England, not Harare, once called Salisbury)
KIND_SCORE = {EXACT: 4.0, ALTERNATE: 2.0, COMPACT: 1.0}
COUNTRY_PRIOR = 4.0  # "Jordan" the country (score 11.5) outranks Jordan, Hong Kong (6.3)
CURATED_PRIOR = 5.0  # seas, regions and bases in toponyms.tsv were listed because news names them:
# "Middle East" the region (4 + 5) beats Middle East, Maryland (4 + 1.7 + 2 when the text names the US)
# "Washington" alone is the capital more often than the state; and London (9M) is meant over London, Ontario
# (350,000) in a text that names Canada only through "Air Canada"
CAPITAL_PRIOR = 1.5
# ... but by an old or foreign name only 1.0: "Salisbury" is the English town, not Harare, once Salisbury
CAPITAL_PRIOR_BY_ALTERNATE = 1.0
ADMIN_WITHOUT_CUE = -1.0  # a bare "Washington": the state (4 + 3.4 - 1) loses to the city (4 + 2.9 + 1)
# A town named after a state of its own country but lying outside it ("Wyoming", Michigan; "Florida", New
# York) is rarely meant by the bare name: the state is. Capitals (PPLC) keep their name: Washington.
NAMESAKE_PENALTY = -3.0
POPULATION_WEIGHT = 0.5  # per factor of ten: Tripoli, Libya (1.3M) beats Tripoli, Lebanon (229k) by 0.35
CUE_BONUS = 7.0  # "Damascus province": the governorate (2 + 7) beats the capital (4 + 3.1 + 1)
COHERENCE_BONUS = 2.0  # a country named in the text outweighs a population ratio of 10,000
# a state or province the text names: "Parkland" near "Florida" is Parkland, Florida, not Washington's
ADMIN1_COHERENCE_BONUS = 1.5
# A name found by look-up only (the model saw no entity) or through an alternate spelling must be a curated
# entry, a capital, a city (STRONG_POPULATION), or a town of a country the text names, right after a
# locative preposition or cue ("near Al-khan"); otherwise every capitalised word matches some town.
LOOKUP_MIN_POPULATION_AFTER_PREPOSITION = 1000
DIRECTIONAL_MIN_POPULATION = 20_000
# A town the model tagged, smaller than this, is only taken in a country the text names or after
# "in"/"near" or a cue: "Hong explained" (a spokesman tagged GPE, seed 001) is not Høng, Denmark.
SMALL_TOWN = 50_000
# Smallest town of a named state or province taken by its own name whatever the context (`_plausible`).
LOCAL_MIN_POPULATION = 1000
# A text that names no country is taken to be in the one country its towns of this size point to.
TOWNS_COUNTRY_MIN_POPULATION = 10_000
# Places that can hold a street or building: towns and counties. Not countries, states or seas, whose centre
# is far from most of their streets ("the Russian Embassy in the U.S." is in Washington, not Kansas).
CONTAINER_FEATURES = frozenset({"PPL", "PPLC", "PPLA", "PPLA2", "PPLX", "ADM2", "ADM3", "AIRB", "NVB"})
CONTAINER_AFTER = re.compile(r"\s*(,|,?\s*(in|at|near|outside|on))\s*(the\s+)?", re.IGNORECASE)
CONTAINER_BEFORE = re.compile(r"\s*['’]s?\s*")  # "Harare's Third Street", "Brooklyn's Barclays Center"


def find_places(doc: Doc, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]] = (),
                options: PlaceOptions = EVENT_PLACES, ranker: PlaceRanker | None = None,
                lemmatize: Callable[[Token], list[str]] | None = None) -> list[Place]:
    """Every toponym of `doc.text`, in order, resolved; spans overlapping `exclude` are skipped.

    `exclude` holds character spans the actors stage took by metonymy ("Moscow said"): there the name is
    a government, not a place. With a `ranker`, the learned ranker picks among the candidates and every
    place carries a score and its runner-up; without one, the hand-written ranking picks. `lemmatize` is
    the pipeline's lemmatizer when `doc` was parsed without it (`parsing.WITHOUT_LEMMAS`).
    """
    text = doc.text  # Doc.text joins every token: build it once per document
    mentions, hints = document_mentions(doc, gazetteer, exclude, options, lemmatize, text)
    return resolve_mentions(text, mentions, gazetteer, hints, ranker)


def document_mentions(doc: Doc, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]] = (),
                      options: PlaceOptions = EVENT_PLACES, lemmatize: Callable[[Token], list[str]] | None = None,
                      text: str | None = None) -> tuple[list[ToponymMention], list[ToponymMention]]:
    """The toponym mentions of a document, and the adjectives that only hint at its countries (`lemmatize`:
    see `find_places`; `text`: `doc.text` when the caller has it, which is built by joining every token)."""
    if lemmatize is not None:
        lemmatize_motion_heads(doc, lemmatize)
    text = doc.text if text is None else text
    adjectives = adjective_mentions(doc, gazetteer, text)
    mentions = [m for m in toponym_mentions(doc, gazetteer, text, options, adjectives)
                if not overlaps(m.start, m.end, exclude)]
    # Adjectives not listed as places still say which country the text is about: "the Iraqi city of Basra".
    hints = [] if options.adjectives else adjectives
    return mentions, hints


@dataclass
class Resolution:
    """What the ranking of a document's mentions works from: each mention's candidates, the places the
    text names beyond doubt, and the comma pairs ("Tacoma, Washington") resolved together."""

    candidate_lists: list[list[Candidate]]
    named: NamedAreas
    document: DocumentPlaces
    paired: dict[int, Candidate]
    local: dict[int, GazetteerEntry]


def prepare_resolution(text: str, mentions: Sequence[ToponymMention], gazetteer: Gazetteer,
                       hints: Sequence[ToponymMention] = ()) -> Resolution:
    """The first pass: candidates, the countries and states the text names, the comma pairs."""
    candidate_lists = [
        [Candidate(gazetteer.adjective(text[m.name_start:m.name_end]), EXACT)] if m.adjective
        else [Candidate(country_named(gazetteer, m.initials), EXACT)] if m.initials
        else (_named_with_cue(gazetteer, text, m) or place_candidates(gazetteer, text[m.name_start:m.name_end]))
        + (gazetteer.generic_divisions(text[m.name_start:m.name_end]) if m.admin_cue else [])
        for m in mentions
    ]
    # a generic name ("the North-West region": Cameroon's, South Africa's, Botswana's) is no evidence
    evidence = [None if gazetteer.is_generic_division(text[m.name_start:m.name_end]) else _evidence(candidates, m)
                for m, candidates in zip(mentions, candidate_lists)]
    evidence += [_evidence([Candidate(gazetteer.adjective(text[h.name_start:h.name_end]), EXACT)], h) for h in hints]
    named = NamedAreas(
        countries=frozenset(best.entry.country for best in evidence if best is not None),
        admin1=frozenset(best.entry.admin1 for best, candidates in zip(evidence, candidate_lists + [[]] * len(hints))
                         if best is not None and best.entry.admin1 and not _county_of_several_states(best, candidates)),
    )
    # "Gardai said" places a text naming no country in Ireland as surely as "Irish police" would
    named = dataclasses.replace(named, countries=named.countries | gazetteer.countries_cued(text))
    if not named.countries:
        named = dataclasses.replace(named, countries=_towns_country(text, mentions, candidate_lists))
    paired, local = _comma_pairs(text, mentions, candidate_lists, named)
    picks = {}
    for number, (mention, candidates) in enumerate(zip(mentions, candidate_lists)):
        if not (mention.adjective or mention.initials or mention.facility or number in local):
            best = paired.get(number) or _rank(candidates, mention, named)
            if best is not None and best.entry.feature not in COARSE_FEATURES:
                picks[number] = (normalize_name(text[mention.name_start:mention.name_end]), best.entry)
    document = DocumentPlaces(evidence={number: best.entry for number, best in enumerate(evidence) if best is not None},
                              countries=named.countries, admin1=named.admin1, picks=picks,
                              used_for_a_person=_names_used_for_persons(text, mentions))
    return Resolution(candidate_lists, named, document, paired, local)


def _names_used_for_persons(text: str, mentions: Sequence[ToponymMention]) -> frozenset[int]:
    """The mentions whose name some mention of the text uses for a person: after a title ("coach Ripley"),
    acting as people do ("Fairfield could spend", "Fairfield's defense team") or tagged PERSON by the model.
    One such use says little ("Lebanon's heavy trash day" is the town's); the ranker weighs it."""
    names = [normalize_name(text[m.name_start:m.name_end]) for m in mentions]
    personal = {name for name, m in zip(names, mentions)
                if not (m.adjective or m.facility) and (m.after_title or m.person_role or m.other_label == "PERSON")}
    return frozenset(number for number, name in enumerate(names) if name in personal)


def mention_features(resolution: Resolution, number: int, mention: ToponymMention) -> tuple[np.ndarray, list[bool]]:
    """The ranker's features of each candidate of mention `number`, and which candidates the rules find
    plausible (`_plausible`)."""
    candidates, named = resolution.candidate_lists[number], resolution.named
    plausible = [_plausible(c, mention, named) for c in candidates]
    rule_pick = _rank(candidates, mention, named)
    rule_scores = [candidate_score(c, mention.admin_cue, named) for c in candidates]
    return candidate_features(number, mention, candidates, plausible, rule_scores, rule_pick, resolution.document), plausible


def resolve_mentions(text: str, mentions: Sequence[ToponymMention], gazetteer: Gazetteer,
                     hints: Sequence[ToponymMention] = (), ranker: PlaceRanker | None = None) -> list[Place]:
    """Pick one entry per mention; a second pass prefers the countries the text names, by the
    mentions or by `hints` (adjectives of places that are not listed themselves)."""
    resolution = prepare_resolution(text, mentions, gazetteer, hints)
    candidate_lists, named, paired, local = resolution.candidate_lists, resolution.named, resolution.paired, resolution.local
    resolved: dict[int, GazetteerEntry] = {}
    probabilities: dict[int, np.ndarray] = {}
    for number, (mention, candidates) in enumerate(zip(mentions, candidate_lists)):
        if number in local:
            continue
        if ranker is not None and candidates and candidates[0].entry is not None:
            features, plausible = mention_features(resolution, number, mention)
            probabilities[number] = ranker.probabilities(features)
        if mention.adjective or mention.initials:
            best = candidates[0]
        elif number in paired:
            best = paired[number]
        elif number in probabilities:
            best = _learned_pick(candidates, plausible, probabilities[number], ranker.threshold)
        else:
            best = _rank(candidates, mention, named)
        if best is not None and best.entry is not None:
            resolved[number] = best.entry
        elif not mention.facility:
            log.debug("no gazetteer entry for %r", text[mention.start:mention.end])
    _owned_places(text, mentions, candidate_lists, resolved, local)
    _same_name_same_place(text, mentions, candidate_lists, resolved)
    focus = _document_focus([entry for number, entry in resolved.items() if not mentions[number].adjective], named)
    places = []
    for number, mention in enumerate(mentions):
        surface = text[mention.start:mention.end]
        if mention.facility or number in local:
            named_container = local.get(number) or _container(text, mentions, resolved, number)
            container = named_container or focus
            if container is not None:
                score = None if ranker is None else ranker.facility_scores["named" if named_container else "focus"]
                places.append(Place(
                    text=surface, start=mention.start, end=mention.end, name=text[mention.name_start:mention.name_end],
                    geonameid=None, lat=container.lat, lon=container.lon, country=container.country,
                    feature=mention.feature, score=score,
                ))
            continue
        entry = resolved.get(number)
        if entry is not None:
            score, runner_up = _score_and_runner_up(entry, candidate_lists[number], probabilities.get(number))
            places.append(Place(
                text=surface, start=mention.start, end=mention.end, name=entry.name, geonameid=entry.geonameid,
                lat=entry.lat, lon=entry.lon, country=entry.country, feature=entry.feature,
                score=score, runner_up=runner_up,
            ))
    return places


def _learned_pick(candidates: list[Candidate], plausible: list[bool], probabilities: np.ndarray,
                  threshold: float | None) -> Candidate | None:
    """The likeliest plausible candidate; when the rules find none plausible, the likeliest of all if the
    ranker is sure enough of it (`threshold`; None: never)."""
    order = sorted(range(len(candidates)), key=lambda i: (-probabilities[i], candidates[i].kind))
    for i in order:
        if plausible[i]:
            return candidates[i]
    return candidates[order[0]] if order and threshold is not None and probabilities[order[0]] >= threshold else None


def _score_and_runner_up(entry: GazetteerEntry, candidates: list[Candidate],
                         probabilities: np.ndarray | None) -> tuple[float | None, PlaceAlternative | None]:
    """The ranker's probability of the picked entry, and the likeliest candidate lying more than 161 km
    from it (another place, not another name of the same one)."""
    if probabilities is None:
        return None, None
    score = max((p for c, p in zip(candidates, probabilities) if c.entry == entry), default=0.0)
    elsewhere = [(p, c.entry) for c, p in zip(candidates, probabilities)
                 if c.entry.lat is None or entry.lat is None or _km(c.entry, entry) > KM_NEAR]
    if not elsewhere:
        return round(float(score), 4), None
    p, other = max(elsewhere, key=lambda pair: pair[0])
    return round(float(score), 4), PlaceAlternative(
        name=other.name, geonameid=other.geonameid, lat=other.lat, lon=other.lon, country=other.country,
        feature=other.feature, score=round(float(p), 4))


def _container(text: str, mentions: Sequence[ToponymMention], resolved: dict[int, GazetteerEntry],
               number: int) -> GazetteerEntry | None:
    """The town holding a facility: named right after it ("Collins Avenue in Miami Beach", "Percy French
    Hotel, Ballyjamesduff") or right before it as an owner ("Harare's Third Street")."""
    mention = mentions[number]
    after = resolved.get(number + 1)
    if after is not None and after.feature in CONTAINER_FEATURES and not mentions[number + 1].adjective:
        between = text[mention.end:mentions[number + 1].start]
        if CONTAINER_AFTER.fullmatch(between):
            return after
    before = resolved.get(number - 1) if number > 0 else None
    if before is not None and before.feature in CONTAINER_FEATURES and not mentions[number - 1].adjective:
        if CONTAINER_BEFORE.fullmatch(text[mentions[number - 1].end:mention.start]):
            return before
    return None


TITLE_BEFORE_NAME = re.compile(r" [A-Z][a-z]")


OWNED_RADIUS_KM = 100  # a place a town owns ("London's Heathrow") lies within this of it


def _owned_places(text: str, mentions: Sequence[ToponymMention], candidate_lists: list[list[Candidate]],
                  resolved: dict[int, GazetteerEntry], local: dict[int, GazetteerEntry]) -> None:
    """A place a town owns ("London's Heathrow", "Harare's Mbare") lies near it: its candidate nearest the
    town when one lies within OWNED_RADIUS_KM, else a local place of the town (Heathrow, a village GeoNames'
    towns list lacks, is not Heathrow, Florida)."""
    for number in range(1, len(mentions)):
        owner, mention = resolved.get(number - 1), mentions[number]
        if (owner is None or owner.feature not in CONTAINER_FEATURES or mentions[number - 1].adjective
                or mention.adjective or mention.facility or number in local
                or not CONTAINER_BEFORE.fullmatch(text[mentions[number - 1].end:mention.start])
                or "'" not in text[mentions[number - 1].end:mention.start].replace("’", "'")):
            continue
        near = [c.entry for c in candidate_lists[number] if c.kind != COMPACT and _km(c.entry, owner) <= OWNED_RADIUS_KM]
        if near:
            resolved[number] = min(near, key=lambda entry: _km(entry, owner))
        else:
            resolved.pop(number, None)
            local[number] = owner


def _same_name_same_place(text: str, mentions: Sequence[ToponymMention], candidate_lists: list[list[Candidate]],
                          resolved: dict[int, GazetteerEntry]) -> None:
    """One place per name in a text: a mention left unresolved (the model's "person" Nelson, "the Nelson
    office") takes the town another mention of the same name was resolved to ("in Nelson"), when that town
    is one of its candidates by its own name. A mention the model took for something else, or one acting
    as a person does ("in Noma's case"), gives nothing; adjectives, facilities and names inside
    organisations' names neither give nor take."""
    by_name: dict[str, GazetteerEntry] = {}
    for number, entry in resolved.items():
        mention = mentions[number]
        if not (mention.other_label or mention.person_role or mention.adjective or mention.facility or mention.embedded):
            by_name.setdefault(normalize_name(text[mention.name_start:mention.name_end]), entry)
    for number, mention in enumerate(mentions):
        if number in resolved or mention.adjective or mention.facility or mention.embedded or (
                mention.other_label == "PERSON" and mention.person_role):
            continue  # a "person" who speaks or owns ("Noma said") is one, whatever else bears the name
        entry = by_name.get(normalize_name(text[mention.name_start:mention.name_end]))
        if entry is not None and any(c.entry == entry and c.kind == EXACT for c in candidate_lists[number]):
            resolved[number] = entry


def _county_of_several_states(best: Candidate, candidates: list[Candidate]) -> bool:
    """A county whose name counties of other states bear too ("McLean County": Illinois, Kentucky, North
    Dakota) says which country the text is about, not which state."""
    return best.entry.feature in ("ADM2", "ADM3") and any(
        c.kind == EXACT and c.entry.feature == best.entry.feature and c.entry.admin1 != best.entry.admin1
        for c in candidates)


def _named_with_cue(gazetteer: Gazetteer, text: str, mention: ToponymMention) -> list[Candidate]:
    """The divisions whose own name is the mention's name with its cue word after it: "Ohio County" is a
    county of Kentucky, not the state of Ohio; [] when there are none."""
    if not mention.admin_cue or mention.end <= mention.name_end:
        return []
    with_cue = place_candidates(gazetteer, text[mention.name_start:mention.end])
    if not any(c.kind == EXACT and c.entry.feature.startswith("ADM") for c in with_cue):
        return []
    # the counties themselves, under their full name or their short one ("Hamilton" for Hamilton County)
    found = {c.entry: c for c in place_candidates(gazetteer, text[mention.name_start:mention.name_end])
             if c.entry.feature in ("ADM2", "ADM3")}
    for c in with_cue:
        if c.kind != COMPACT and c.entry.feature.startswith("ADM") and c.entry.feature != "ADM1":
            found[c.entry] = min(c, found.get(c.entry, c), key=lambda candidate: candidate.kind)
    return list(found.values())


def _towns_country(text: str, mentions: Sequence[ToponymMention], candidate_lists: list[list[Candidate]]) -> frozenset[str]:
    """The country of a text that names none, told by its towns: the one country where every town bearing
    one of its names lies ("Cirencester" is only in England), when no name points to another country.

    Local news rarely names its own country ("Gloucester" alone: Ontario's or England's?). A name counts
    when all the towns of TOWNS_COUNTRY_MIN_POPULATION people or more bearing it as their own name lie in
    one country; names the model took for persons do not count, unless "in" or "near" comes before them.
    Two such mentions are needed.
    """
    countries: set[str] = set()
    votes = 0
    for mention, candidates in zip(mentions, candidate_lists):
        if mention.adjective or mention.facility or mention.person_role or (
                mention.other_label == "PERSON" and mention.preposition not in PLACE_PREPOSITIONS):
            continue
        name = text[mention.name_start:mention.name_end]
        if not mention.from_model and (f" {name.lower()} " in text or TITLE_BEFORE_NAME.match(text, mention.name_end)):
            continue  # a word also written in lower case ("the officer"), or a title ("Officer Dawes")
        found = {c.entry.country for c in candidates
                 if c.kind == EXACT and c.entry.country and c.entry.population >= TOWNS_COUNTRY_MIN_POPULATION}
        if len(found) == 1:
            countries |= found
            votes += 1
    # one mention is too little: "a call came from Obama" (tagged GPE) does not place a text in Japan
    return frozenset(countries) if len(countries) == 1 and votes >= 2 else frozenset()


def _document_focus(entries: Sequence[GazetteerEntry], named: NamedAreas) -> GazetteerEntry | None:
    """The town or county where a document's unnamed streets and buildings are taken to be; None when it
    names no place that small.

    Towns of the state or province most of the text's places lie in come first (each resolved mention is a
    vote, a state named itself included), then those of the country most of them lie in: one street name
    resolved to a town elsewhere ("Franklin", a New Orleans street, as Franklin, Ohio, three times) or a
    floor plan named like a London suburb must not outweigh a text whose places are in one state. Then
    towns of the states or provinces the text names beyond doubt, then the town named most often, then the
    most populous (New Orleans over Lafayette in a text naming Louisiana).
    """
    counts: dict[GazetteerEntry, int] = {}
    admin1_votes: dict[str, int] = {}
    country_votes: dict[str, int] = {}
    for entry in entries:
        if entry.admin1:
            admin1_votes[entry.admin1] = admin1_votes.get(entry.admin1, 0) + 1
        if entry.country:
            country_votes[entry.country] = country_votes.get(entry.country, 0) + 1
        if entry.feature in CONTAINER_FEATURES:
            counts[entry] = counts.get(entry, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda entry: (admin1_votes.get(entry.admin1, 0), country_votes.get(entry.country, 0),
                                          entry.admin1 in named.admin1, entry.country in named.countries,
                                          counts[entry], entry.population))


def _comma_pairs(text: str, mentions: Sequence[ToponymMention], candidate_lists: list[list[Candidate]],
                 named: NamedAreas) -> tuple[dict[int, Candidate], dict[int, GazetteerEntry]]:
    """Mention number -> entry, for a place followed by a comma and the division or country holding it;
    and mention number -> division, for a name followed by a division that holds no place of that name.

    "Tacoma, Washington", "Gainesville, Va.", "Kuala Lumpur, Malaysia": datelines and addresses name the
    container right after the place, so the two are resolved together, as the pair in which the second
    holds the first with the best summed score. That also lets a village through that would be too small
    to take alone ("Gainesville, Va." is not Gainesville, Florida).
    """
    paired: dict[int, Candidate] = {}
    local: dict[int, GazetteerEntry] = {}
    for number in range(len(mentions) - 1):
        place, container = mentions[number], mentions[number + 1]
        if place.adjective or container.adjective or text[place.end:container.start].strip() != ",":
            continue
        if any(c.kind != COMPACT and c.entry.feature in ("PCLI", "ADM1", "CONT") for c in candidate_lists[number]):
            continue  # a list of countries or states ("China, Russia, US"), not a place and its container
        pairs = [
            (inner, outer)
            for outer in candidate_lists[number + 1] if outer.kind != COMPACT and outer.entry.feature in ("PCLI", "ADM1", "ADM2")
            for inner in candidate_lists[number] if inner.kind != COMPACT and _holds(outer.entry, inner.entry)
        ]
        if pairs:
            inner, outer = max(pairs, key=lambda pair: (
                candidate_score(pair[0], place.admin_cue, named) + candidate_score(pair[1], container.admin_cue, named)))
            paired.setdefault(number, inner)
            paired[number + 1] = outer
            continue
        divisions = [c for c in candidate_lists[number + 1] if c.kind == EXACT and c.entry.feature in ("ADM1", "ADM2")
                     and c.entry.country in named.countries]
        if divisions and not place.facility and not place.person_role and _alone_in_its_clause(text, place, container):
            # "Rockingham, Northamptonshire": no Rockingham in Northamptonshire is in the gazetteer, so the
            # name is a local place of the county, not Rockingham, Western Australia
            outer = max(divisions, key=lambda c: candidate_score(c, container.admin_cue, named))
            if any(c.kind == EXACT and c.entry.feature in ("ADM1", "ADM2") and c.entry.country == outer.entry.country
                   for c in candidate_lists[number]):
                continue  # "West Yorkshire, England": a division and the one holding it
            paired[number + 1] = outer
            local[number] = outer.entry
    return paired, local


def _alone_in_its_clause(text: str, place: ToponymMention, container: ToponymMention) -> bool:
    """ "19 May: Thruxton, Hampshire." but not a list ("Copenhagen, Hamburg, Bremen", "Barcelona, Liverpool
    have ...", where the second name is no division holding the first): the pair ends its clause and
    follows no comma."""
    before = text[:place.start].rstrip()
    after = text[container.end:container.end + 2].lstrip(" ")
    return not before.endswith(",") and (not after or after[0] in ".;)\n")


def _holds(container: GazetteerEntry, place: GazetteerEntry) -> bool:
    if container.feature == "PCLI":
        return place.country == container.country and place.feature != "PCLI"
    if container.feature == "ADM2":
        # towns do not say their county ("Rockingham, Northamptonshire"): one near the county's centre
        return (place.country == container.country and place.feature not in ("PCLI", "ADM1", "ADM2")
                and _km(place, container) <= COUNTY_RADIUS_KM)
    return bool(place.admin1) and place.admin1 == container.admin1 and place.feature != "ADM1"


COUNTY_RADIUS_KM = 80  # English counties span up to ~150 km; their points lie near the middle


def _km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    """Great-circle distance between two entries, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class NamedAreas:
    """Countries and first-level divisions the text names beyond doubt (see `_evidence`)."""

    countries: frozenset[str] = frozenset()
    admin1: frozenset[str] = frozenset()


NOTHING_NAMED = NamedAreas()


def candidate_score(candidate: Candidate, admin_cue: bool, named: NamedAreas) -> float:
    """How likely `candidate` is the place meant (higher is likelier)."""
    entry = candidate.entry
    score = KIND_SCORE[candidate.kind] + POPULATION_WEIGHT * math.log10(entry.population + 1)
    if entry.feature == "PCLI":
        score += COUNTRY_PRIOR
    elif entry.feature == "PPLC":
        score += CAPITAL_PRIOR if candidate.kind == EXACT else CAPITAL_PRIOR_BY_ALTERNATE
    elif entry.curated and not entry.feature.startswith("ADM"):
        score += CURATED_PRIOR
    if entry.feature in ADMIN_FEATURES:
        score += CUE_BONUS if admin_cue else ADMIN_WITHOUT_CUE if entry.feature.startswith("ADM") else 0.0
    if entry.country and entry.country in named.countries:
        score += COHERENCE_BONUS
    if entry.admin1 and entry.admin1 in named.admin1 and entry.feature != "ADM1":
        score += ADMIN1_COHERENCE_BONUS
    return score


def _evidence(candidates: list[Candidate], mention: ToponymMention) -> Candidate | None:
    """The entry a mention names beyond doubt: a country, or a city or province no other country shares.

    "Tripoli" is no evidence (Libya and Lebanon both have one); "Lebanon", "Hama" and "Florida" are
    ("Florida", the state, wins over Florida, Colombia, and is one of our curated entries).
    """
    if mention.adjective or mention.initials:  # "Syrian" says the text is about Syria as clearly as "Syria" does
        return candidates[0] if candidates[0].entry.country else None
    best = _rank(candidates, mention, NOTHING_NAMED)
    if best is None or not best.entry.country:
        return None
    if best.kind != EXACT and any(c.kind == EXACT for c in candidates):
        return None  # "Franklin", an old name of Columbus, Ohio, and the own name of two dozen towns
    if (best.entry.feature == "ADM1" and not mention.from_model and not mention.admin_cue and any(
            c.kind == EXACT and c.entry.country != best.entry.country and c.entry.population >= TOWNS_COUNTRY_MIN_POPULATION
            for c in candidates)):
        return None  # a look-up "Nelson" names New Zealand's Nelson region no more than towns in England or Canada
    if best.entry.feature in ("PCLI", "ADM1") or best.entry.curated:
        return best  # a country, state or province, or an entry of our own lists, that won the ranking
    rivals = {
        c.entry.country for c in candidates
        if c.entry.population >= SMALL_TOWN or c.entry.curated or c.entry.feature == "PPLC"
    }
    strong = best.entry.feature in ("PPLC", "ADM1") or best.entry.population >= STRONG_POPULATION
    return best if strong and rivals <= {best.entry.country} else None


def _rank(candidates: list[Candidate], mention: ToponymMention, named: NamedAreas) -> Candidate | None:
    plausible = [c for c in candidates if _plausible(c, mention, named)]
    if not plausible:
        return None
    states = {(c.entry.country, c.entry.admin1) for c in plausible if c.kind == EXACT and c.entry.feature == "ADM1"}

    def namesake_of_a_state(c: Candidate) -> bool:
        """Florida, New York or Wyoming, Michigan: a town named like a state of its country, outside it."""
        return (c.entry.feature == "PPL" and any(country == c.entry.country and admin1 != c.entry.admin1
                                                  for country, admin1 in states))

    return max(plausible, key=lambda c: (
        candidate_score(c, mention.admin_cue, named) + (NAMESAKE_PENALTY if namesake_of_a_state(c) else 0.0), -c.kind))


def _plausible(candidate: Candidate, mention: ToponymMention, named_areas: NamedAreas) -> bool:
    """Whether a candidate may be the place meant at all; see the thresholds at the top for the cases."""
    entry = candidate.entry
    if entry.feature == "ADM2" and candidate.kind != EXACT and not mention.admin_cue:
        return False  # "Morris" alone is a town or a man; "Morris County" is the county (alternate "Morris")
    if mention.dateline and candidate.kind == EXACT:
        # "IMMOKALEE – ": where the story was filed, a town by its own name, though the text may name no country
        return entry.population >= LOOKUP_MIN_POPULATION_AFTER_PREPOSITION or entry.curated or entry.feature == "PPLC"
    if (candidate.kind == EXACT and entry.admin1 in named_areas.admin1 and mention.other_label != "PERSON"
            and entry.population >= LOCAL_MIN_POPULATION and entry.feature != "ADM1"):
        # a town of the state or province the text names, by its own name, even inside an organisation's
        # name or tagged ORG: "The Allendale Woman's Club" in a text naming New Jersey. Not a "person".
        return True
    named_countries = named_areas.countries
    if mention.embedded:
        # inside an organisation's name only a name no reader could mistake: "Bank of Japan", "The
        # Washington Post", "University of Alberta"; not "Apple" or "Amazon" (towns of a few thousand)
        return candidate.kind != COMPACT and (
            entry.curated or entry.feature in ("PCLI", "PPLC", "ADM1", "CONT") or entry.population >= STRONG_POPULATION
            or (mention.admin_cue and entry.feature == "ADM2")  # "Cavan County Council", "Collier County Sheriff"
            # a town of a country the text names, after "in" or in a list after it: "its stores in Zilina,
            # Nitra and Presov", though the model took Nitra for an organisation
            or (candidate.kind == EXACT and mention.preposition in PLACE_PREPOSITIONS
                and entry.country in named_countries and entry.population >= SMALL_TOWN))
    if (entry.curated or entry.feature == "PPLC") and not mention.other_label:
        return True
    named = entry.country in named_countries
    locative = mention.after_preposition or mention.admin_cue
    if mention.other_label:
        if mention.other_label == "PERSON" and entry.feature == "PCLI":
            return False
        if mention.other_label == "PERSON" and entry.feature == "ADM1" and candidate.kind == EXACT and " " in entry.name:
            return True  # the model's "person" Tamil Nadu: no one is called like a state of several words
        if entry.curated and (mention.admin_cue or not entry.feature.startswith("ADM")):
            return True  # "Hmeimim" (NORP): a base, sea or region we listed; "province of Hasaka" (ORG)
        if candidate.kind == COMPACT:
            return False
        if named and (entry.population >= STRONG_POPULATION or entry.feature in ("PCLI", "PPLC")):
            return True
        # "near Al Mayadin" (tagged PERSON), "sailed from Tartus" (tagged ORG), "the town of Kasba Bonli"
        return ((mention.preposition in PLACE_PREPOSITIONS or mention.preposition == "of")
                and (entry.population >= SMALL_TOWN or named))
    if mention.from_model and candidate.kind == EXACT:
        # "Paphos" in a text naming Cyprus, "in Ferguson"; not "Hong explained" -> Høng, Denmark
        directional = (mention.preposition in DIRECTIONAL_PREPOSITIONS and entry.population >= DIRECTIONAL_MIN_POPULATION
                       and " " in normalize_name(entry.name))
        return entry.population >= SMALL_TOWN or named or locative or directional
    if candidate.kind == COMPACT and mention.name_end - mention.name_start < 8 and not (named and locative):
        return False  # a short loose spelling is too often another word
    if entry.population >= STRONG_POPULATION:
        return True  # "Hasaka", an alternate name of Al-Hasakah (pop. 420,000)
    # "according to Xinhua" (the agency) is not Shangmei, China (alternate name Xinhua)
    # "to" and "from" as well, for a town's own name in a country the text names ("drivers travelling to
    # Cirencester"): "spoke to Hong" needs Denmark named for Høng to be taken
    locative = locative or (candidate.kind == EXACT and mention.preposition in DIRECTIONAL_PREPOSITIONS)
    return named and locative and entry.population >= LOOKUP_MIN_POPULATION_AFTER_PREPOSITION
