"""Step 3, roles: who acts and on whom, from the dependency parse.

`find_roles` gives an event's actor and recipient as the parse gives them (the subject of the
word that carries the event, a noun's own modifiers, objects and recipient prepositions, whom a
demand or protest is addressed to); `nearby_roles` fills a missing one with the nearest mention,
as a proximity coder would. The helpers below them (`resolve`, `subject_token`, `speaker_actor`)
work on spaCy tokens and an `ActorIndex` built from the actors stage's records (which already
links pronouns and "the ministry" to their antecedents); they never create actors from nothing
except for sources of reported speech that the actor lexicon does not know ("the official",
"Xinhua"), which a reader still wants to see.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from eventwire.events.lexicon import EventLexicon, EventWords
from eventwire.events.reading import Reading
from eventwire.events.syntax import (
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    adjective_clauses,
    clause_reported_before,
    punished_for,
)
from eventwire.records import Actor

RELATIVE_PRONOUN_TAGS = ("WDT", "WP", "WP$")
RECIPROCAL_CATEGORIES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


class ActorIndex:
    """Actor mentions of one document, looked up by token."""

    def __init__(self, actors: list[Actor]):
        self.actors = sorted(actors, key=lambda a: a.start)
        self._starts = [a.start for a in self.actors]

    def within(self, start: int, end: int) -> list[Actor]:
        """Actors lying wholly inside the character range [start, end)."""
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end)
        return [a for a in self.actors[first:last] if a.end <= end]

    def at(self, token: Token) -> Actor | None:
        position = bisect_right(self._starts, token.idx) - 1
        if position >= 0 and token.idx < self.actors[position].end:
            return self.actors[position]
        return None



def resolve(token: Token, index: ActorIndex, words: EventWords, depth: int = 2) -> list[Actor]:
    """The actors a noun-phrase head stands for, with its coordinated heads.

    "Russia and Iran" gives both; a pronoun takes its antecedent; a head that
    is no actor itself ("the government of Cyprus", "strongholds of the
    Islamic State") is searched a little way down its own phrase.
    """
    found: list[Actor] = []
    for head in [token, *conjuncts(token)]:
        actor = _resolve_one(head, index, depth, words)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def conjuncts(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            out.append(child)
            out.extend(conjuncts(child))
    return out


def _resolve_one(token: Token, index: ActorIndex, depth: int, words: EventWords) -> Actor | None:
    if token.tag_ in RELATIVE_PRONOUN_TAGS and token.head.dep_ in ("relcl", "acl"):
        token = token.head.head
    actor = index.at(token)
    if actor is not None:
        return actor  # pronouns and "the ministry" were linked to their antecedents by the actors stage
    if depth <= 0 or token.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ"):
        return None
    # "its long-standing ally President Assad": the apposition names the ally, the possessive its partner.
    for child in token.children:
        if child.dep_ == "appos":
            actor = index.at(child)
            if actor is not None:
                return actor
    return _search_phrase(token, index, depth, words)


# Inside a noun phrase, these lead to the one who owns or does what the head
# names: "Serbia's suppression", "the government of Cyprus", "crimes committed
# by Croat forces", "bases belonging to ISIS". Locative phrases do not.
# Locative phrases ("strongholds in Syria") do not: their prepositions are `non_actor_prepositions`.
PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "prep", "pobj", "acl", "agent"})


def _search_phrase(token: Token, index: ActorIndex, depth: int, words: EventWords) -> Actor | None:
    """Breadth-first search of a noun phrase for the nearest actor mention."""
    frontier = [token]
    for _ in range(depth + 1):
        following = []
        for word in frontier:
            for child in word.children:
                if child.dep_ not in PHRASE_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ in words.non_actor_prepositions:
                    continue
                actor = index.at(child)
                if actor is not None and child.pos_ != "ADP":
                    return actor
                following.append(child)
        frontier = following
    return None


def subject_token(verb: Token, words: EventWords) -> tuple[Token | None, bool]:
    """The subject of a verb (or predicate) and whether it is the logical actor.

    Returns (token, True) for an active subject or a passive agent, and
    (token, False) for a passive subject, which is the recipient.
    """
    agent = None
    passive = None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child, True
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            passive = child
        if child.dep_ == "agent":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
    if agent is not None:
        return agent, True
    if passive is not None:
        return passive, False
    head = verb.head
    if head is verb:
        return None, True
    if verb.dep_ == "xcomp":
        # "urged Iran to cooperate": object control; "agreed to cooperate": subject control.
        obj = next((c for c in head.children if c.dep_ in OBJECT_DEPS), None)
        if obj is not None:
            return obj, True
        # "advisers are expected to join": the passive subject of the
        # governing verb is the one who joins.
        return subject_token(head, words)[0], True
    if verb.dep_ == "conj":
        return subject_token(head, words)
    if verb.dep_ == "ccomp" and head.lemma_.lower() in words.headline_saying_verbs:
        # A headline drops the repeated subject: "Russia says conducts strikes".
        subject, active = subject_token(head, words)
        return (subject, active) if subject is not None and subject.pos_ != "PRON" else (None, True)
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
        # "Man accused of possessing ...", "activists arrested on March 23": a past participle
        # modifying a noun is passive, so the noun is acted on; "the group that attacked" acts.
        return head, not (verb.dep_ == "acl" and verb.tag_ == "VBN")
    if verb.dep_ == "advcl" and (verb.tag_ in ("VBG", "VBN", "TO") or _purpose(verb)):
        return subject_token(head, words)
    if verb.dep_ == "pcomp":
        # "accused X of attacking": X is the one who attacked.
        governor = head.head
        obj = next((c for c in governor.children if c.dep_ in OBJECT_DEPS), None)
        return (obj, True) if obj is not None else subject_token(governor, words)
    return None, True


def _purpose(verb: Token) -> bool:
    """ "sent inspectors to Bosnia to investigate": an infinitive of purpose, done by the sender."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def object_tokens(word: Token) -> list[Token]:
    return [c for c in word.children if c.dep_ in OBJECT_DEPS]


def prepositional_recipients(word: Token, prepositions: Mapping[str, frozenset[str]], *categories: str) -> list[Token]:
    """Objects of the word's prepositions that introduce a recipient for any of `categories`
    (`prepositions`: the lexicon's `recipient_prepositions`)."""
    out = []
    for child in word.children:
        if child.dep_ != "prep":
            continue
        if not any(c in prepositions.get(child.lower_, ()) for c in categories):
            continue
        out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def noun_actor_tokens(noun: Token, category: str | None = None) -> list[Token]:
    """Who does a nominal event: "the coalition's airstrike", "Russian airstrikes", "attacks by X",
    "cooperation from Iran", and for a request its maker: "at the request of Assad"."""
    agentive = {"by"} | ({"from"} if category not in (None, "RETREAT") else set()) | ({"of"} if category == "REQUEST" else set())
    # "talks between Russian and U.S. military": both sides act (a mediator's parties do not).
    if category in RECIPROCAL_CATEGORIES and not noun.lemma_.lower().startswith("mediat"):
        agentive.add("between")
    out = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in agentive:
            out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def speaker_actor(token: Token, index: ActorIndex, words: EventWords) -> Actor | None:
    """The source of a statement, as an actor even when the lexicon does not know it."""
    found = resolve(token, index, words, depth=1)
    if found:
        return found[0]
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    phrase = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct", "prep") and t.i <= token.i]
    keep = [t for t in phrase if t.head.i >= token.i or t is token]
    start = min(t.idx for t in keep)
    end = token.idx + len(token.text)
    text = token.doc.text[start:end]
    name = text[4:] if text.lower().startswith("the ") else text
    if token.ent_type_ == "PERSON":
        kind = "person"
    elif token.ent_type_ == "ORG" or token.lower_ in words.media_words:
        kind = "organization"
    else:
        kind = "group"
    sector = "MED" if token.lower_ in words.media_words else None
    return Actor(text=text, start=start, end=end, name=name, country=None, sector=sector, type=kind)


def owns_actor(noun: Token, light_verb: Token, category: str, index: ActorIndex, words: EventWords) -> bool:
    """True when an event noun names its own actor ("the coalition's airstrike", "Russian strikes").

    A country *name* compounded on the noun is where, not who, when the light verb has a subject:
    "Russia conducts Syria strikes" is Russia striking in Syria."""
    own = [m for m in noun_actor_tokens(noun, category) if modifier_actors(m, index, words)]
    if not own:
        return False
    if all(m.dep_ == "compound" and m.pos_ == "PROPN" and modifier_actors(m, index, words)[0].type == "state" for m in own):
        subject, active = subject_token(light_verb, words)
        return not (subject is not None and active and resolve(subject, index, words))
    return True


def modifier_actors(modifier: Token, index: ActorIndex, words: EventWords) -> list[Actor]:
    """Actors a noun's modifier names: itself ("Russian", "the coalition's"), or for a prepositional
    object its phrase too ("at the request of its ally President Assad")."""
    return resolve(modifier, index, words, depth=1 if modifier.dep_ == "pobj" else 0)


def find_roles(reading: Reading, index: ActorIndex, lexicon: EventLexicon) -> tuple[list[Actor], list[Actor]]:
    """Actor and recipient as the parse gives them: who does what the event's word says, the objects
    and recipient prepositions of its words, and whom a demand, request, protest or complaint is
    addressed to."""
    token, words = reading.token, lexicon.words
    head = reading.actor_head or token
    actors, recipients = _parsed_actors(reading, index, words)
    if reading.addressee is not None:
        recipients.extend(a for a in resolve(reading.addressee, index, words) if a not in actors)
    candidates = _recipient_words(reading, lexicon)
    for candidate in candidates:
        if candidate.i == token.i:
            continue
        for actor in resolve(candidate, index, words):
            if actor not in recipients and actor not in actors:
                recipients.append(actor)
    if reading.category == "REQUEST" and actors and not recipients and head is token and token.pos_ == "NOUN":
        recipients.extend(_requested_of(token, index, words))
    if reading.category == "PROTEST" and not recipients:
        recipients.extend(a for a in _protested_against(reading, index, words) if a not in actors)
    if reading.category in ("ACCUSE", "PROTEST") and not recipients and head.pos_ in ("VERB", "ADJ"):
        recipients.extend(a for a in _complained_of(head, index, words) if a not in actors)
    # An actor is not its own recipient ("Washington's refusal to share intelligence with it").
    # Croatia investigating Croatian extremists is two actors of one state: compare who, not which state.
    recipients = [r for r in recipients if all(not same_party(r, a, words, token.doc) for a in actors)]
    # "Russia and Cyprus held talks" / "met with": meetings without a host are reciprocal.
    if reading.category == "CONSULT" and reading.mode is None and recipients and _is_with(candidates):
        actors, recipients = actors + recipients, []
    return actors, recipients


def _parsed_actors(reading: Reading, index: ActorIndex, words: EventWords) -> tuple[list[Actor], list[Actor]]:
    """The actor from the subject (or, for an event noun, the modifiers) of the word that carries
    the event, its own noun and its light verb; a passive subject is a recipient."""
    token = reading.token
    head = reading.actor_head or token
    actors: list[Actor] = []
    recipients: list[Actor] = []
    if head.pos_ in ("NOUN", "PROPN"):
        for modifier in noun_actor_tokens(head, reading.category):
            actors.extend(a for a in modifier_actors(modifier, index, words) if a not in actors)
        if not actors and head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("NOUN", "PROPN"):
            actors.extend(resolve(head.head, index, words, depth=1))
    else:
        subject, active = subject_token(head.head if head.pos_ == "ADJ" and head.dep_ in ("acomp", "attr") else head, words)
        if not active and head.lemma_.lower() in words.stative_passives:
            active = True  # "Moscow is concerned", "Israel is opposed": the subject feels, it is not acted on
        if subject is not None:
            (actors if active else recipients).extend(resolve(subject, index, words))
        for child in head.children:
            # "Somalia was attacked by Kenya": the passive subject is the recipient.
            if active and child.dep_ == "nsubjpass" and child is not subject:
                recipients.extend(a for a in resolve(child, index, words) if a not in recipients)
    if not actors and head is not token and token.pos_ in ("NOUN", "PROPN"):
        for modifier in noun_actor_tokens(token, reading.category):
            actors.extend(a for a in modifier_actors(modifier, index, words) if a not in actors)
    if not actors and reading.light_verb is not None and reading.light_verb is not head:
        subject, active = subject_token(reading.light_verb, words)
        if subject is not None and active:
            actors.extend(resolve(subject, index, words))
    return actors, recipients


def _recipient_words(reading: Reading, lexicon: EventLexicon) -> list[Token]:
    """Words that may name the recipient: the objects of the event's words and the objects of
    their prepositions that fit its categories."""
    token = reading.token
    head = reading.actor_head or token
    words, prepositions, categories = lexicon.words, lexicon.recipient_prepositions, _categories(reading)
    candidates: list[Token] = []
    # "ruled out cooperation or coordination with Russia": the "with" may hang on the last conjunct.
    related = [head, token] + ([c for c in token.children if c.dep_ == "conj"] if token.pos_ == "NOUN" else [])
    punishing = punished_for(token, words)
    if reading.category == "ACCUSE" and punishing is not None and punishing.i == head.i:
        related = [head]  # the arrested are accused, not whom the alleged act involved ("with Israel")
    for word in dict.fromkeys(related):
        for obj in object_tokens(word):
            candidates.append(obj)
            # "investigating crimes by X against Y": the accused is X; Y are the victims.
            candidates.extend(r for r in prepositional_recipients(obj, prepositions, *categories)
                              if not (reading.category == "ACCUSE" and r.head.lower_ == "against"))
        candidates.extend(prepositional_recipients(word, prepositions, *categories))
    if not candidates and head.pos_ == "VERB":
        # "donated and delivered goods to the school": the second verb carries the shared object.
        for verb in (c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                continue  # a conjunct with a subject of its own is another clause
            candidates.extend(prepositional_recipients(verb, prepositions, *categories))
            for obj in object_tokens(verb):
                candidates.extend(prepositional_recipients(obj, prepositions, *categories))
    return candidates


def _categories(reading: Reading) -> tuple[str, ...]:
    """The categories whose recipient prepositions apply: the event's, and the inner act's ("refused
    to commit aid to X": X receives the refused aid)."""
    return (reading.category,) if reading.inner is None else (reading.category, reading.inner)


def _is_with(candidates: list[Token]) -> bool:
    return any(c.head.lower_ == "with" for c in candidates)


def _requested_of(noun: Token, index: ActorIndex, words: EventWords) -> list[Actor]:
    """"Russia launched airstrikes at the request of Assad": a request in an adjunct of a clause
    was made to that clause's subject."""
    current = noun
    for _ in range(3):
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            subject, active = subject_token(current, words)
            if subject is not None and active:
                found = resolve(subject, index, words)
                if found:
                    return found
        if current.head is current:
            break
    return []


def _protested_against(reading: Reading, index: ActorIndex, words: EventWords) -> list[Actor]:
    """Whom a protest targets, read from its purpose clause when it names no recipient itself."""
    heads = dict.fromkeys((reading.token, reading.actor_head or reading.token))
    for head in heads:
        for word in head.subtree:
            if word.i <= reading.token.i or word.lemma_.lower() not in words.protest_purpose_words:
                continue
            for inner in word.subtree:
                if inner.i > word.i and inner.pos_ in ("NOUN", "PROPN"):
                    found = resolve(inner, index, words, depth=0)
                    if found:
                        return found
    return []


def _complained_of(verb: Token, index: ActorIndex, words: EventWords) -> list[Actor]:
    """Whom a complaint is about: the subject of the reported clause ("X complained that the
    authorities had failed ..."; "the authorities are failing ..., a group protested")."""
    clauses = adjective_clauses(verb) if verb.pos_ == "ADJ" else [c for c in verb.children if c.dep_ == "ccomp"]
    before = clause_reported_before(verb)
    if before is not None:
        clauses.append(before)  # the clause the complaint follows
    for clause in clauses:
        subject, active = subject_token(clause, words)
        if subject is not None and active:
            found = resolve(subject, index, words)
            if found:
                return found
    return []


def nearby_roles(
    reading: Reading, sentence: Span, index: ActorIndex, actors: list[Actor], recipients: list[Actor],
    words: EventWords,
) -> tuple[list[Actor], list[Actor]]:
    """When the parse gives no actor (or no recipient), the nearest actor mention before (after)
    the trigger in the same sentence, as a proximity coder would; the rule note says so. Never the
    source of the statement, a reporting clause's subject or "according to" object, or a
    place-like mention after a locative preposition. The caller computes confidence from the
    parsed roles alone."""
    if actors and recipients:
        return actors, recipients
    doc = sentence.doc
    first, last = min(reading.trigger_tokens), max(reading.trigger_tokens)
    taken = {(a.start, a.end) for a in (*actors, *recipients)}
    if reading.attributed_to is not None:
        taken.add((reading.attributed_to.start, reading.attributed_to.end))
    usable = []
    for actor in index.within(sentence.start_char, sentence.end_char):
        if (actor.start, actor.end) in taken:
            continue
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is None or is_source(span.root, words) or _is_locative_object(span.root, words):
            continue
        if reading.judged_by is not None and span.root.head.i == reading.judged_by.i and span.root.dep_ in ("nsubj", "nsubjpass"):
            continue  # who condemns the fighting did not fight
        usable.append((span, actor))
    if not actors:
        before = [(span, a) for span, a in usable if span.end <= first and first - span.end <= 12]
        if before:
            actors = [before[-1][1]]
            reading.notes.append(f"actor: nearest mention before the trigger ('{before[-1][1].text}')")
    if not recipients:
        after = [(span, a) for span, a in usable if span.start > last and span.start - last <= 8
                 and all(not same_party(a, other, words, doc) for other in actors)]
        if after:
            recipients = [after[0][1]]
            reading.notes.append(f"recipient: nearest mention after the trigger ('{after[0][1].text}')")
    return actors, recipients


def same_party(first: Actor, second: Actor, words: EventWords, doc: Doc | None = None) -> bool:
    """The same actor named twice ("Washington ... with it"), or its own forces ("Israel
    strengthened its forces"), not two parts of one state ("Croatia" and "Croatian extremists")."""
    if first.name != second.name:
        return False
    same_kind = first.sector == second.sector and first.type == second.type
    return same_kind or _owned_by_pronoun(first, words, doc) or _owned_by_pronoun(second, words, doc)


def _owned_by_pronoun(actor: Actor, words: EventWords, doc: Doc | None) -> bool:
    if actor.text.split()[0].lower() in words.own_possessives:
        return True
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand") if doc is not None else None
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in words.own_possessives


def is_source(token: Token, words: EventWords) -> bool:
    """The subject of a verb of saying, or the object of "according to": who says, not who acts."""
    head = token.head
    if token.dep_ == "nsubj" and head.lemma_.lower() in words.saying_verbs:
        return True
    return token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _is_locative_object(token: Token, words: EventWords) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in words.locative_prepositions and token.ent_type_ in ("GPE", "LOC", "FAC")
