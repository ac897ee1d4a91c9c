"""What the places of a document tell about its actors, once both are known.

Rules applied after geoparsing:
* an unnamed group or person gets the country of the place it is tied to: a place inside the
  phrase ("Darfur rebels", "Kabul residents") or its "in"/"from" object ("rebels in Darfur",
  "refugees from Syria");
* failing that, an unnamed group ("rebels", "protesters", "security forces") gets the country of
  its sentence's places when they all lie in one state ("rebels destroyed two tanks in Hama
  province": Syrian rebels), as a human coder reads it, and a domestic group (rebels, opposition,
  civilians, refugees) in a document whose places lie mostly in one state gets that state;
  "foreign fighters" are left alone;
* a domestic group or an opposition figure with no country ("fundamentalists", "La Prensa",
  "opposition leader X") gets the state whose home institutions (its government, president,
  police, courts, parliament) the sentence names, when the sentence names no other state:
  "fundamentalists demand the resignation of the Algerian President" are Algerian;
* a named person with a domestic title and no country ("President X") gets the single state of
  the sentence's settings ("President X imposed a curfew in Algiers") or of the home rebels he
  deals with; a title without a name ("the president") or a party gets the one state its
  sentence names in any way; an unnamed institution ("Parliament") the one state its sentence
  names by a domestic group, an institution or a place;
* an actor still without a country (police, courts, people, local bodies; not soldiers, IGOs or
  anything marked foreign) gets the state most of the document's places lie in;
* a later mention ("it", "their") takes the country its antecedent was given by these rules;
* an ethnic group is coded by the state the text places it in ("ethnic Albanians in Serbia",
  "guerrillas operating in Macedonia"), and a people "of" a place by that place ("the Albanians
  of southern Serbia");
* an "unknown person" that is really a place the model tagged PERSON ("clashed near Palmyra") is
  dropped: a known place after a locative preposition is no person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from spacy.tokens import Doc, Span

from eventwire.actors.country import CountryClaim, decide_country
from eventwire.actors.lexicon import NamedEntry
from eventwire.records import Actor, Place

#: Prepositions whose object says where an actor is from or based.
HOME_PREPOSITIONS = frozenset({"in", "from", "of"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "at", "around", "outside", "inside", "from", "to", "into", "toward", "towards"})
#: Roles in which a state's name is a participant rather than a setting.
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss", "appos", "agent"})
#: Modifiers that say a group is not from where it is.
FOREIGN_WORDS = frozenset({"foreign", "international", "overseas", "expatriate", "visiting", "western"})
#: Sectors of groups that belong to the state a story is about ("the rebels", "civilians",
#: "opposition forces" in a story set in Syria); soldiers or officials may be foreign.
DOMESTIC_SECTORS = frozenset({"REB", "OPP", "CVL", "REF", "LAB", "EDU", "REL"})
#: A document is about one state when at least this many of its place mentions, and this share,
#: lie in it.
MAIN_COUNTRY_MENTIONS = 3
MAIN_COUNTRY_SHARE = 0.6
#: Sectors whose members act only in their own state: the police, sheriffs, prosecutors and courts
#: of a local story ("Police said", "the judge ruled") are of the state the story is set in.
HOME_ONLY_SECTORS = frozenset({"COP", "JUD"})
#: Kinds of actor that are of the story's state unless something says otherwise: people and local
#: bodies named in a story set in one state ("Project coordinator David Dick", "the city").
DEFAULT_HOME_TYPES = frozenset({"person", "organization", "group"})
#: Types that get their identity from a name, never from a place.
NAMED_TYPES = frozenset({"igo", "armed_group", "ngo"})
#: Sectors of a state's institutions that act at home: a sentence naming the Algerian police or
#: president is set in Algeria. Armed forces and diplomats act abroad too, so they say nothing.
HOME_INSTITUTION_SECTORS = frozenset({"GOV", "COP", "JUD", "LEG"})
#: Sectors of unnamed actors that take their state from the home institutions beside them.
#: News outlets are domestic as well ("ordered the newspaper La Prensa to close").
INSTITUTION_NEIGHBOUR_SECTORS = DOMESTIC_SECTORS | {"MED"}
#: Verbs of residence whose locative object says where a group lives or operates.
RESIDENCE_VERBS = frozenset({"operate", "live", "base", "station", "reside", "fight", "settle", "active"})


def locate_actors(doc: Doc, actors: Sequence[Actor], places: Sequence[Place],
                  names: Mapping[str, tuple[NamedEntry, ...]] = MappingProxyType({})) -> list[Actor]:
    """`actors` with countries taken from their places and places mistaken for people removed: the
    rules below gather the places' claims, `country.decide_country` decides. `names` are the actor
    lexicon's names (`ActorLexicon.names`), to tell which places bear a state's or capital's name."""
    settings = _settings(doc, places, actors)
    main_country = _main_country(settings)
    focus = CountryClaim(main_country, "document focus", "the state most of the document's places are in")
    if main_country is None:
        main_country = _actors_country(actors)
        focus = CountryClaim(main_country, "document actors", "the state most of the document's named actors are of")
    out = []
    for actor in actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is None:
            out.append(actor)
            continue
        if _place_as_person(span, actor, places):
            continue
        claims = list(_country_claims(doc, span, actor, actors, places, settings, focus, names))
        decided = decide_country(actor, claims)
        if decided.country != actor.country and any(c.source in PEOPLE_SOURCES for c in claims):
            decided = replace(decided, type="group")  # a people placed by the text is a group, not its state
        out.append(decided)
    return _follow_antecedents(actors, out)


