"""Find the toponyms of a parsed document and resolve each to a gazetteer entry.

`find_places` works in two steps, like spaCy's `match` / `set_annotations`:
`toponym_mentions` works out which spans are toponyms (spaCy's GPE/LOC/FAC
entities plus gazetteer look-ups of capitalised spans the model missed), then
`resolve_mentions` picks one gazetteer entry per mention, twice: the second
pass favours places in the countries the first pass found named in the text.

What counts as a mention depends on `PlaceOptions`. Event locations
(`EVENT_PLACES`, the default) take only names used as names. The `geoparse`
listing (`ALL_MENTIONS`) also takes adjectives of places used as modifiers
("the Syrian army" -> Syria, "European airlines" -> Europe) and place names
inside the names of organisations ("The Washington Post" -> Washington), as
GeoWebNews annotates them, and streets, buildings and local names the gazetteer
lacks ("Royal Street", "Karl Bremer Hospital"), placed without a GeoNames id at
the town named with them or the town the text is about. Neither ever takes a
demonym naming people ("the Russians", "the French said") or a person's name
("Michael Jordan").
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from eventwire.places.gazetteer import ALTERNATE, COMPACT, EXACT, Candidate, Gazetteer, GazetteerEntry
from eventwire.places.names import compact_keys, normalize_name
from eventwire.records import Place

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Inside an entity of another label no toponym is searched: "Russian" (NORP) is not a place, "Jordan"
# tagged PERSON is a man, "The Washington Post" (ORG) is a newspaper. But the small model mislabels
# toponyms ("Hmeimim" NORP in seed 001, "Hama" ORG, "Homs" PERSON), so a WHOLE entity of these labels is
# taken when it is a curated name, a city of a country the text names, or a town after "in"/"near"; a
# person's name must be one word or follow "in"/"near", and is never taken as a country.
WHOLE_ENTITY_LABELS = frozenset({"ORG", "NORP", "PRODUCT", "PERSON"})

# Words after a name ("Idlib province", "the Kurdistan region") or before it ("the province of Hasaka")
# that say the name is an administrative division or region, not its main town.
CUE_WORDS = frozenset({"province", "governorate", "region", "oblast", "district", "provinces", "governorates",
                       "county"})  # "Collier County": GeoNames names the county "Collier County", alternate "Collier"
ADMIN_FEATURES = frozenset({"ADM1", "ADM2", "ADM3", "RGN", "PEN"})
# Lower-case words that may sit inside a multi-word toponym: "Deir ez-Zor", "Ras al-Ain", "Sea of Azov".
CONNECTORS = frozenset({"ez", "el", "al", "az", "as", "ad", "ar", "ash", "an", "es", "ed", "de", "del", "la",
                        "le", "of", "-", "'", "and", "&"})  # "Trinidad and Tobago"
MAX_WINDOW = 6  # tokens: "Rif Dimashq" is 2, "Deir ez - Zor Governorate" is 5

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
# "to", "from" and "of" are left out: "spoke to Hong", "a call from Obama", "the words of Hong" name people.
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "around", "into", "inside", "towards",
                                   "toward", "across", "between", "via"})
# "to X" and "from X" name people as often as places ("spoke to Hong", "a call from Obama", both tagged GPE):
# after them a town the model tagged needs a name of several words and this population (Sharm el-Sheikh,
# 38,000, seed 003; not Obama, Japan, 30,000).
DIRECTIONAL_PREPOSITIONS = frozenset({"to", "from"})
DIRECTIONAL_MIN_POPULATION = 20_000
# "the city of Paphos" (seed 000): "of" after these nouns is locative.
SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "port", "capital", "outskirts", "suburbs", "suburb",
                              "settlement", "district", "area", "region", "province", "governorate"})
# A town the model tagged, smaller than this, is only taken in a country the text names or after
# "in"/"near" or a cue: "Hong explained" (a spokesman tagged GPE, seed 001) is not Høng, Denmark.
SMALL_TOWN = 50_000
# Smallest town of a named state or province taken by its own name whatever the context (`_plausible`).
LOCAL_MIN_POPULATION = 1000
# A text that names no country is taken to be in the one country its towns of this size point to.
TOWNS_COUNTRY_MIN_POPULATION = 10_000
# Entries whose country counts as named in the text (second pass): clear, important places.
STRONG_POPULATION = 100_000
# Prepositions after which a name the model tagged PERSON or ORG is still taken as a place.
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "inside", "across"})
# A name this short (in letters) is taken only by its gazetteer name, give or take spelling ("Hama" for
# Ḩamāh): "Hang" is no alternate name of Hangzhou here, nor "Luck" of Lutsk.
SHORT_NAME = 4
# Words that, right after a capitalised name, say the name is a town or region: its police, council,
# residents or football club ("Slidell PD", "St. Louis Police", "New Brunswick RCMP", "Nelson residents", "a
# Nenagh councillor", "Bolton Wanderers").
LOCAL_INSTITUTION_WORDS = frozenset({"police", "pd", "rcmp", "gardai", "sheriff", "constabulary", "council",
                                     "councillor", "councillors", "councilman", "councilwoman", "mayor",
                                     "residents", "townspeople", "villagers", "albion", "wanderers", "rovers",
                                     "athletic", "hotspur", "united"})
# Words the model tags LOC/GPE that name no place: "the West" (a political bloc), not West, Texas.
NOT_PLACES = frozenset({"west", "east", "north", "south", "western", "eastern", "northern", "southern",
                        "media", "capital", "city", "state", "republic", "kingdom", "homeland", "region",
                        "valley"})


@dataclass(frozen=True)
class PlaceOptions:
    """Which mentions `find_places` lists beyond names used as names."""

    adjectives: bool = False  # "the Syrian army" -> Syria: GeoWebNews' modifier toponyms
    embedded: bool = False  # "The Washington Post" -> Washington, "Bank of Japan" -> Japan
    # streets, buildings and local names the gazetteer lacks ("Royal Street", "Karl Bremer Hospital"), placed
    # at the town holding them (`_container`, `_document_focus`), without a GeoNames id
    facilities: bool = False


EVENT_PLACES = PlaceOptions()  # where events happen: names only
ALL_MENTIONS = PlaceOptions(adjectives=True, embedded=True, facilities=True)  # `eventwire geoparse`

# Entities inside which ALL_MENTIONS looks for place names; never PERSON ("Jordan Peterson").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "MONEY"})  # "11 billion US dollars"
# Dependencies of an adjective that modifies the noun after it ("Syrian army"), as opposed to a demonym
# used as a noun ("the Russian said": nsubj) or a language ("speaks English": dobj).
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "poss"})
MAX_ADJECTIVE_TOKENS = 3  # "Papua New Guinean"

# Entities that may name a facility: the small model tags "Royal Street" ORG and "Meydan Racecourse" PERSON.
FACILITY_LABELS = PLACE_LABELS | {"ORG", "PERSON", "NORP", "PRODUCT"}
STREET_FEATURES = frozenset({"ST", "RD", "SQR"})
# Places that can hold a street or building: towns and counties. Not countries, states or seas, whose centre
# is far from most of their streets ("the Russian Embassy in the U.S." is in Washington, not Kansas).
CONTAINER_FEATURES = frozenset({"PPL", "PPLC", "PPLA", "PPLA2", "PPLX", "ADM2", "ADM3", "AIRB", "NVB"})
CONTAINER_AFTER = re.compile(r"\s*(,|,?\s*(in|at|near|outside|on))\s*(the\s+)?", re.IGNORECASE)
CONTAINER_BEFORE = re.compile(r"\s*['’]s?\s*")  # "Harare's Third Street", "Brooklyn's Barclays Center"


@dataclass(frozen=True)
class ToponymMention:
    start: int  # character offsets of the whole mention, cue word included
    end: int
    name_start: int  # character offsets of the name looked up (without "the" or "province")
    name_end: int
    admin_cue: bool  # a cue word says this is a province/region
    from_model: bool  # spaCy saw a GPE/LOC/FAC entity here
    other_label: str  # the model's label when it tagged the whole name as something else (ORG, PERSON, ...)
    preposition: str  # the preposition right before ("in", "near", "to", "of" after "city"), else ""
    adjective: bool = False  # an adjective of a place ("Syrian"), resolved through Gazetteer.adjective
    embedded: bool = False  # a name inside an organisation's name ("Washington" in "The Washington Post")
    facility: bool = False  # a street, building or local name the gazetteer lacks, placed at its container
    feature: str | None = None  # a facility's GeoNames feature code, from its head word ("Street" -> ST)
    dateline: bool = False  # a name in capitals opening a sentence before a comma or dash: "HELENA, Mont."
    # the subject or owner of something, as people are: "Noma said", "Helen's sister" (see `_same_name_same_place`)
    person_role: bool = False
    # letters in capitals abbreviating a country the text names in full: that name ("T&T": "Trinidad and Tobago")
    initials: str = ""

    @property
    def after_preposition(self) -> bool:
        """A locative context: "in X", "near X", "the city of X"; not "to X" or "from X"."""
        return self.preposition in LOCATIVE_PREPOSITIONS or self.preposition == "of"


def find_places(doc: Doc, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]] = (),
                options: PlaceOptions = EVENT_PLACES) -> list[Place]:
    """Every toponym of `doc.text`, in order, resolved; spans overlapping `exclude` are skipped.

    `exclude` holds character spans the actors stage took by metonymy ("Moscow said"): there the name is
    a government, not a place.
    """
    text = doc.text  # Doc.text joins every token: build it once per document
    mentions = [m for m in toponym_mentions(doc, gazetteer, text, options) if not _overlaps(m.start, m.end, exclude)]
    # Adjectives not listed as places still say which country the text is about: "the Iraqi city of Basra".
    hints = [] if options.adjectives else _adjective_mentions(doc, gazetteer, text)
    return resolve_mentions(text, mentions, gazetteer, hints)


def toponym_mentions(doc: Doc, gazetteer: Gazetteer, text: str,
                     options: PlaceOptions = EVENT_PLACES) -> list[ToponymMention]:
    """Spans that name places, longest first where they overlap, then in text order (`text` is doc.text)."""
    entities = (_entity_mention(doc, ent) for ent in doc.ents if ent.label_ in PLACE_LABELS)
    # an entity no gazetteer name matches ("Latakia for Raqqa") must not hide the names inside it
    found = [m for m in entities if m and place_candidates(gazetteer, text[m.name_start:m.name_end])]
    found += _lookup_mentions(doc, gazetteer, text, options.embedded)
    if options.adjectives:
        found += _adjective_mentions(doc, gazetteer, text)
    if options.facilities:
        found += _facility_mentions(doc, gazetteer, text)
    found = [m for m in found if not _in_linked_name(text, m)]
    # a word of a person's name elsewhere ("Helen Kunz") is a person's name wherever it stands alone
    in_person_names = {token.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for token in ent}
    found = [dataclasses.replace(m, person_role=True) if text[m.name_start:m.name_end].lower() in in_person_names else m
             for m in found]
    chosen: list[ToponymMention] = []
    # a local name the gazetteer lacks comes last: "Greece Italy" (one GPE for a missing comma) is two countries
    for mention in sorted(found, key=lambda m: (m.facility and not m.feature, -(m.end - m.start), m.facility,
                                                not m.adjective, not m.from_model, m.start)):
        if not any(_overlaps(mention.start, mention.end, [(c.start, c.end)]) for c in chosen):
            chosen.append(mention)
    if options.facilities:
        repeated = _repeated_local_names(text, chosen)
        # a looked-up word inside a repeated name gives way to it ("Hatch" in "Brands Hatch")
        chosen = [m for m in chosen if not any(_looked_up_inside(m, r.start, r.end) for r in repeated)] + repeated
    names = [ent.text for ent in doc.ents if ent.label_ in LONG_FORM_LABELS] + [text[m.name_start:m.name_end] for m in chosen]
    chosen += [m for m in _initials_mentions(doc, gazetteer, names) if not any(_overlaps(m.start, m.end, [(c.start, c.end)]) for c in chosen)]
    return sorted(chosen, key=lambda m: m.start)


#: Capital letters, perhaps joined by "&", that may abbreviate a country's name: "SA", "T&T", "PNG"
INITIALS = re.compile(r"[A-Z](?:&?[A-Z]){1,3}")
#: Words an abbreviation leaves out: "T&T" is Trinidad and Tobago, "DRC" the Democratic Republic of the Congo
INITIALS_SKIPPED = frozenset({"and", "of", "the"})
#: Entities whose words may be a country's name written in full, or its people's ("South Africans")
LONG_FORM_LABELS = frozenset({"GPE", "LOC", "NORP"})


def _initials_mentions(doc: Doc, gazetteer: Gazetteer, names: Sequence[str]) -> list[ToponymMention]:
    """Letters in capitals that abbreviate a country the text names in full among `names` (its places and
    peoples): "That SA holds ..." in a text on South Africans, "T&T" in one on Trinidad and Tobago.
    Capitals that abbreviate nothing the text names are most often organisations ("the ANC"): left alone."""
    long_forms: dict[str, str] = {}
    for name in names:
        if " " in name.strip() and _country_named(gazetteer, name) is not None:
            long_forms.setdefault(name_initials(name), name)
    mentions = []
    for token in doc:
        long_form = long_forms.get(token.text.replace("&", "")) if INITIALS.fullmatch(token.text) else None
        if long_form is not None and token.ent_type_ != "PERSON":
            label = token.ent_type_ if token.ent_type_ not in PLACE_LABELS else ""
            mentions.append(ToponymMention(token.idx, token.idx + len(token), token.idx, token.idx + len(token),
                                           False, False, label, "", initials=long_form))
    return mentions


def name_initials(name: str) -> str:
    """The capital letters a name is abbreviated to: "Trinidad and Tobago" -> "TT", "South Africans" -> "SA"."""
    return "".join(word[0].upper() for word in re.findall(r"[^\W\d_]+", name) if word.lower() not in INITIALS_SKIPPED)


def _country_named(gazetteer: Gazetteer, name: str) -> GazetteerEntry | None:
    """The country `name` names exactly, by its name or its people's ("South Africans"), else None."""
    for form in (name, name.removeprefix("the ").removeprefix("The ")):
        adjective = gazetteer.adjective(form) or (gazetteer.adjective(form[:-1]) if form.endswith("s") else None)
        if adjective is not None and adjective.feature == "PCLI":
            return adjective
        countries = [c.entry for c in place_candidates(gazetteer, form) if c.kind == EXACT and c.entry.feature == "PCLI"]
        if countries:
            return countries[0]
    return None


