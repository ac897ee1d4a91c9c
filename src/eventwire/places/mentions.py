"""Which spans of a parsed document name places: the first step of `find_places` (`geoparse.py`).

`toponym_mentions` takes spaCy's GPE/LOC/FAC entities whose text a gazetteer name matches, then looks up
capitalised spans the model missed or mislabelled ("Hama" tagged ORG, "Homs" PERSON), and, as
`PlaceOptions` asks, adjectives of places used as modifiers ("the Syrian army"), names inside
organisations' names ("The Washington Post"), streets, buildings and local names the gazetteer lacks
("Royal Street"), and capitals abbreviating a country the text names in full ("T&T"). Each mention records
what the resolution step needs to judge it: the preposition before it, a cue word ("Idlib province"), the
label the model gave it, whether it acts as a person does ("Noma said").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from eventwire.places.gazetteer import COMPACT, EXACT, Candidate, Gazetteer, GazetteerEntry
from eventwire.places.names import compact_keys, normalize_name

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Inside an entity of another label no toponym is searched: "Russian" (NORP) is not a place, "Jordan"
# tagged PERSON is a man, "The Washington Post" (ORG) is a newspaper. But the small model mislabels
# toponyms ("Hmeimim" NORP in seed 001, "Hama" ORG, "Homs" PERSON), so a WHOLE entity of these labels is
# taken when it is a curated name, a city of a country the text names, or a town after "in"/"near"; a
# person's name must be one word or follow "in"/"near", and is never taken as a country.
WHOLE_ENTITY_LABELS = frozenset({"ORG", "NORP", "PRODUCT", "PERSON"})

# Words after a name ("Idlib province", "the Kurdistan region") or before it ("the province of Hasaka")
# that say the name is an administrative division or region, not its main town.
CUE_WORDS = frozenset({"province", "governorate", "region", "oblast", "district", "provinces", "governorates", "lga",
                       "county"})  # "Collier County": GeoNames names the county "Collier County", alternate "Collier"
# Lower-case words that may sit inside a multi-word toponym: "Deir ez-Zor", "Ras al-Ain", "Sea of Azov".
CONNECTORS = frozenset({"ez", "el", "al", "az", "as", "ad", "ar", "ash", "an", "es", "ed", "de", "del", "la",
                        "le", "of", "-", "'", "and", "&"})  # "Trinidad and Tobago"
MAX_WINDOW = 6  # tokens: "Rif Dimashq" is 2, "Deir ez - Zor Governorate" is 5
# "to", "from" and "of" are left out: "spoke to Hong", "a call from Obama", "the words of Hong" name people.
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "around", "into", "inside", "towards",
                                   "toward", "across", "between", "via"})
# "to X" and "from X" name people as often as places ("spoke to Hong", "a call from Obama", both tagged GPE):
# after them a town the model tagged needs a name of several words and this population (Sharm el-Sheikh,
# 38,000, seed 003; not Obama, Japan, 30,000).
DIRECTIONAL_PREPOSITIONS = frozenset({"to", "from"})
# "the city of Paphos" (seed 000): "of" after these nouns is locative.
SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "port", "capital", "outskirts", "suburbs", "suburb",
                              "settlement", "district", "area", "region", "province", "governorate"})
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
# Words for a municipality between a town's name and its institution ("the DeKalb City Council", "Rock Hill
# City Manager", "Whitestown Town Hall"), and offices and buildings that only a municipality has after them.
MUNICIPALITY_WORDS = frozenset({"city", "town", "village", "township", "borough"})
MUNICIPAL_OFFICES = frozenset({"hall", "manager", "clerk", "administrator", "commission", "commissioners",
                               "limits", "schools"})
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
    # a people named by its place ("the Palestinians", "Russians") -> that place: LGL annotates them as
    # toponyms, GeoWebNews as real toponyms it leaves unscored
    peoples: bool = False


EVENT_PLACES = PlaceOptions()  # where events happen: names only
ALL_MENTIONS = PlaceOptions(adjectives=True, embedded=True, facilities=True, peoples=True)  # `eventwire geoparse`

# Entities inside which ALL_MENTIONS looks for place names; never PERSON ("Jordan Peterson").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "MONEY"})  # "11 billion US dollars"
# Dependencies of an adjective that modifies the noun after it ("Syrian army"), as opposed to a demonym
# used as a noun ("the Russian said": nsubj) or a language ("speaks English": dobj).
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "poss"})
MAX_ADJECTIVE_TOKENS = 3  # "Papua New Guinean"

# Entities that may name a facility: the small model tags "Royal Street" ORG and "Meydan Racecourse" PERSON.
FACILITY_LABELS = PLACE_LABELS | {"ORG", "PERSON", "NORP", "PRODUCT"}
STREET_FEATURES = frozenset({"ST", "RD", "SQR"})


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
    # a title or a role names the person after it: "coach Ripley", "Mr. Decatur", "Sgt. Richmond"
    after_title: bool = False

    @property
    def after_preposition(self) -> bool:
        """A locative context: "in X", "near X", "the city of X"; not "to X" or "from X"."""
        return self.preposition in LOCATIVE_PREPOSITIONS or self.preposition == "of"


def toponym_mentions(doc: Doc, gazetteer: Gazetteer, text: str, options: PlaceOptions = EVENT_PLACES,
                     adjectives: Sequence[ToponymMention] | None = None) -> list[ToponymMention]:
    """Spans that name places, longest first where they overlap, then in text order (`text` is doc.text).

    `adjectives` are the document's `adjective_mentions` (found here when not given). A word the text uses
    as an adjective of a place ("the Somali border town") is never a place's name, in either mode: the
    listing (`options.adjectives`) lists it as the adjective it is, event places leave it out (Somali
    Region, Ethiopia, is not where "the Somali border town" lies), and in both a name within it is dropped.
    """
    if adjectives is None:
        adjectives = adjective_mentions(doc, gazetteer, text)
    entities = (_entity_mention(doc, ent) for ent in doc.ents if ent.label_ in PLACE_LABELS)
    # an entity no gazetteer name matches ("Latakia for Raqqa") must not hide the names inside it
    found = [m for m in entities if m and (
        place_candidates(gazetteer, text[m.name_start:m.name_end])
        or (m.admin_cue and gazetteer.generic_divisions(text[m.name_start:m.name_end])))]
    found += _lookup_mentions(doc, gazetteer, text, options.embedded)
    if options.facilities:
        found += _facility_mentions(doc, gazetteer, text)
    found = [m for m in found if not _in_linked_name(text, m) and not _within_adjective(m, adjectives)]
    if options.adjectives:
        found += [a for a in adjectives if not _in_linked_name(text, a)]
    if options.peoples:
        found += _people_mentions(doc, gazetteer)
    # a word of a person's name elsewhere ("Helen Kunz") is a person's name wherever it stands alone
    in_person_names = {token.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for token in ent}
    found = [dataclasses.replace(m, person_role=True) if text[m.name_start:m.name_end].lower() in in_person_names else m
             for m in found]
    chosen: list[ToponymMention] = []
    # a local name the gazetteer lacks comes last: "Greece Italy" (one GPE for a missing comma) is two countries
    for mention in sorted(found, key=lambda m: (m.facility and not m.feature, -(m.end - m.start), m.facility,
                                                not m.adjective, not m.from_model, m.start)):
        if not any(overlaps(mention.start, mention.end, [(c.start, c.end)]) for c in chosen):
            chosen.append(mention)
    if options.facilities:
        repeated = _repeated_local_names(text, chosen)
        # a looked-up word inside a repeated name gives way to it ("Hatch" in "Brands Hatch")
        chosen = [m for m in chosen if not any(_looked_up_inside(m, r.start, r.end) for r in repeated)] + repeated
    names = [ent.text for ent in doc.ents if ent.label_ in LONG_FORM_LABELS]
    names += [text[m.name_start:m.name_end] for m in chosen]
    taken = [(c.start, c.end) for c in chosen]
    chosen += [m for m in _initials_mentions(doc, gazetteer, names) if not overlaps(m.start, m.end, taken)]
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
        if " " in name.strip() and country_named(gazetteer, name) is not None:
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


def country_named(gazetteer: Gazetteer, name: str) -> GazetteerEntry | None:
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
            if any(overlaps(start, end, [(m.start, m.end)]) and not _looked_up_inside(m, start, end)
                   for m in list(chosen) + added):
                continue
            added.append(ToponymMention(start, end, start, end, False, False, "", "", facility=True, feature=feature))
    return added


def _within_adjective(mention: ToponymMention, adjectives: Sequence[ToponymMention]) -> bool:
    """Whether a name lies within an adjective of a place: "Somali" of "the Somali border town"; a longer
    name holding the adjective ("Somali Region") is a name."""
    return any(a.start <= mention.start and mention.end <= a.end for a in adjectives)


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
    elif cue_size := _cue_size(doc, last):
        last += cue_size
        cue = True
    cue = cue or _cue_before(doc, first) or _list_cue_after(doc, last)
    return _mention(doc, first, last, name_first, name_last, cue, from_model=True)


def _lookup_mentions(doc: Doc, gazetteer: Gazetteer, text: str, embedded: bool = False) -> list[ToponymMention]:
    """Capitalised spans the model missed whose text is a gazetteer name (longest match wins).

    With `embedded`, spans inside organisation, facility, event and work names are searched too; what they
    find is marked `embedded` and must be an unmistakable place (see `_plausible`).
    """
    allowed, words = [], []
    for token in doc:
        allowed.append(_searchable(token) or (embedded and token.ent_type_ in EMBEDDING_LABELS))
        words.append(token.text)
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
        if not (words[i][:1].isupper() or words[i][:1] == "."):  # no name starts here (`_starts_name`): "U.S."
            i += 1
            continue
        match = dateline_end = None
        # "Western", "North" alone name no place (NOT_PLACES), but may start one: "Western Cape SAPS"
        word_only_in_names = doc[i].lower_ in NOT_PLACES and doc[i].text[:1].isupper()
        starts = (_starts_name(doc[i]) or word_only_in_names) and not _after_number(doc, i)
        # "according to Xinhua" names no place; "according to Zimbabwe Tourism Authority" lists Zimbabwe
        if starts and not (_cited_source(doc, i) and not (embedded and _starts_longer_organisation(doc, i))):
            dateline_end = _dateline_end(doc, i)
            for size in range(min(MAX_WINDOW, len(doc) - i), 1 if word_only_in_names else 0, -1):
                end = i + size
                if not _window_ok(doc, i, end):
                    continue
                window = text[doc[i].idx:doc[end - 1].idx + len(doc[end - 1])]
                candidates = place_candidates(gazetteer, window)
                if _cue_after(doc, end):
                    # "the North West and Limpopo provinces"
                    candidates = candidates + gazetteer.generic_divisions(window)
                whole_org = (i, end) in org_spans
                if (not whole_org and not all(allowed[i:end]) and not _before_local_institution(doc, end, gazetteer)
                        and not _cue_size(doc, end)):  # "Guma LGA" (tagged PERSON) is Guma local government area
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
        cue_size = _cue_size(doc, last)
        last += cue_size
        # a name that ends in its cue word ("the Guernsey County Common Pleas Court": GeoNames' own name of the
        # county) says it is a division as clearly as a cue word after it
        named_with_cue = match - i > 1 and doc[match - 1].lower_ in CUE_WORDS
        cue = bool(cue_size) or named_with_cue or _cue_before(doc, first) or _list_cue_after(doc, last)
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
    ("the Cirencester junction"), not followed by "of" ("the Nelson council of elders" may be a man's).
    A word for the municipality may stand between: "the DeKalb City Council", "Whitestown Town Hall"."""
    if (end + 1 < len(doc) and doc[end].lower_ in MUNICIPALITY_WORDS and doc[end].text[:1].isupper()
            and doc[end + 1].lower_ in LOCAL_INSTITUTION_WORDS | MUNICIPAL_OFFICES):
        end += 1
    if end >= len(doc) or not (doc[end].lower_ in LOCAL_INSTITUTION_WORDS or (
            doc[end].text.islower() and gazetteer.feature_after(doc[end].text))):
        return False
    return not (end + 1 < len(doc) and doc[end + 1].lower_ == "of")


