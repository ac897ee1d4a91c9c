"""Parse-tree shapes that more than one step reads: subject and object dependencies, the clauses
an adjective governs, the clause a verb of saying follows, the verb of arrest over an alleged act,
the words of a two-part trigger."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.lexicon import EventWords

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "dative", "obj")


def adjective_clauses(adjective: Token) -> list[Token]:
    """The clauses an adjective governs: its own, or, after a copula, the copula's that follow it
    ("is “certain” that ...": the quotes make the model hang the clause on "is")."""
    clauses = [c for c in adjective.children if c.dep_ == "ccomp"]
    if adjective.dep_ == "acomp":
        clauses += [c for c in adjective.head.children if c.dep_ == "ccomp" and c.i > adjective.i]
    return clauses


def clause_reported_before(verb: Token) -> Token | None:
    """The clause that a verb of saying follows ("X is failing ..., a group protested"), else None.

    The small model often reads such a trailing "a rights group protested here Wednesday" as a
    participle modifying the noun after the comma (acl on an apposition). A verb of saying with no
    subject or object of its own that closes the sentence is the clause's reporting verb there,
    so the clause it reports is the sentence's root.
    """
    head = verb.head
    if verb.dep_ in ("parataxis", "ccomp") and head.i < verb.i and head.pos_ in ("VERB", "AUX"):
        return head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ in OBJECT_DEPS or c.dep_ in ("ccomp", "agent") for c in verb.children):
        return None
    last_word = max((t.i for t in verb.sent if not t.is_punct), default=verb.i)
    if verb.right_edge.i < last_word:
        return None
    before = head.left_edge.i - 1
    root = verb.sent.root
    if before < verb.sent.start or verb.doc[before].text != "," or not root.i < head.i or root.pos_ not in ("VERB", "AUX"):
        return None
    return root


def punished_for(act: Token, words: EventWords) -> Token | None:
    """The verb of arrest whose "for" phrase names the act ("detained for collaborating with X"), else None."""
    if act.dep_ not in ("pcomp", "pobj") or act.head.lower_ != "for":
        return None
    verb = act.head.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in words.punishing_verbs else None


def joined(first: Token, second: Token) -> set[int]:
    """Token ids of a two-part trigger ("refused to share", "will not coordinate").

    The words between are included only when they are function words, so a
    trigger never swallows a participant ("asked Russia to withdraw").
    """
    low, high = sorted((first.i, second.i))
    between = first.doc[low + 1 : high]
    if len(between) <= 3 and all(t.pos_ in ("AUX", "PART", "ADP", "DET", "ADV", "PRON") for t in between):
        return set(range(low, high + 1))
    return {first.i}