def _repeated_local_names(text: str, chosen: Sequence[ToponymMention]) -> list[ToponymMention]:
    """Other occurrences of a local name of several words found once ("Brands Hatch", taken in "at Brands
    Hatch", stays a racetrack where the model tags it a person): same spelling, whole words, where nothing
    else was found but a looked-up word inside it ("Hatch")."""
    added: list[ToponymMention] = []
    for name, feature in {text[m.name_start:m.name_end]: m.feature for m in chosen if m.facility}.items():
        if " " not in name:
            continue
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            start, end = match.start(), match.end()
            if any(_overlaps(start, end, [(m.start, m.end)]) and not _looked_up_inside(m, start, end)
                   for m in list(chosen) + added):
                continue
            added.append(ToponymMention(start, end, start, end, False, False, "", "", facility=True, feature=feature))
    return added


def _looked_up_inside(mention: ToponymMention, start: int, end: int) -> bool:
    """A word the look-up found (no entity of the model) inside characters [start, end)."""
    return (not (mention.from_model or mention.facility or mention.adjective)
            and start <= mention.start and mention.end <= end)


#: A name joined by a short linking word ("Shan-e-Mustafa", "Tehreek-e-Insaf", "Jaish-al-Adl"): its
#: parts are no places, though "Shan" alone is a Myanmar state.
LINKED_AFTER = re.compile(r"-[a-z]{1,3}-[A-Z]")
LINKED_BEFORE = re.compile(r"[A-Za-z]-[a-z]{1,3}-$")


