"""Find actor mentions in a parsed document.

The events stage finds the syntactic head of a subject or object and asks which actor span
contains it, so every actor span here covers a noun phrase's core *including its head noun*:
"a Pentagon spokeswoman" is one actor, not "Pentagon" plus an unknown "spokeswoman".

The work is done in four steps, each a small function:

1. `matching.name_matches`: names from the lexicon (states, capitals, seats of power, organisations,
   armed groups, people), matched case-sensitively and kept longest-first.
2. `matching.sector_cues`: words and phrases naming a sector ("foreign ministry", "troops", "rebels").
3. `phrases.actor_phrases`: spaCy noun chunks split into possessor and core, plus names and PERSON
   entities outside any chunk.
4. `code_phrase`: one phrase becomes one actor (or none), and `share_identity` then lets a
   phrase with no country of its own borrow it from its possessor, its "of/for/from" object,
   its appositive or an earlier mention of the same person.

Policy on places: a country *name* ("Syria") is always returned as the state, even after "in"
(the events stage does not take a locative object as a recipient, and "the war in Syria"
still concerns the state); a capital or a metonymic building ("Moscow", "the Kremlin") is
returned only when it is not the object of a locative preposition or a modifier of another
noun ("Damascus province"), because there it is a place.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from eventwire.actors.coreference import link_later_mentions
from eventwire.actors.country import decide_country
from eventwire.actors.lexicon import ActorLexicon, NamedEntry
from eventwire.actors.matching import HONORIFICS, NameMatch, SectorCue, name_matches, sector_cues
from eventwire.actors.mention import Mention
from eventwire.actors.phrases import Phrase, actor_phrases, skip_leading
from eventwire.records import Actor

#: A capital or a building used as a name is a *place* when it is the object of one of these
#: ("strikes in Damascus province", "talks at the Kremlin"), and its government otherwise
#: ("Damascus said", "Washington's refusal", "Moscow continues to give support").
LOCATIVE_PREPOSITIONS = frozenset({
    "in", "at", "near", "from", "to", "into", "inside", "outside", "around", "across", "over",
    "toward", "towards", "within", "throughout", "through", "via", "between", "beyond", "along",
    "on", "onto", "off", "nearby", "past", "north", "south", "east", "west",
})
#: A phrase's possessor, "of"/"for"/"from" object or appositive gives it a country it lacks:
#: "the government of Cyprus", "a spokeswoman for the Russian foreign ministry".
OWNER_PREPOSITIONS = frozenset({"of", "for", "from"})
#: A demonym modifying one of these is the state's military ("Russian airstrikes" -> RUS MIL):
#: the seed gold codes "Russian" in "Russian airstrikes" as Russia MIL four times.
MILITARY_ACTION_HEADS = frozenset({
    "airstrike", "strike", "air-strike", "raid", "airstrikes", "bombing", "bombardment", "shelling",
    "sortie", "offensive", "airpower", "bomb",
})
#: "US-backed rebels" are not American: a name joined to one of these by a hyphen is a sponsor,
#: its own actor, not the owner of the phrase ("US-led" does make the US the owner).
SPONSOR_WORDS = frozenset({"backed", "supported", "sponsored", "funded", "trained", "armed", "allied",
                           "aligned", "made", "built", "friendly", "leaning", "linked", "affiliated",
                           "inspired", "connected", "loyal"})
#: "pro-Russian separatists", "anti-Assad rebels": an attitude, neither owner nor actor.
ATTITUDE_PREFIXES = frozenset({"pro", "anti"})
#: Which owner decides an actor's identity when a phrase holds several names:
#: "Islamic State fighters" is the group, "a Pentagon spokeswoman" the department.
OWNER_PRIORITY = {"armed_group": 0, "igo": 1, "organization": 2, "seat": 3, "person": 4,
                  "country": 5, "capital": 5, "demonym": 5}
STRENGTH_RANK = {"strong": 2, "weak": 1, "role": 0, "neutral": 0}
#: Names that stand for a state; two of them coordinated before one head are two actors
#: ("Russian and U.S. military").
STATE_KINDS = frozenset({"country", "demonym", "capital"})


def find_actors(doc: Doc, lexicon: ActorLexicon, doc_date: str | None = None) -> list[Actor]:
    """Non-overlapping actor mentions of `doc`, sorted by start, with offsets into `doc.text`."""
    names = name_matches(doc, lexicon, doc_date)
    cues = sector_cues(doc, lexicon, names)
    mentions: list[Mention] = []
    surnames: set[str] = set()
    group_heads: dict[str, Mention] = {}
    for phrase in actor_phrases(doc, names, lexicon, cues):
        for mention in code_phrase(doc, phrase, names, cues, lexicon, frozenset(surnames), dict(group_heads)):
            mentions.append(mention)
            _remember(doc, mention, surnames, group_heads)
    mentions = share_identity(doc, absorb_of_states(doc, non_overlapping(mentions)))
    # Linking "its" to the group lets "its fighters" borrow the group's identity in a second pass.
    mentions = share_identity(doc, link_later_mentions(doc, mentions, lexicon.anaphors, lexicon.country_names))
    text = doc.text  # Doc.text joins every token: build it once, not per mention
    return [_to_actor(doc, text, mention) for mention in mentions]


def _remember(doc: Doc, mention: Mention, surnames: set[str], group_heads: dict[str, Mention]) -> None:
    """Note what later mentions in this document may refer back to.

    A full person name gives its surname ("Michelle Baldanza" ... "Baldanza"); a named group
    whose name ends in a common noun gives that noun ("US-led coalition" ... "the coalition").
    """
    if mention.proper and len(mention.name.split()) > 1:
        surnames.add(mention.name.split()[-1])
    head = doc[mention.root]
    if (mention.owned and mention.type in ("group", "armed_group", "igo") and head.i + 1 == mention.end
            and mention.name.lower().endswith(head.lower_) and head.lower_ != mention.name.lower()):
        group_heads.setdefault(head.lemma_.lower(), mention)


# ---------------------------------------------------------------- 4. coding phrases


def code_phrase(
    doc: Doc, phrase: Phrase, names: list[NameMatch], cues: dict[int, SectorCue], lexicon: ActorLexicon,
    known_surnames: frozenset[str] = frozenset(), group_heads: dict[str, Mention] | None = None,
) -> list[Mention]:
    """The actor(s) a phrase names: itself when its head is a name, a person or a sector word,
    else the names inside it on their own ("Russian airstrikes" gives "Russian").

    `known_surnames` and `group_heads` come from earlier mentions in the document: after "the
    US-led coalition", a bare "coalition" is that coalition (the seed gold codes it so)."""
    group_heads = group_heads or {}
    inside = [m for m in names if phrase.start <= m.start and m.end <= phrase.end]
    affiliation = _affiliation_end(doc, phrase, inside)
    if affiliation is not None:
        core_end, sponsors = affiliation
        core = Phrase(skip_leading(doc, core_end, phrase.root), phrase.end, phrase.root)
        standalone = [_sponsor(match) for match in sponsors]
        return standalone + code_phrase(doc, core, names, cues, lexicon, known_surnames, group_heads)
    root_name = next((m for m in inside if m.start <= phrase.root < m.end), None)
    root_cue = cues.get(phrase.root)

    if root_name is not None:
        entry = root_name.entry
        if entry.metonym and _is_locative(doc[phrase.root]):
            return []
        sector, strength = entry.sector, 2 if entry.sector else 0
        if entry.kind in ("country", "demonym"):
            sector, strength = None, 0  # a bare state name has no sector (GSR convention)
        # "central and north-western Syria" is "Syria"; "President Assad" keeps its title.
        start = next(i for i in range(phrase.start, root_name.start + 1)
                     if i == root_name.start or i in cues or any(m.start <= i < m.end for m in inside))
        return [Mention(start, phrase.end, phrase.root, entry.name, entry.country, sector,
                        entry.type, strength, True, proper=entry.kind == "person", why=(describe_entry(entry),),
                        country_source=lexicon_source(entry))]

    earlier = group_heads.get(doc[phrase.root].lemma_.lower())
    if earlier is not None and root_cue is not None and not inside:
        return [replace(earlier, start=phrase.start, end=phrase.end, root=phrase.root,
                        country_source="antecedent" if earlier.country else None,
                        why=(f"later mention of '{doc[earlier.start:earlier.end].text}' ({earlier.name})",))]

    person_tokens = _person_tokens(doc, phrase, cues, known_surnames)
    if person_tokens is not None or root_cue is not None:
        leading, phrase = _split_coordinated_states(doc, phrase, inside)
        inside = [m for m in inside if m.start >= phrase.start]
        mention = _code_headed_phrase(doc, phrase, inside, cues, root_cue, person_tokens, lexicon)
        if mention is None:
            return []
        shared = [_shared_head_mention(m, mention) for m in leading]
        return [*shared, mention]

    nested = _nested_sector_phrase(doc, phrase, inside, cues, frozenset(group_heads))
    if nested is not None:
        rest = [m for m in inside if m.start >= nested.end]
        head = code_phrase(doc, nested, names, cues, lexicon, known_surnames, group_heads)
        return head + [m for m in (_standalone_name(doc, phrase, match) for match in rest) if m is not None]

    return [m for m in (_standalone_name(doc, phrase, match) for match in inside) if m is not None]