def adjective_mentions(doc: Doc, gazetteer: Gazetteer, text: str) -> list[ToponymMention]:
    """Adjectives of places that modify a noun: "the Syrian army", "Russian and Syrian officers".

    A demonym used as a noun ("the Russian said", "the French"), a plural ("Russians") or a language
    ("speaks English") modifies nothing and is skipped, and so is a word inside a person's name.
    """
    # a one-word "person" is the model's mistake for an adjective ("Azerbaijani soldiers"); a longer name is a name
    # (nor is a longer "person" that is a demonym as a whole: "Saint Lucian beaches")
    in_names = {i for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 and gazetteer.adjective(ent.text) is None
                for i in range(ent.start, ent.end)}
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


def _people_mentions(doc: Doc, gazetteer: Gazetteer) -> list[ToponymMention]:
    """Peoples named in the plural by their country's or state's adjective ("the Palestinians", "Russians and
    Syrians", "Texans"), as adjectives of that place whose name leaves the plural "s" out. Not a word inside
    a person's name, nor peoples of continents and regions ("the Arabs", "Europeans": no one place)."""
    mentions = []
    for token in doc:
        word = token.text
        if (token.tag_ != "NNPS" and token.tag_ != "NNS") or not word[:1].isupper() or not word.endswith("s"):
            continue
        place = None if token.ent_type_ == "PERSON" else gazetteer.adjective(word[:-1])
        if place is None or place.feature in ("CONT", "RGN"):
            continue
        mentions.append(ToponymMention(token.idx, token.idx + len(word), token.idx, token.idx + len(word) - 1,
                                       False, token.ent_type_ in ("NORP", "GPE", "LOC"), "", "", adjective=True))
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
    return mentions + _unmarked_facility_mentions(doc, gazetteer, text)