def _in_linked_name(text: str, mention: ToponymMention) -> bool:
    return bool(LINKED_AFTER.match(text, mention.end) or LINKED_BEFORE.search(text, 0, mention.start))


def resolve_mentions(text: str, mentions: Sequence[ToponymMention], gazetteer: Gazetteer,
                     hints: Sequence[ToponymMention] = ()) -> list[Place]:
    """Pick one entry per mention; a second pass prefers the countries the text names, by the
    mentions or by `hints` (adjectives of places that are not listed themselves)."""
    candidate_lists = [
        [Candidate(gazetteer.adjective(text[m.name_start:m.name_end]), EXACT)] if m.adjective
        else [Candidate(_country_named(gazetteer, m.initials), EXACT)] if m.initials
        else _named_with_cue(gazetteer, text, m) or place_candidates(gazetteer, text[m.name_start:m.name_end])
        for m in mentions
    ]
    evidence = [_evidence(candidates, m) for m, candidates in zip(mentions, candidate_lists)]
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
    resolved: dict[int, GazetteerEntry] = {}
    for number, (mention, candidates) in enumerate(zip(mentions, candidate_lists)):
        if number in local:
            continue
        best = candidates[0] if mention.adjective or mention.initials else paired.get(number) or _rank(candidates, mention, named)
        if best is not None:
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
            container = local.get(number) or _container(text, mentions, resolved, number) or focus
            if container is not None:
                places.append(Place(
                    text=surface, start=mention.start, end=mention.end, name=text[mention.name_start:mention.name_end],
                    geonameid=None, lat=container.lat, lon=container.lon, country=container.country,
                    feature=mention.feature,
                ))
            continue
        entry = resolved.get(number)
        if entry is not None:
            places.append(Place(
                text=surface, start=mention.start, end=mention.end, name=entry.name, geonameid=entry.geonameid,
                lat=entry.lat, lon=entry.lon, country=entry.country, feature=entry.feature,
            ))
    return places


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
    if not any(c.kind == EXACT and c.entry.feature.startswith("ADM")
               for c in place_candidates(gazetteer, text[mention.name_start:mention.end])):
        return []
    # the counties themselves, under their full name or their short one ("Hamilton" for Hamilton County)
    found = {c.entry: c for c in place_candidates(gazetteer, text[mention.name_start:mention.name_end])
             if c.entry.feature in ("ADM2", "ADM3")}
    for c in place_candidates(gazetteer, text[mention.name_start:mention.end]):
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