def _affiliation_end(doc: Doc, phrase: Phrase, inside: list[NameMatch]) -> tuple[int, list[NameMatch]] | None:
    """Where the core starts after a sponsor ("US-backed") or attitude ("pro-Russian") prefix,
    and the sponsors, which are actors of their own; None when the phrase has no such prefix."""
    end, sponsors = None, []
    for match in inside:
        if match.end > phrase.root:
            continue
        before = doc[max(match.start - 2, 0):match.start]
        if len(before) == 2 and before[0].lower_ in ATTITUDE_PREFIXES and before[1].text == "-":
            end = max(end or 0, match.end)
            continue
        after = doc[match.end:match.end + 2]
        if len(after) == 2 and after[0].text == "-" and after[1].lower_ in SPONSOR_WORDS and after[1].i < phrase.root:
            end = max(end or 0, after[1].i + 1)
            sponsors.append(match)
    return (end, sponsors) if end is not None else None


def _sponsor(match: NameMatch) -> Mention:
    """"Kremlin-backed groups": the sponsor acts (supports), so a capital or building here is
    its government, not a place."""
    entry = match.entry
    sector = None if entry.kind in ("country", "demonym") else entry.sector
    return Mention(match.start, match.end, match.end - 1, entry.name, entry.country, sector, entry.type,
                   2 if sector else 0, True, proper=entry.kind == "person", why=(describe_entry(entry), "sponsor or shared head"),
                   country_source=lexicon_source(entry))