def _country_claims(doc: Doc, span: Span, actor: Actor, actors: Sequence[Actor], places: Sequence[Place],
                    settings: Sequence[Place], focus: CountryClaim,
                    names: Mapping[str, tuple[NamedEntry, ...]]) -> Iterator[CountryClaim]:
    """What the places say about an actor's country, nearest evidence first; `focus` is the state
    the document is about (by its places, else its named actors), if any."""
    main_country = focus.country
    place = _place_of_its_name(actor, places, names)
    if place is not None:
        yield CountryClaim(place.country, "place of its name", f"'{place.text}' is {place.name} in this document",
                           overrides=True)
        return
    place = _people_of_place(span, actor, places)
    if place is not None:
        yield CountryClaim(place.country, "people of a place", f"a people of '{place.text}'", overrides=True)
        return
    if _ethnic(doc, span):
        # "ethnic Albanians demonstrated in Serbia": a people living in a state, coded by that state
        # when the text says where (the PLOVER gold standard does), else by the demonym's.
        home = _home_place(span, actor, places)
        country = home.country if home is not None else _sentence_country(span, settings)
        if home is None and _sentence_states(span, actor, actors, places) - {actor.country} != {country}:
            country = None  # the sentence names another state too: where the group lives is unsure
        yield CountryClaim(country, "ethnic home", "ethnic group, where the text places it", overrides=True)
        return
    if actor.country is not None or actor.type in NAMED_TYPES or actor.sector == "IGO":
        return
    place = _home_place(span, actor, places)
    if place is not None:
        yield CountryClaim(place.country, "home place", f"from the place '{place.text}' ({place.name})")
        return
    foreign = any(t.lower_ in FOREIGN_WORDS for t in span)
    if actor.type == "group" and not foreign and not _forces_of_another_state(span, actor, actors, settings):
        country = _sentence_country(span, settings)
        if country is not None:
            yield CountryClaim(country, "sentence places", "every place of its sentence is in that state")
        elif main_country is not None and actor.sector in DOMESTIC_SECTORS:
            yield focus
    if not foreign:
        yield from _from_sentence(span, actor, actors, settings, places)
    if main_country is not None and _domestic_by_default(span, actor):
        yield replace(focus, detail=f"{focus.detail}, and nothing says it is foreign")


#: Sectors of forces a state sends abroad: "Russia deployed fighter jets to Syria" are Russia's.
STATE_FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})


def _forces_of_another_state(span: Span, actor: Actor, actors: Sequence[Actor], settings: Sequence[Place]) -> bool:
    """True for unnamed forces in a sentence where a state other than the places' own acts: they may be
    that state's, so the places do not say whose they are."""
    if actor.sector not in STATE_FORCE_SECTORS:
        return False
    sentence = span.root.sent
    setting_countries = {p.country for p in settings if sentence.start_char <= p.start and p.end <= sentence.end_char}
    return any(other.type == "state" and other.country and other.country not in setting_countries
               and sentence.start_char <= other.start and other.end <= sentence.end_char
               for other in actors if other is not actor)


def _follow_antecedents(before: Sequence[Actor], after: list[Actor]) -> list[Actor]:
    """Later mentions ("it", "their") take the country their antecedent was given here: the
    actors stage linked them before any place was known."""
    moved: dict[tuple, str | None] = {}
    originals = {(a.start, a.end): a for a in before}
    for new in after:
        old = originals[(new.start, new.end)]
        if old.country != new.country and "refers back to" not in old.why:
            moved.setdefault((old.name, old.sector, old.type, old.country), new.country)
    if not moved:
        return after
    out = []
    for actor in after:
        key = (actor.name, actor.sector, actor.type, actor.country)
        if "refers back to" in actor.why and key in moved:
            actor = decide_country(replace(actor, country=None), [CountryClaim(moved[key], "antecedent", "as its antecedent")])
        out.append(actor)
    return out