def place_candidates(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """Gazetteer candidates of a name; short names and acronyms only reach our own entries.

    "BA" is not Bath (alternate name "BA"), "D" not Detroit, "Hang" not Hangzhou: in GeoWebNews such
    alternate-name matches were all wrong, while "US", "UK" and "UAE" are curated country names.
    """
    candidates = gazetteer.candidates(name)
    letters = sum(ch.isalpha() for ch in name)
    if letters <= 3 or (name.isupper() and letters <= 5):
        # "Md." and "NSW" are abbreviations in our own files: they name the division they were written for
        return candidates if name in gazetteer.own_names else [c for c in candidates if c.entry.curated]
    if letters <= SHORT_NAME:
        if name in gazetteer.own_names:  # "Mont.", "Qld": our abbreviations name the division they were written for
            return candidates
        keys = set(compact_keys(normalize_name(name)))
        return [c for c in candidates if c.entry.curated or c.kind == EXACT
                or keys & set(compact_keys(normalize_name(c.entry.name)))]  # "Hama" for Ḩamāh
    return candidates


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


# --- recognising mentions ----------------------------------------------------------------------------


def _entity_mention(doc: Doc, ent) -> ToponymMention | None:
    """The mention of a GPE/LOC/FAC entity, without "the" and possessives, with its cue word."""
    first, last = ent.start, ent.end  # token range [first, last)
    while first < last and doc[first].lower_ in ("the", "a", "an"):
        first += 1
    while last > first and doc[last - 1].lower_ in ("'s", "’s", "'", "’"):
        last -= 1
    if first >= last or doc[first:last].text.lower() in NOT_PLACES or _cited_source(doc, first):
        return None
    name_first, name_last = first, last
    cue = False
    if last - first > 1 and doc[last - 1].lower_ in CUE_WORDS:
        name_last -= 1
        cue = True
    elif last < len(doc) and doc[last].lower_ in CUE_WORDS:
        last += 1
        cue = True
    cue = cue or _cue_before(doc, first)
    return _mention(doc, first, last, name_first, name_last, cue, from_model=True)


def _lookup_mentions(doc: Doc, gazetteer: Gazetteer, text: str, embedded: bool = False) -> list[ToponymMention]:
    """Capitalised spans the model missed whose text is a gazetteer name (longest match wins).

    With `embedded`, spans inside organisation, facility, event and work names are searched too; what they
    find is marked `embedded` and must be an unmistakable place (see `_plausible`).
    """
    allowed = [_searchable(token) or (embedded and token.ent_type_ in EMBEDDING_LABELS) for token in doc]
    org_spans = {
        (ent.start, ent.end): ent.label_ for ent in doc.ents
        if ent.label_ in WHOLE_ENTITY_LABELS
        and (ent.label_ != "PERSON" or len(ent) == 1 or (ent.start > 0 and doc[ent.start - 1].lower_ in PLACE_PREPOSITIONS)
             or _after_settlement_noun(doc, ent.start)  # "the small town of Kasba Bonli" (tagged PERSON)
             or any(c.kind == EXACT and c.entry.feature == "ADM1" for c in place_candidates(gazetteer, ent.text)))
    }
    mentions = []
    i = 0
    while i < len(doc):
        match = None
        # "Western", "North" alone name no place (NOT_PLACES), but may start one: "Western Cape SAPS"
        word_only_in_names = doc[i].lower_ in NOT_PLACES and doc[i].text[:1].isupper()
        dateline_end = _dateline_end(doc, i)
        # "according to Xinhua" names no place; "according to Zimbabwe Tourism Authority" lists Zimbabwe
        cited = _cited_source(doc, i) and not (embedded and _starts_longer_organisation(doc, i))
        if (_starts_name(doc[i]) or word_only_in_names) and not cited and not _after_number(doc, i):
            for size in range(min(MAX_WINDOW, len(doc) - i), 1 if word_only_in_names else 0, -1):
                end = i + size
                if not _window_ok(doc, i, end):
                    continue
                window = text[doc[i].idx:doc[end - 1].idx + len(doc[end - 1])]
                candidates = place_candidates(gazetteer, window)
                whole_org = (i, end) in org_spans
                if not whole_org and not all(allowed[i:end]) and not _before_local_institution(doc, end, gazetteer):
                    # across another entity only a curated name of several words: "Trinidad and Tobago"
                    # (the model tags "Tobago" PERSON)
                    candidates = [c for c in candidates if size > 1 and c.kind == EXACT and c.entry.curated]
                if candidates and (size > 1 or doc[i].pos_ == "PROPN" or whole_org or end == dateline_end):
                    match = end
                    break
        if match is None:
            i += 1
            continue
        first, last = i, match
        cue = False
        if last < len(doc) and doc[last].lower_ in CUE_WORDS:
            last += 1
            cue = True
        cue = cue or _cue_before(doc, first)
        mention = _mention(doc, first, last, i, match, cue, from_model=False)
        other_label = org_spans.get((i, match), "")
        # listing every mention, a name the model took for an organisation ("Tamil Nadu said") is still the
        # place's name: it is judged like a name inside an organisation's, never like a person's
        inside = embedded and other_label != "PERSON" and any(not _searchable(token) for token in doc[i:match])
        other_label = "" if inside else other_label
        if match == dateline_end:
            mention = dataclasses.replace(mention, dateline=True)
            other_label, inside = "", False
        if _before_local_institution(doc, match, gazetteer) and not cue:
            # "Slidell PD", "New Brunswick RCMP", "Nelson residents" (the model's "persons"): the name is the
            # place the police or the residents belong to, as sure a context as "in Slidell"
            mention = dataclasses.replace(mention, preposition="in")
            other_label, inside = "", False
        mentions.append(dataclasses.replace(mention, other_label=other_label, embedded=inside))
        i = match
    return mentions


DATELINE_AFTER = frozenset({",", "-", "–", "—", "--", "("})
MAX_DATELINE_TOKENS = 3  # "SAN LUIS OBISPO, Calif."


def _dateline_end(doc: Doc, first: int) -> int | None:
    """The end of a dateline starting at token `first`: words in capitals opening a sentence or line and
    followed by a comma, a dash or a bracket ("PLEASANTON, Calif.--", "IMMOKALEE – Congressman ..."),
    where agencies put the town a story was filed from. None when there is none."""
    if first > 0 and not (doc[first].is_sent_start or "\n" in doc[first - 1].whitespace_ or doc[first - 1].text in (".", "|")):
        return None
    end = first
    while end < len(doc) and end - first < MAX_DATELINE_TOKENS and doc[end].is_alpha and doc[end].text.isupper():
        end += 1
    if end == first or sum(len(t) for t in doc[first:end]) < 4 or end >= len(doc):
        return None
    return end if doc[end].text in DATELINE_AFTER else None


# Dependencies of a name that acts or owns like a person: "Noma said" (nsubj), "Helen was told" (nsubjpass)
PERSON_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})