def _shared_head_mention(match: NameMatch, head: Mention) -> Mention:
    """The first of two names sharing one head: a state takes the head's sector ("Russian" in
    "Russian and U.S. military" is Russia MIL); a group or organisation keeps its own."""
    entry = match.entry
    if entry.kind in STATE_KINDS:
        kind = "group" if head.type == "person" else head.type
        return Mention(match.start, match.end, match.end - 1, entry.name, entry.country, head.sector, kind,
                       head.strength, True, why=(describe_entry(entry), "coordinated before a shared head"),
                       country_source=lexicon_source(entry))
    return _sponsor(match)


def _split_coordinated_states(doc: Doc, phrase: Phrase, inside: list[NameMatch]) -> tuple[list[NameMatch], Phrase]:
    """"Russian and U.S. military", "Taliban and Boko Haram envoys": the first names are actors
    of their own, and the span holding the head keeps the name nearest to it. Spans may not
    overlap, so the shared head can belong to one of them only."""
    for i in range(phrase.start, phrase.root):
        if doc[i].dep_ != "cc" and doc[i].text != ",":
            continue
        before = [m for m in inside if m.end <= i]
        covered = {j for m in before for j in range(m.start, m.end)}
        loose = [j for j in range(phrase.start, i) if j not in covered and not doc[j].is_punct and doc[j].dep_ != "cc"]
        if before and not loose:
            last = [m for m in inside if m.start > i]
            if last:
                core_start = skip_leading(doc, last[0].start, phrase.root)
                return before, Phrase(core_start, phrase.end, phrase.root)
    return [], phrase


