"""Who acts and on whom: actor and recipient from the dependency parse.

These functions work on spaCy tokens and an `ActorIndex` built from the
actors stage's records (which already links pronouns and "the ministry" to
their antecedents); they never create actors from nothing except for sources
of reported speech that the actor lexicon does not know ("the official",
"Xinhua"), which a reader still wants to see.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Token

from eventwire.records import Actor

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "dative", "obj")
# Prepositions that introduce a recipient, by the categories they fit. "at"
# only for conflict: "an airstrike at government positions" is a target, "at
# the summit" is not a recipient.
COOPERATION = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REJECT", "REQUEST"}
RECIPIENT_PREPOSITIONS = {
    "with": COOPERATION | {"ACCUSE", "THREATEN", "SANCTION"},
    "to": {"AGREE", "SUPPORT", "CONCEDE", "AID", "REQUEST", "RETREAT", "THREATEN"},
    "toward": {"SUPPORT", "ACCUSE", "THREATEN"},
    "towards": {"SUPPORT", "ACCUSE", "THREATEN"},
    "against": {"ASSAULT", "ACCUSE", "THREATEN", "SANCTION", "PROTEST", "COERCE", "MOBILIZE", "REJECT"},
    "on": {"ASSAULT", "SANCTION", "REQUEST", "THREATEN", "COERCE"},
    "at": {"ASSAULT", "THREATEN"},
    "upon": {"ASSAULT", "SANCTION"},
    "for": {"AID", "SUPPORT"},
    "from": {"RETREAT"},
    "of": {"ACCUSE", "ASSAULT", "COERCE", "SANCTION"},  # "the arrest of", "the blockade of", "the killing of"
    "over": {"ACCUSE", "PROTEST", "SANCTION"},
    "about": {"ACCUSE"},
    "into": {"ACCUSE", "ASSAULT"},
}
RELATIVE_PRONOUN_TAGS = ("WDT", "WP", "WP$")
RECIPROCAL_CATEGORIES = {"CONSULT", "AGREE", "COOPERATE"}
# Speakers the lexicon does not know still get an actor; these heads say what kind.
MEDIA_WORDS = {"agency", "newspaper", "paper", "television", "tv", "radio", "media", "outlet", "report", "daily"}


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



def resolve(token: Token, index: ActorIndex, depth: int = 2) -> list[Actor]:
    """The actors a noun-phrase head stands for, with its coordinated heads.

    "Russia and Iran" gives both; a pronoun takes its antecedent; a head that
    is no actor itself ("the government of Cyprus", "strongholds of the
    Islamic State") is searched a little way down its own phrase.
    """
    found: list[Actor] = []
    for head in [token, *conjuncts(token)]:
        actor = _resolve_one(head, index, depth)
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


def _resolve_one(token: Token, index: ActorIndex, depth: int) -> Actor | None:
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
    return _search_phrase(token, index, depth)


# Inside a noun phrase, these lead to the one who owns or does what the head
# names: "Serbia's suppression", "the government of Cyprus", "crimes committed
# by Croat forces", "bases belonging to ISIS". Locative phrases do not.
PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "prep", "pobj", "acl", "agent"}
NON_ACTOR_PREPOSITIONS = {"in", "near", "at", "around", "outside", "inside", "across", "throughout", "since", "during", "after", "before", "until", "for", "with", "as"}


def _search_phrase(token: Token, index: ActorIndex, depth: int) -> Actor | None:
    """Breadth-first search of a noun phrase for the nearest actor mention."""
    frontier = [token]
    for _ in range(depth + 1):
        following = []
        for word in frontier:
            for child in word.children:
                if child.dep_ not in PHRASE_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ in NON_ACTOR_PREPOSITIONS:
                    continue
                actor = index.at(child)
                if actor is not None and child.pos_ != "ADP":
                    return actor
                following.append(child)
        frontier = following
    return None


def subject_token(verb: Token) -> tuple[Token | None, bool]:
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
        return subject_token(head)[0], True
    if verb.dep_ == "conj":
        return subject_token(head)
    if verb.dep_ == "ccomp" and head.lemma_.lower() in ("say", "claim", "announce", "report"):
        # A headline drops the repeated subject: "Russia says conducts strikes".
        subject, active = subject_token(head)
        return (subject, active) if subject is not None and subject.pos_ != "PRON" else (None, True)
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
        return head, True
    if verb.dep_ == "advcl" and (verb.tag_ in ("VBG", "VBN", "TO") or _purpose(verb)):
        return subject_token(head)
    if verb.dep_ == "pcomp":
        # "accused X of attacking": X is the one who attacked.
        governor = head.head
        obj = next((c for c in governor.children if c.dep_ in OBJECT_DEPS), None)
        return (obj, True) if obj is not None else subject_token(governor)
    return None, True


def _purpose(verb: Token) -> bool:
    """ "sent inspectors to Bosnia to investigate": an infinitive of purpose, done by the sender."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def object_tokens(word: Token) -> list[Token]:
    return [c for c in word.children if c.dep_ in OBJECT_DEPS]


def prepositional_recipients(word: Token, *categories: str) -> list[Token]:
    """Objects of the word's prepositions that introduce a recipient for any of `categories`."""
    out = []
    for child in word.children:
        if child.dep_ != "prep":
            continue
        if not any(c in RECIPIENT_PREPOSITIONS.get(child.lower_, ()) for c in categories):
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


def speaker_actor(token: Token, index: ActorIndex) -> Actor | None:
    """The source of a statement, as an actor even when the lexicon does not know it."""
    found = resolve(token, index, depth=1)
    if found:
        return found[0]
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct", "prep") and t.i <= token.i]
    keep = [t for t in words if t.head.i >= token.i or t is token]
    start = min(t.idx for t in keep)
    end = token.idx + len(token.text)
    text = token.doc.text[start:end]
    name = text[4:] if text.lower().startswith("the ") else text
    if token.ent_type_ == "PERSON":
        kind = "person"
    elif token.ent_type_ == "ORG" or token.lower_ in MEDIA_WORDS:
        kind = "organization"
    else:
        kind = "group"
    sector = "MED" if token.lower_ in MEDIA_WORDS else None
    return Actor(text=text, start=start, end=end, name=name, country=None, sector=sector, type=kind)