def _before_local_institution(doc: Doc, end: int, gazetteer: Gazetteer) -> bool:
    """Whether the token at `end` is a word of LOCAL_INSTITUTION_WORDS or a local noun of facility_words.tsv
    ("the Cirencester junction"), not followed by "of" ("the Nelson council of elders" may be a man's)."""
    if end >= len(doc) or not (doc[end].lower_ in LOCAL_INSTITUTION_WORDS or (
            doc[end].text.islower() and gazetteer.feature_after(doc[end].text))):
        return False
    return not (end + 1 < len(doc) and doc[end + 1].lower_ == "of")


def _adjective_mentions(doc: Doc, gazetteer: Gazetteer, text: str) -> list[ToponymMention]:
    """Adjectives of places that modify a noun: "the Syrian army", "Russian and Syrian officers".

    A demonym used as a noun ("the Russian said", "the French"), a plural ("Russians") or a language
    ("speaks English") modifies nothing and is skipped, and so is a word inside a person's name.
    """
    # a one-word "person" is the model's mistake for an adjective ("Azerbaijani soldiers"); a longer name is a name
    in_names = {i for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for i in range(ent.start, ent.end)}
    mentions = []
    i = 0
    while i < len(doc):
        found = None
        if doc[i].text[:1].isupper() and i not in in_names and not doc[i].is_stop:
            for size in range(min(MAX_ADJECTIVE_TOKENS, len(doc) - i), 0, -1):
                last = doc[i + size - 1]
                window = text[doc[i].idx:last.idx + len(last)]
                if gazetteer.adjective(window) is not None and _modifies_noun(last):
                    found = i + size
                    break
        if found is None:
            i += 1
            continue
        start, end = doc[i].idx, doc[found - 1].idx + len(doc[found - 1])
        mentions.append(ToponymMention(start, end, start, end, False, doc[i].ent_type_ in ("NORP", "GPE", "LOC"),
                                       "", "", adjective=True))
        i = found
    return mentions