def _nested_sector_phrase(
    doc: Doc, phrase: Phrase, inside: list[NameMatch], cues: dict[int, SectorCue], group_heads: frozenset[str]
) -> Phrase | None:
    """An actor modifying a non-actor head: "Syrian government forces positions", "the Syrian
    army position", "French planes use". The modifier part up to its last sector noun is an actor
    when a name owns it (a bare "police station" or "military cooperation" is not)."""
    for k in range(phrase.root - 1, phrase.start - 1, -1):
        cue = cues.get(k)
        if cue is None or cue.word.sector is None or k != cue.end - 1 or doc[k].pos_ not in ("NOUN", "PROPN"):
            continue  # an adjective ("Russian military action") is not an actor of its own
        owners = [m for m in inside if m.end <= k + 1]
        if owners or doc[k].lemma_.lower() in group_heads:
            return Phrase(phrase.start, k + 1, k)
        return None
    return None


def _person_tokens(
    doc: Doc, phrase: Phrase, cues: dict[int, SectorCue], known_surnames: frozenset[str]
) -> list[Token] | None:
    """The name of an unknown person heading the phrase, or None.

    A person is a spaCy PERSON entity, a surname already seen in a full person mention, or a
    proper noun in apposition with a role ("Baldanza, a Pentagon spokeswoman": the small model
    often tags such surnames ORG).
    """
    root = doc[phrase.root]
    span: Span | None = None
    if root.ent_type_ == "PERSON" and root.pos_ in ("PROPN", "NOUN"):  # the tagger misreads rare names
        span = next((ent for ent in doc.ents if ent.start <= root.i < ent.end), None)
    elif root.pos_ == "PROPN" and root.ent_type_ in ("", "ORG"):  # never a DATE ("in May")
        if root.text in known_surnames or _beside_role(root, cues) or _after_title(doc, phrase, cues):
            span = doc[phrase.start:phrase.end]
    elif _known_surname(root, known_surnames):
        span = doc[phrase.start:phrase.end]
    if span is None:
        return None
    tokens = [t for t in span if t.i not in cues and t.lower_.rstrip(".") not in HONORIFICS
              and not t.is_punct and (t.pos_ == "PROPN" or span.label_ == "PERSON" or _known_surname(t, known_surnames))]
    while tokens and tokens[-1].text in ("'s", "\u2019s"):
        tokens.pop()
    return tokens or None


def _known_surname(token: Token, known_surnames: frozenset[str]) -> bool:
    """A surname already seen in a full name, wherever the tagger misreads it: opening a sentence the
    small model often tags it a common noun ("Eggers tackled Bell", "Pawlenty would cut the aid")."""
    return (token.text in known_surnames and token.is_title and token.pos_ in ("NOUN", "PROPN")
            and token.ent_type_ in ("", "ORG", "PERSON", "NORP"))


def _after_title(doc: Doc, phrase: Phrase, cues: dict[int, SectorCue]) -> bool:
    """True for proper nouns right after a person's title in one phrase: "Vice-President Moody
    Awori", whom the small model tags ORG."""
    title_end = max((cue.end for i, cue in cues.items() if phrase.start <= i < phrase.root
                     and cue.word.type == "person"), default=None)
    if title_end is None or title_end > phrase.root:
        return False
    name = doc[title_end:phrase.root + 1]
    return len(name) >= 2 and all(t.pos_ == "PROPN" and t.is_title for t in name)


def _beside_role(root: Token, cues: dict[int, SectorCue]) -> bool:
    """True when the token and a person role word are appositives of each other."""
    def is_role(token: Token) -> bool:
        cue = cues.get(token.i)
        return cue is not None and cue.word.type == "person"

    if root.dep_ == "appos" and is_role(root.head):
        return True
    return any(child.dep_ == "appos" and is_role(child) for child in root.children)