def _unmarked_facility_mentions(doc: Doc, gazetteer: Gazetteer, text: str) -> list[ToponymMention]:
    """Streets, premises, local names and road numbers no entity marks (see `_facility_mentions`)."""
    mentions = []
    # the words and their lower cases read once: the passes below look at a token only where its words qualify
    words, lowers = zip(*((token.text, token.lower_) for token in doc)) if len(doc) else ((), ())
    for i, word in enumerate(words):
        # "Third Street", "14th St." outside any entity: capitalised words or an ordinal before a street word
        if not word[:1].isupper() or gazetteer.facility_feature("", word) not in STREET_FEATURES or doc[i].ent_type_:
            continue
        token = doc[i]
        first = token.i
        while first > 0 and not doc[first - 1].ent_type_ and (doc[first - 1].text[:1].isupper() or doc[first - 1].like_num) \
                and not doc[first - 1].is_sent_start and doc[first - 1].lower_ not in STOP_WORDS:
            first -= 1
        if first == token.i:
            continue
        start, end = doc[first].idx, token.idx + len(token)
        mentions.append(ToponymMention(start, end, start, end, False, False, "", "", facility=True,
                                       feature=gazetteer.facility_feature("", token.text)))
    for i, word in enumerate(words):
        # "a benefit at Eva's Village in Paterson": a name no entity covers, after "at", is premises too
        after_at = i >= 1 and (lowers[i - 1] == "at" or (i >= 2 and lowers[i - 1] == "the" and lowers[i - 2] == "at"))
        if not after_at or not word[:1].isupper() or doc[i].ent_type_ or doc[i].pos_ != "PROPN":
            continue
        token = doc[i]
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
    for i, word in enumerate(words):
        # "the Air Balloon roundabout", "the Elysian Fields intersection": a local name before a common noun
        feature = gazetteer.feature_after(word) if word.islower() else None
        if feature is None:
            continue
        token = doc[i]
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
    for i, word in enumerate(words):
        # "The A417 southbound carriageway", "via the A436, A40 and A429": British and Irish road numbers, in a
        # sentence about roads (not "the A380", an aircraft, or "a B52")
        if ROAD_NUMBER.fullmatch(word) and any(t.lower_ in ROAD_CONTEXT for t in doc[i].sent):
            token = doc[i]
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