def _facility_mentions(doc: Doc, gazetteer: Gazetteer, text: str) -> list[ToponymMention]:
    """Streets, buildings and local places the gazetteer lacks.

    Entities whose first or last word is a facility word ("Royal Street", "Hotel Kyjev": the model tags them
    FAC, ORG or even PERSON), capitalised names ending in a street word outside entities ("Third Street" is
    an ORDINAL), and place entities (GPE, LOC, FAC) that no gazetteer name matches ("Portroe", a village of
    a few hundred people). An owner before "'s" stays a place of its own ("Brooklyn's Barclays Center").
    """
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in FACILITY_LABELS:
            continue
        first, last = ent.start, ent.end
        for i in range(first, last - 1):
            if doc[i].lower_ in ("'s", "’s"):
                first = i + 1
        while first < last and doc[first].lower_ in ("the", "a", "an"):
            first += 1
        while last > first and doc[last - 1].lower_ in ("'s", "’s", "'", "’"):
            last -= 1
        if first >= last or doc[first:last].text.lower() in NOT_PLACES or _cited_source(doc, first):
            continue
        feature = gazetteer.facility_feature(doc[first].text, doc[last - 1].text)
        before_division = _before_division(doc, gazetteer, last) and doc[first].text[:1].isupper()
        # "a cooking class at Whole Foods", "a meeting at the OAS": an organisation one is at is its premises
        visited = (ent.label_ in ("ORG", "FAC") and _after_at(doc, first) and doc[first].text[:1].isupper()
                   and not any(token.lower_ in INSTITUTION_WORDS for token in doc[first:last]))
        before_division = before_division or visited
        if feature is None and not before_division and (ent.label_ not in PLACE_LABELS or not doc[first].text[:1].isupper()):
            continue
        if last - first == 1 and feature is not None and ent.label_ not in PLACE_LABELS:
            continue  # "Street" or "Hospital" alone names nothing
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
        if place_candidates(gazetteer, text[start:end]):
            continue  # a name of the gazetteer: `toponym_mentions` resolves it as a place
        mention = _mention(doc, first, last, first, last, False, from_model=ent.label_ in PLACE_LABELS)
        if feature is None and not (mention.after_preposition or mention.preposition in DIRECTIONAL_PREPOSITIONS
                                    or before_division):
            continue  # "Buhari said" (tagged GPE) is a man; "in Portroe" is a village; "Knockhill, Fife" a circuit
        if feature is None and visited and not _names_a_known_place(doc, gazetteer, first, last):
            # premises (a building) rank before names inside them, unless one is a place no reader could
            # mistake ("at the Karachi Press Club" stays in Karachi)
            feature = "BLDG"
        mentions.append(dataclasses.replace(mention, facility=True, feature=feature))
    for token in doc:
        # "Third Street", "14th St." outside any entity: capitalised words or an ordinal before a street word
        if token.ent_type_ or gazetteer.facility_feature("", token.text) not in STREET_FEATURES or not token.text[:1].isupper():
            continue
        first = token.i
        while first > 0 and not doc[first - 1].ent_type_ and (doc[first - 1].text[:1].isupper() or doc[first - 1].like_num) \
                and not doc[first - 1].is_sent_start and doc[first - 1].lower_ not in STOP_WORDS:
            first -= 1
        if first == token.i:
            continue
        start, end = doc[first].idx, token.idx + len(token)
        mentions.append(ToponymMention(start, end, start, end, False, False, "", "", facility=True,
                                       feature=gazetteer.facility_feature("", token.text)))
    for token in doc:
        # "a benefit at Eva's Village in Paterson": a name no entity covers, after "at", is premises too
        if token.ent_type_ or not _after_at(doc, token.i) or not (token.pos_ == "PROPN" and token.text[:1].isupper()):
            continue
        last = token.i + 1
        while (last < len(doc) and last - token.i < MAX_LOCAL_NAME_TOKENS and not doc[last].ent_type_
               and (doc[last].pos_ == "PROPN" and doc[last].text[:1].isupper() or doc[last].lower_ in ("'s", "’s"))):
            last += 1
        if doc[last - 1].lower_ in ("'s", "’s"):
            continue
        if last - token.i == 1 and not (last + 1 < len(doc) and doc[last].lower_ in ("in", "near")
                                        and doc[last + 1].text[:1].isupper()):
            continue  # one word needs its town after it ("at the CHU in Montpellier"), not "at the Final"
        start, end = token.idx, doc[last - 1].idx + len(doc[last - 1])
        if place_candidates(gazetteer, text[start:end]) or any(t.lower_ in INSTITUTION_WORDS for t in doc[token.i:last]):
            continue
        mentions.append(ToponymMention(start, end, start, end, False, False, "", "at", facility=True,
                                       feature=gazetteer.facility_feature(token.text, doc[last - 1].text) or "BLDG"))
    for token in doc:
        # "the Air Balloon roundabout", "the Elysian Fields intersection": a local name before a common noun
        feature = gazetteer.feature_after(token.text) if token.text.islower() else None
        if feature is None:
            continue
        first = token.i
        while (first > 0 and token.i - first < MAX_LOCAL_NAME_TOKENS and doc[first - 1].pos_ == "PROPN"
               and doc[first - 1].is_alpha and doc[first - 1].text[:1].isupper() and doc[first - 1].lower_ not in STOP_WORDS):
            first -= 1
        if first == token.i or any(t.ent_type_ == "PERSON" for t in doc[first:token.i]) and token.i - first > 1:
            continue  # no name, or a person's ("the John Smith junction" is rare; "John Smith area" rarer)
        start, end = doc[first].idx, doc[token.i - 1].idx + len(doc[token.i - 1])
        if place_candidates(gazetteer, text[start:end]):
            continue  # a town's name: looked up, in the locative context the noun gives (`_lookup_mentions`)
        mentions.append(ToponymMention(start, end, start, end, False, False, "", "", facility=True, feature=feature))
    for token in doc:
        # "The A417 southbound carriageway", "via the A436, A40 and A429": British and Irish road numbers, in a
        # sentence about roads (not "the A380", an aircraft, or "a B52")
        if ROAD_NUMBER.fullmatch(token.text) and any(t.lower_ in ROAD_CONTEXT for t in token.sent):
            mentions.append(ToponymMention(token.idx, token.idx + len(token), token.idx, token.idx + len(token),
                                           False, False, "", "", facility=True, feature="RD"))
    return mentions