def _code_headed_phrase(
    doc: Doc, phrase: Phrase, inside: list[NameMatch], cues: dict[int, SectorCue],
    root_cue: SectorCue | None, person_tokens: list[Token] | None, lexicon: ActorLexicon,
) -> Mention | None:
    """A phrase whose head is a sector word or an unknown person: its identity comes from the
    highest-priority name inside it, its sector from the rightmost strong sector word."""
    owners = sorted(inside, key=lambda m: (OWNER_PRIORITY[m.entry.kind], m.start))
    owner = owners[0].entry if owners else None
    sector, strength = _phrase_sector(phrase, inside, cues)
    role_sector = None
    if strength == 0 and sector is not None:
        role_sector = sector  # "the official" has no sector until something owns it
        if owner is None:
            sector = None
    if person_tokens is not None:
        kind = "person"
        name = doc[person_tokens[0].i:person_tokens[-1].i + 1].text
    else:
        kind = root_cue.word.type
        if kind == "person" and doc[phrase.root].tag_ in ("NNS", "NNPS"):
            kind = "group"  # "reporters", "Iraqi foreign ministers"
        name = _phrase_text(doc, phrase)
    country = None
    if owner is not None:
        country = owner.country
        if owner.kind in ("armed_group", "igo"):
            sector, strength = owner.sector, 2
            if person_tokens is None:
                name, kind = owner.name, owner.type
        elif owner.kind in ("organization", "seat") and person_tokens is None:
            name, kind = owner.name, owner.type
        elif person_tokens is None and country is not None:
            name = lexicon.country_names.get(country, owner.name)
        if owner.kind == "capital" and sector is None:
            sector, strength = "GOV", 1
    if person_tokens is None and owner is None and sector is None and role_sector is None:
        return None  # "the same group": a bare neutral noun names nobody
    why = []
    if person_tokens is not None:
        why.append("unknown person (spaCy PERSON entity or a proper noun beside a role)")
    if root_cue is not None:
        why.append(f"{root_cue.word.source} '{' '.join(root_cue.word.words)}' ({root_cue.word.sector or 'no sector'})")
    if sector is not None and (root_cue is None or sector != root_cue.word.sector):
        why.append(f"sector {sector} from the phrase's sector words")
    if owner is not None:
        why.append(f"owned by {describe_entry(owner)}")
    return Mention(phrase.start, phrase.end, phrase.root, name, country, sector, kind, strength,
                   owner is not None, proper=person_tokens is not None, role_sector=role_sector, why=tuple(why),
                   country_source="owner" if country is not None else None)


def _phrase_sector(phrase: Phrase, inside: list[NameMatch], cues: dict[int, SectorCue]) -> tuple[str | None, int]:
    """The rightmost strong sector in the phrase, else the rightmost weak one.

    "Syrian government forces": government and forces are both weak, forces is rightmost: MIL.
    "military spokesman": military is strong: MIL. A seat of power counts as a strong word
    ("Pentagon spokeswoman" is MIL).
    """
    evidence: list[tuple[int, int, str]] = []  # (rank, position, sector)
    for i in range(phrase.start, phrase.end):
        cue = cues.get(i)
        if cue is not None and cue.word.sector and i == cue.end - 1:
            evidence.append((STRENGTH_RANK[cue.word.strength], i, cue.word.sector))
    for match in inside:
        if match.entry.kind in ("seat", "organization") and match.entry.sector:
            evidence.append((2, match.end - 1, match.entry.sector))
    if not evidence:
        return None, 0
    rank, _position, sector = max(evidence)
    return sector, rank


def _phrase_text(doc: Doc, phrase: Phrase) -> str:
    return doc[phrase.start:phrase.end].text