def _from_sentence(span: Span, actor: Actor, actors: Sequence[Actor], settings: Sequence[Place],
                   places: Sequence[Place]) -> Iterator[CountryClaim]:
    """A country for an unnamed domestic actor, an unnamed institution or a titled person, when its
    sentence names one state only and names it in a way that says the sentence is set there."""
    named = _sentence_states(span, actor, actors, places)
    if len(named) != 1:
        return
    country = next(iter(named))
    sentence = span.root.sent
    inside = [a for a in actors if sentence.start_char <= a.start and a.end <= sentence.end_char and a is not actor]
    institutions = {a.country for a in inside if a.country and a.sector in HOME_INSTITUTION_SECTORS}
    rebels = {a.country for a in inside if a.type == "armed_group" and a.country}
    if actor.type == "person" and actor.sector in HOME_INSTITUTION_SECTORS and actor.why.startswith("unknown person"):
        # A named person only by the settings, or by rebels at home ("conceded to UNITA's demands"):
        # in "President X welcomed the South African leader" the other state is the guest's.
        if _sentence_country(span, settings) == country or country in rebels:
            yield CountryClaim(country, "sentence state", "every place and actor of its sentence is of that state")
    elif (actor.type == "person" and actor.sector in HOME_INSTITUTION_SECTORS) or actor.sector == "PTY":
        # "unless the president agrees": a title without a name, or a party, is of the one state its
        # sentence names ("Algeria's elections"), named in any way.
        yield CountryClaim(country, "sentence state", "the only state its sentence names")
    elif actor.sector in INSTITUTION_NEIGHBOUR_SECTORS:
        if country in institutions:
            yield CountryClaim(country, "sentence state", "the only state its sentence names, by its own institutions")
    elif actor.sector in HOME_INSTITUTION_SECTORS:
        # "a hunger strike outside Parliament" by Algerian landowners: the Algerian parliament.
        domestic = {a.country for a in inside if a.sector in DOMESTIC_SECTORS} | institutions
        if country in domestic or _sentence_country(span, settings) == country:
            yield CountryClaim(country, "sentence state", "an institution of the only state its sentence names")


def _sentence_states(span: Span, actor: Actor, actors: Sequence[Actor], places: Sequence[Place]) -> set[str]:
    """Every state the sentence of `span` names, by an actor other than `actor` or by a place."""
    sentence = span.root.sent
    start, end = sentence.start_char, sentence.end_char
    return ({a.country for a in actors if a.country and a is not actor and start <= a.start and a.end <= end}
            | {p.country for p in places if p.country and start <= p.start and p.end <= end})


#: Sources of a country the actor's own words give.
NAMED_SOURCES = frozenset({"lexicon", "person in office", "owner"})
#: Claims that make an actor a people placed by the text rather than its state.
PEOPLE_SOURCES = frozenset({"people of a place", "ethnic home"})
#: Feature codes of whole states: a state's name resolved to itself says nothing new.
STATE_FEATURES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "TERR"})


def _place_of_its_name(actor: Actor, places: Sequence[Place], names: Mapping[str, tuple[NamedEntry, ...]]) -> Place | None:
    """The town or division the actor's own name means in this document, when the lexicon read the
    name as another state's: "Lebanon Police" in a story whose places resolve Lebanon to the Missouri
    town, "the Columbia County woman" beside Georgia's counties. The places stage weighs the whole
    document; the lexicon knows only the name."""
    if actor.country_source not in ("lexicon", "owner") or actor.why.startswith("unknown person"):
        return None  # a person's own name ("Chrystia Freeland") is no place, whatever towns bear it
    for place in places:
        if (place.country and place.country != actor.country and place.feature not in STATE_FEATURES
                and _names_the_state(place.text, actor.country, names)
                and not (place.text != actor.name and place.text in actor.name)  # "Trinidad" of Trinidad and Tobago
                and re.search(rf"(?<!\w){re.escape(place.text)}(?!\w)", actor.text)):
            return place
    return None


def _names_the_state(text: str, country: str | None, names: Mapping[str, tuple[NamedEntry, ...]]) -> bool:
    """True when `text` is a name the lexicon reads as the state `country` or its capital."""
    return any(entry.kind in ("country", "capital") and entry.country == country for entry in names.get(text, ()))