# Words of the names of bodies, not premises: "at the Ministry of Foreign Affairs" names who, not where.
INSTITUTION_WORDS = frozenset({"ministry", "association", "authority", "agency", "department", "council",
                               "commission", "committee", "organisation", "organization", "foundation", "board",
                               "federation", "union", "party", "peoples", "inc", "inc.", "ltd", "llc", "corp",
                               "plc", "nv", "group", "securities", "bank"})


def _names_a_known_place(doc: Doc, gazetteer: Gazetteer, first: int, last: int) -> bool:
    """Whether a word or two of tokens [first, last) name a country, state, capital or city of 100,000."""
    for start in range(first, last):
        for end in range(start + 1, min(start + 3, last) + 1):
            for candidate in place_candidates(gazetteer, doc[start:end].text):
                entry = candidate.entry
                if candidate.kind != COMPACT and (entry.feature in ("PCLI", "ADM1", "PPLC")
                                                  or entry.population >= STRONG_POPULATION):
                    return True
    return False


def _after_at(doc: Doc, first: int) -> bool:
    """ "at X" or "at the X"."""
    i = first - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ == "at"


def _before_division(doc: Doc, gazetteer: Gazetteer, end: int) -> bool:
    """Whether a comma and the name of a state, province or county follow token `end`, closing the clause:
    "Knockhill, Fife.", "Oulton Park, Cheshire." (a date list of race circuits), "Estey's Bridge, N.B. ..."."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    for size in (3, 2, 1):  # "Tyne and Wear", "West Sussex", "Fife"
        last = end + 1 + size
        if last > len(doc) or not _window_ok(doc, end + 1, last):
            continue
        name = doc[end + 1:last].text
        if any(c.kind == EXACT or name in gazetteer.own_names for c in place_candidates(gazetteer, name)
               if c.entry.feature in ("ADM1", "ADM2")):
            return last == len(doc) or doc[last].text in (".", ";", ")") or _abbreviation_letters(doc[last - 1]) != ""
    return False


MAX_LOCAL_NAME_TOKENS = 4  # "the Pointe Sable Marine roundabout"
ROAD_NUMBER = re.compile(r"[ABMN][1-9][0-9]{0,3}")
ROAD_CONTEXT = frozenset({"road", "roads", "carriageway", "motorway", "roundabout", "junction", "diversion",
                          "southbound", "northbound", "eastbound", "westbound", "closure", "motorists", "traffic"})


def _modifies_noun(token: Token) -> bool:
    """True when `token` (or the first of a coordination it ends: "Russian and Syrian") modifies a noun."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    head = token.head
    if (token.dep_ == "npadvmod" and head.i == token.i + 2 and token.nbor(1).text == "-"
            and head.tag_ in ("VBN", "VBG") and _modifies_noun(head)):
        return True  # the first half of a compound adjective: "the Saudi-led coalition", "Latin-born players"
    return token.dep_ in MODIFIER_DEPS and head.i > token.i and head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")


ERA_WORDS = frozenset({"BC", "AD", "BCE", "CE"})


def _after_number(doc: Doc, first: int) -> bool:
    """ "300 BC" is an era, not British Columbia ("11 billion US dollars" stays the United States)."""
    return first > 0 and doc[first].text in ERA_WORDS and doc[first - 1].like_num


def _cited_source(doc: Doc, first: int) -> bool:
    """ "according to Xinhua": the model tags the agency GPE (seed 000), but a cited source is no place."""
    return first >= 2 and doc[first - 1].lower_ == "to" and doc[first - 2].lower_ == "according"