def _standalone_name(doc: Doc, phrase: Phrase, match: NameMatch) -> Mention | None:
    """A name that modifies a head which is not an actor ("Russian airstrikes", "Damascus province").

    A state name or demonym is still the state; a capital or building there is a place, not an
    actor; a group, organisation or person keeps its identity ("ISIS command posts").
    """
    entry = match.entry
    if entry.metonym:
        return None
    sector, strength = entry.sector, 2 if entry.sector else 0
    if entry.kind in ("country", "demonym"):
        sector, strength = None, 0
        if doc[phrase.root].lemma_.lower() in MILITARY_ACTION_HEADS or doc[phrase.root].lower_ in MILITARY_ACTION_HEADS:
            sector, strength = "MIL", 1
    why = [describe_entry(entry)]
    if sector == "MIL" and entry.kind in ("country", "demonym"):
        why.append(f"military action head '{doc[phrase.root].text}' gives MIL")
    return Mention(match.start, match.end, match.end - 1, entry.name, entry.country, sector, entry.type,
                   strength, True, why=tuple(why), country_source=lexicon_source(entry))


def _is_locative(token: Token) -> bool:
    """True when the token is (a conjunct of) the object of a locative preposition."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pobj":
        return token.head.lower_ in LOCATIVE_PREPOSITIONS
    # "the Damascus countryside" / "Moscow time": a name modifying another noun is a place.
    return token.dep_ in ("compound", "nmod", "amod", "npadvmod") and token.head.pos_ in ("NOUN", "PROPN")


# ---------------------------------------------------------------- 5. sharing identity


def non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Longest mention first wins any overlap; the result is sorted by start."""
    kept: list[Mention] = []
    taken: set[int] = set()
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if taken.intersection(range(mention.start, mention.end)):
            continue
        kept.append(mention)
        taken.update(range(mention.start, mention.end))
    return sorted(kept, key=lambda m: m.start)