def _people_of_place(span: Span, actor: Actor, places: Sequence[Place]) -> Place | None:
    """The place in "the Albanians of southern Serbia": a people named by a demonym, of a place in
    another state."""
    root = span.root
    if actor.type != "state" or root.tag_ not in ("NNPS", "NNS") and not (root.tag_ == "NNP" and root.lower_.endswith("s")):
        return None
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                place = next((p for p in places if p.country and p.start <= pobj.idx < p.end), None)
                if place is not None and place.country != actor.country:
                    return place
    return None


def _place_as_person(span: Span, actor: Actor, places: Sequence[Place]) -> bool:
    if actor.type != "person" or actor.country is not None or not actor.why.startswith("unknown person"):
        return False
    if not any(p.start <= actor.start and actor.end <= p.end for p in places):
        return False
    return span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPOSITIONS


def _home_place(span: Span, actor: Actor, places: Sequence[Place]) -> Place | None:
    located = [p for p in places if p.country]
    inside = [p for p in located if actor.start <= p.start and p.end <= actor.end]
    if inside:
        return inside[0]
    preps = [c for c in span.root.children if c.dep_ == "prep" and c.lower_ in HOME_PREPOSITIONS]
    # "guerrillas operating in Macedonia", "refugees living in Lebanon"
    for verb in span.root.children:
        if verb.dep_ in ("acl", "relcl") and verb.lemma_.lower() in RESIDENCE_VERBS:
            preps.extend(c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in")
    for child in preps:
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            for place in located:
                if place.start <= pobj.idx < place.end:
                    return place
    return None


def _sentence_country(span: Span, places: Sequence[Place]) -> str | None:
    sentence = span.root.sent
    countries = {p.country for p in places
                 if sentence.start_char <= p.start and p.end <= sentence.end_char and p.country}
    return countries.pop() if len(countries) == 1 else None


def _ethnic(doc: Doc, span: Span) -> bool:
    return span[0].lower_ == "ethnic" or (span.start > 0 and doc[span.start - 1].lower_ == "ethnic")


def _domestic_by_default(span: Span, actor: Actor) -> bool:
    """True for an actor with no country of its own that the story's state claims: police and
    courts always, people and local bodies unless a word marks them foreign or they are soldiers
    or officials a state may send abroad."""
    if actor.sector in HOME_ONLY_SECTORS:
        return True
    if actor.type not in DEFAULT_HOME_TYPES or actor.sector in ("MIL", "IGO", "SPY"):
        return False
    return not any(t.lower_ in FOREIGN_WORDS for t in span)


def _main_country(places: Sequence[Place]) -> str | None:
    """The state a story is set in: the one most of its settings lie in, or the only one they lie in
    (a local story naming one or two towns of one state is set there)."""
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return None
    country, mentions = counts.most_common(1)[0]
    if len(counts) == 1 or (mentions >= MAIN_COUNTRY_MENTIONS and mentions / sum(counts.values()) >= MAIN_COUNTRY_SHARE):
        return country
    return None


#: A story whose places name no one state is about the state most of its actors belong to, when at
#: least this many of them, and more than this share, do.
ACTOR_FOCUS_MENTIONS = 3
ACTOR_FOCUS_SHARE = 0.5


def _actors_country(actors: Sequence[Actor]) -> str | None:
    """The state a story is about by its actors, when its places do not say: "the army" in a story
    about Pakistan's generals that names no Pakistani place, a council in a local story whose towns
    the gazetteer cannot place. Only actors the text names count (their own name, owner or office)."""
    counts = Counter(a.country for a in actors if a.country and a.country_source in NAMED_SOURCES)
    if not counts:
        return None
    country, mentions = counts.most_common(1)[0]
    if mentions >= ACTOR_FOCUS_MENTIONS and mentions / sum(counts.values()) > ACTOR_FOCUS_SHARE:
        return country
    return None


def _settings(doc: Doc, places: Sequence[Place], actors: Sequence[Actor]) -> list[Place]:
    """Places named as where things are, not as participants: in "Russia struck targets in Syria"
    Syria is a setting and Russia an actor; "convoys reached Aleppo" is a setting too, as Aleppo
    is no actor."""
    out = []
    for place in places:
        if not any(a.start <= place.start and place.end <= a.end for a in actors):
            out.append(place)
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        while root.dep_ == "conj" and root.head is not root:  # "in Idlib and Hama": Hama is where too
            root = root.head
        if root.dep_ in PARTICIPANT_DEPS:
            continue
        out.append(place)
    return out