#: Plural cue words closing a list of divisions: "the Idlib and Hama provinces" makes both provinces
PLURAL_CUE_WORDS = frozenset({"provinces", "governorates", "regions", "oblasts", "districts", "counties", "states",
                              "lgas"})


def _list_cue_after(doc: Doc, last: int) -> bool:
    """Whether the name ending before token `last` opens a list of names that a plural cue word closes:
    "Idlib" in "the Idlib and Hama provinces", "North West" in "the North West and Limpopo provinces"."""
    i = last
    while (i < len(doc) and i - last <= MAX_LIST_TOKENS
           and (doc[i].text in (",", "and", "-") or (doc[i].text[:1].isupper() and doc[i].is_alpha))):
        i += 1
    return i > last and i < len(doc) and doc[i].lower_ in PLURAL_CUE_WORDS and doc[i - 1].text[:1].isupper()


#: Cue words of several tokens: Nigeria's second-level divisions ("Guma Local Government Area", "Guma LGA")
CUE_PHRASES = (("local", "government", "area"),)


def _cue_size(doc: Doc, end: int) -> int:
    """The number of tokens of a cue word or phrase starting at token `end` ("province": 1), else 0."""
    if end < len(doc) and doc[end].lower_ in CUE_WORDS:
        return 1
    for phrase in CUE_PHRASES:
        if tuple(token.lower_ for token in doc[end:end + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _cue_after(doc: Doc, end: int) -> bool:
    """Whether a cue word follows a name ending before token `end`, right after it or closing its list."""
    return bool(_cue_size(doc, end)) or _list_cue_after(doc, end)


def _after_persons_name(doc: Doc, of: int) -> bool:
    """Whether token `of` ("of") follows a person's name of two words or more, perhaps after a comma."""
    last = of - 1 if of >= 1 and doc[of - 1].text != "," else of - 2
    return (last >= 1 and doc[last].ent_type_ == "PERSON" and doc[last].ent_iob_ in ("B", "I")
            and doc[last - 1].ent_type_ == "PERSON" and doc[last].text[:1].isupper())


def _cue_before(doc: Doc, first: int) -> bool:
    """ "the province of Hasaka", "Syria's Idlib governorate" is handled after the name."""
    return first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in CUE_WORDS


def _mention(doc: Doc, first: int, last: int, name_first: int, name_last: int, cue: bool, from_model: bool):
    def start(i: int) -> int:
        return doc[i].idx

    def end(i: int) -> int:
        return doc[i - 1].idx + len(doc[i - 1])

    before = _preposition_before(doc, first, name_last)
    if before == "of" and _after_persons_name(doc, first - 1):
        before = "in"  # "David and Jodi Mahler of Bellmore", "Jane Doe, of Slidell": where they live
    elif before == "of" and not (first > 1 and doc[first - 2].lower_ in SETTLEMENT_NOUNS):
        before = ""
    person_role = doc[name_last - 1].dep_ in PERSON_DEPS or (
        name_last < len(doc) and doc[name_last].lower_ in ("'s", "’s"))
    after_title = first > 0 and doc[first - 1].lower_.rstrip(".") in PERSON_TITLES
    return ToponymMention(start(first), end(last), start(name_first), end(name_last), cue, from_model, "",
                          before if before in LOCATIVE_PREPOSITIONS | DIRECTIONAL_PREPOSITIONS | {"of"} else "",
                          person_role=person_role, after_title=after_title)


# Titles and roles written right before a person's name ("coach Ripley", "Sen. Warner", "Deputy Wayne
# Fuqua"): a name after one is a person's, whatever town shares it. A ranker feature, not a rule.
PERSON_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "coach", "sen", "senator", "rep", "gov",
                           "governor", "officer", "sgt", "sergeant", "lt", "capt", "captain", "col", "gen", "judge",
                           "justice", "deputy", "detective", "det", "trooper", "rev", "reverend", "father", "pastor",
                           "bishop", "attorney", "president", "chairman", "superintendent", "principal", "councilman",
                           "councilwoman", "commissioner", "mayor", "chief", "agent", "pvt", "cpl", "spc"})


# Verbs of going: "to" and "from" after them lead to and from places, not people ("spoke to Hong" does not;
# "come" is left out: "a call came from Obama")
MOTION_VERBS = frozenset({"drive", "fly", "travel", "move", "go", "return", "head", "sail", "walk", "arrive",
                          "relocate", "commute", "flee", "evacuate", "ride", "journey", "emigrate", "immigrate",
                          "deport", "trek", "hike", "migrate"})


def lemmatize_motion_heads(doc: Doc, lemmatize: Callable[[Token], list[str]]) -> None:
    """Give the words "to" and "from" depend on their lemmas, for a parse made without the lemmatizer
    (`parsing.WITHOUT_LEMMAS`): they are the only lemmas the rules read (`MOTION_VERBS`). `lemmatize` is the
    pipeline's lemmatizer (`Lemmatizer.lemmatize`), applied as it would have been: to a word with no lemma."""
    for token in doc:
        if token.lower_ in ("to", "from") and token.head.lemma == 0:
            token.head.lemma_ = lemmatize(token.head)[0]


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


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)