def absorb_of_states(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"the government of Cyprus" is one actor: a sector phrase followed by "of" and a bare
    state takes the state in, so the head and the state's token both map to it."""
    out: list[Mention] = []
    skip: set[int] = set()
    for index, mention in enumerate(mentions):
        if index in skip:
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if (following is not None and not mention.owned and mention.end < len(doc)
                and doc[mention.end].lower_ == "of" and doc[mention.end].head.i == mention.root
                and following.start == skip_leading(doc, mention.end + 1, following.start)
                and following.type == "state" and following.sector in (None, "GOV")):
            sector = mention.sector or mention.role_sector
            mention = replace(mention, end=following.end, name=following.name, country=following.country,
                              sector=sector, owned=True, country_source="owner",
                              why=(*mention.why, f"'of' + state: {following.name}", *following.why))
            skip.add(index + 1)
        out.append(mention)
    return out


def share_identity(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Give a mention with no country the identity of a mention it belongs to.

    Sources, in order: its possessor ("Russia's defence ministry"), the object of "of/for/from"
    ("a spokeswoman for the Russian foreign ministry", "the government of Cyprus"), an
    appositive ("Baldanza, a Pentagon spokeswoman"), and an earlier mention of the same surname
    in the document ("Lt. Col. Michelle Baldanza ... Baldanza said").
    """
    by_root = {m.root: m for m in mentions}
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    out: list[Mention] = []
    known_people: dict[str, Mention] = {}
    for mention in mentions:
        root = doc[mention.root]
        for source in _identity_sources(root, by_root, by_token):
            if source is mention or not (source.owned or source.country is not None):
                continue  # two bare sector words ("the rebel group, Forces ...") lend nothing
            if mention.proper and source.proper:
                continue  # two named people are two people, whatever the parse says
            if _apposed(root, source) and _other_kind(mention, source):
                continue  # "... of the refugees, a human rights group protested": a misparse, not one actor
            borrowed = _borrow(mention, source)
            if borrowed != mention:
                mention = replace(borrowed, why=(*mention.why, f"identity from '{doc[source.start:source.end].text}' "
                                                 f"({_relation(root, source)})"))
            if mention.country is not None:
                break
        if mention.type == "person":
            surname = mention.name.split()[-1] if mention.name else ""
            earlier = known_people.get(surname)
            if (earlier is not None and mention.country is None and not mention.owned and earlier is not mention
                    and mention.name != earlier.name):
                mention = replace(mention, name=earlier.name, country=earlier.country,
                                  sector=mention.sector or earlier.sector,
                                  country_source="same person" if earlier.country else None,
                                  why=(*mention.why, f"same surname as the earlier '{earlier.name}'"))
            # A person named in full is the one a later bare surname means, with or without a country
            # yet ("Officer Dale Kowalczyk ... Kowalczyk tackled him"): a local story's people get theirs
            # from its places, which the surname then shares.
            if mention.proper and len(mention.name.split()) > 1 and surname not in known_people:
                known_people[surname] = mention
        out.append(mention)
    return out


def _apposed(root: Token, source: Mention) -> bool:
    return (root.dep_ == "appos" and root.head.i == source.root) or any(
        child.dep_ == "appos" and child.i == source.root for child in root.children)


def _other_kind(mention: Mention, source: Mention) -> bool:
    """Two groups with different sectors, each decided by a strong word, are two actors."""
    return (mention.sector is not None and source.sector is not None and mention.sector != source.sector
            and mention.strength >= 2 and source.strength >= 2 and "person" not in (mention.type, source.type))


def _identity_sources(root: Token, by_root: dict[int, Mention], by_token: dict[int, Mention]) -> list[Mention]:
    sources = []
    for child in root.children:
        if child.dep_ == "poss" and child.i in by_token:
            sources.append(by_token[child.i])
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i in by_token:
                    sources.append(by_token[pobj.i])
    for child in root.children:
        if child.dep_ == "appos" and child.i in by_root:
            sources.append(by_root[child.i])
    if root.dep_ == "appos" and root.head.i in by_root:
        sources.append(by_root[root.head.i])
    return sources


def _borrow(mention: Mention, source: Mention) -> Mention:
    """Take the source's country (and its sector when ours is weaker) if we have none."""
    if mention.owned and (mention.country is not None or mention.type in ("igo", "armed_group", "ngo")):
        return mention  # a named actor ("Liberia", "NATO") keeps its own identity and sector
    if mention.country is not None and mention.strength >= 2:
        return mention
    country = mention.country or source.country
    name = mention.name
    if not mention.owned and not mention.proper:
        name = source.name
    sector = mention.sector
    strength = mention.strength
    if source.sector and (source.strength > mention.strength or sector is None):
        sector, strength = source.sector, source.strength
    if sector is None and country is not None:
        sector = mention.role_sector
    country_source = mention.country_source if mention.country is not None else "related phrase"
    return replace(mention, name=name, country=country, sector=sector, strength=strength,
                   owned=mention.owned or source.owned, country_source=country_source if country else None)


def _to_actor(doc: Doc, text: str, mention: Mention) -> Actor:
    start = doc[mention.start].idx
    last = doc[mention.end - 1]
    end = last.idx + len(last.text)
    actor = Actor(text=text[start:end], start=start, end=end, name=mention.name,
                  country=mention.country, sector=mention.sector, type=mention.type, why="; ".join(mention.why))
    return decide_country(actor, (), mention.country_source)


def lexicon_source(entry: NamedEntry) -> str:
    """The country source of a lexicon entry: a person's office, or the name itself."""
    return "person in office" if entry.kind == "person" else "lexicon"


def describe_entry(entry: NamedEntry) -> str:
    """Where a lexicon entry comes from and what it is: "people.tsv:12 person 'Vladimir Putin'"."""
    return f"{entry.source} {entry.kind} '{entry.name}'".strip()


def _relation(root: Token, source: Mention) -> str:
    """How a mention is tied to the one it borrowed its identity from."""
    for child in root.children:
        if source.start <= child.i < source.end:
            return {"poss": "possessor", "appos": "apposition"}.get(child.dep_, "of/for/from object" if child.dep_ == "prep" else child.dep_)
        if child.dep_ == "prep":
            if any(source.start <= g.i < source.end for g in child.children):
                return f"'{child.lower_}' object"
    if root.dep_ == "appos":
        return "apposition"
    return "related phrase"