def _starts_longer_organisation(doc: Doc, first: int) -> bool:
    """Whether token `first` opens an organisation's name of several words ("Zimbabwe Tourism Authority")."""
    token = doc[first]
    return token.ent_iob_ == "B" and token.ent_type_ == "ORG" and first + 1 < len(doc) and doc[first + 1].ent_iob_ == "I"


def _searchable(token: Token) -> bool:
    """Tokens outside any entity, or inside a place entity, may be part of a looked-up name."""
    return token.ent_type_ == "" or token.ent_type_ in PLACE_LABELS


def _starts_name(token: Token) -> bool:
    """A capitalised word, not a stop word ("US" in capitals is a name), or an abbreviation ("St. Louis")."""
    word = _abbreviation_letters(token) or token.text
    return (word[:1].isupper() and word.isalpha()
            and (token.lower_ not in STOP_WORDS or (word.isupper() and len(word) > 1))
            and token.lower_ not in NOT_PLACES)


def _abbreviation_letters(token: Token) -> str:
    """The letters of an abbreviation token ("U.S." -> "US", "St." -> "St", "Calif." -> "Calif"), else ""."""
    text = token.text
    if len(text) > 2 and text.endswith(".") and text.replace(".", "").isalpha():
        return text.replace(".", "")
    return ""


def _window_ok(doc: Doc, start: int, end: int) -> bool:
    """A window may be a name: capitalised at both ends, connectors inside, no punctuation or line break."""
    last = doc[end - 1]
    if not (last.text[:1].isupper() and (last.is_alpha or _abbreviation_letters(last))):
        return False  # "the U.S. Department", "the D.C. Commission": an abbreviation may end a name
    for token in doc[start + 1:end - 1]:
        if not (token.text[:1].isupper() or token.lower_ in CONNECTORS):
            return False
    for token in doc[start:end - 1]:  # a name does not run across a line break or punctuation
        if "\n" in token.whitespace_ or (token.is_punct and token.text not in ("-", "'", "’")):
            return False
    return True


def _after_settlement_noun(doc: Doc, first: int) -> bool:
    """ "the city of X", "the village of X": "of" after a noun of SETTLEMENT_NOUNS."""
    return first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in SETTLEMENT_NOUNS


def _cue_before(doc: Doc, first: int) -> bool:
    """ "the province of Hasaka", "Syria's Idlib governorate" is handled after the name."""
    return first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in CUE_WORDS


def _mention(doc: Doc, first: int, last: int, name_first: int, name_last: int, cue: bool, from_model: bool):
    def start(i: int) -> int:
        return doc[i].idx

    def end(i: int) -> int:
        return doc[i - 1].idx + len(doc[i - 1])

    before = _preposition_before(doc, first, name_last)
    if before == "of" and not (first > 1 and doc[first - 2].lower_ in SETTLEMENT_NOUNS):
        before = ""
    person_role = doc[name_last - 1].dep_ in PERSON_DEPS or (
        name_last < len(doc) and doc[name_last].lower_ in ("'s", "’s"))
    return ToponymMention(start(first), end(last), start(name_first), end(name_last), cue, from_model, "",
                          before if before in LOCATIVE_PREPOSITIONS | DIRECTIONAL_PREPOSITIONS | {"of"} else "",
                          person_role=person_role)


# Verbs of going: "to" and "from" after them lead to and from places, not people ("spoke to Hong" does not;
# "come" is left out: "a call came from Obama")
MOTION_VERBS = frozenset({"drive", "fly", "travel", "move", "go", "return", "head", "sail", "walk", "arrive",
                          "relocate", "commute", "flee", "evacuate", "ride", "journey", "emigrate", "immigrate",
                          "deport", "trek", "hike", "migrate"})
MAX_LIST_TOKENS = 12  # "in Zilina, Nitra, Presov and Kosice": how far back a list's preposition is looked for


def _preposition_before(doc: Doc, first: int, name_last: int) -> str:
    """The word before a name, past a "the" ("in the Shankill area", not "in the Skripal case"), or the
    preposition before the list of names it continues: "in" for Almelo in "stops in Hilversum and Almelo",
    for Nitra in "in Zilina, Nitra and Presov"."""
    i = first - 1
    if i >= 1 and doc[i].lower_ in ("to", "from") and doc[i].head.lemma_ in MOTION_VERBS and doc[i].head.i < i:
        return "in"  # "driving to Castlegar", "flew from Tartus": the end of a journey is a place, as after "in"
    if i >= 1 and doc[i].lower_ == "the" and doc[i - 1].lower_ in LOCATIVE_PREPOSITIONS:
        after = doc[name_last] if name_last < len(doc) else None
        if after is None or after.pos_ != "NOUN" or after.lower_ in SETTLEMENT_NOUNS:
            return doc[i - 1].lower_
        return ""
    if i < 0:
        return ""
    if doc[i].lower_ not in (",", "and", "or"):
        return doc[i].lower_
    while i >= 0 and first - i <= MAX_LIST_TOKENS:
        token = doc[i]
        if token.lower_ in (",", "and", "or") or (token.text[:1].isupper() and token.is_alpha):
            i -= 1
            continue
        return token.lower_ if token.lower_ in LOCATIVE_PREPOSITIONS and doc[i + 1].text[:1].isupper() else ""
    return ""


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)
