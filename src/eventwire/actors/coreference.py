"""Later mentions of an actor named earlier in the document: "he", "its", "the ministry", "the group".

A news story names an actor in full once ("the Russian Foreign Ministry", "Sergei Lavrov") and then
refers back to it ("the ministry said", "he told reporters"). Each such later mention becomes an
actor with its antecedent's identity, and its `why` names the antecedent.

Two kinds of anaphor are linked:
* words listed in `data/anaphors.tsv`: personal pronouns, and definite nouns of a class ("the
  group", "the country", "the president"), each with the record types it may refer to and how many
  sentences back its antecedent may be;
* a definite noun with the same head as an earlier *named* actor ("the Russian Foreign Ministry"
  ... "the ministry", "the US-led coalition" ... "the coalition"), anywhere earlier in the document.

The antecedent is the most salient compatible actor: the nearest sentence first, subjects before
other roles, then the nearest. A pronoun is never linked to an argument of its own verb ("Russia
attacked it" is not Russia attacking itself), and a pleonastic "it" ("it is unclear whether") is
left alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace

from spacy.tokens import Doc, Token

from eventwire.actors.lexicon import Anaphor
from eventwire.actors.mention import Mention

DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "hers", "its", "their"})
#: A verb whose subject "it" stands for a clause, not an actor: "it is unclear whether ...".
PLEONASTIC_COMPLEMENTS = frozenset({"ccomp", "xcomp", "acomp", "csubj"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "into", "inside", "across", "throughout", "around", "near", "within"})
#: Verbs of saying whose subject is the speaker a quoted "we" speaks for.
REPORTING_VERBS = frozenset({"say", "tell", "add", "state", "insist", "stress", "warn", "announce", "write",
                             "declare", "explain", "note", "argue", "claim", "reply"})
#: A quote often runs over a sentence break before its speaker is named: look this far ahead.
QUOTE_SENTENCES = 2
#: A same-head antecedent may be anywhere earlier in the document.
WHOLE_DOCUMENT = 10_000


def link_later_mentions(
    doc: Doc, mentions: list[Mention], anaphors: Mapping[str, Anaphor], country_names: Mapping[str, str]
) -> list[Mention]:
    """`mentions` with later mentions linked to their antecedents, sorted by start; `country_names`
    names the state a quoted "we" speaks for."""
    if not doc.has_annotation("DEP"):
        return mentions  # a blank pipeline: no sentences or roles to link by
    sentence_starts = [sentence.start for sentence in doc.sents]
    covered = {i: m for m in mentions for i in range(m.start, m.end)}
    linked: dict[int, Mention] = {}  # start token of a mention that replaces or joins the list
    known: list[Mention] = sorted(mentions, key=lambda m: m.start)
    for token in _linking_order(doc, anaphors):
        mention = covered.get(token.i)
        if mention is not None and (mention.owned or mention.country is not None or mention.proper):
            continue  # already a named actor
        if mention is not None and mention.root != token.i:
            continue
        found = _anaphor_of(token, mention, anaphors, known)
        if found is None:
            continue
        anaphor, start, rule = found
        antecedent = _antecedent(doc, token, anaphor, rule, known, sentence_starts, country_names)
        if antecedent is None:
            continue
        first = mention.start if mention is not None else start
        span = doc[first:token.i + 1].text
        why = (f"{anaphor.source or 'same head as'} '{span}' refers back to "
               f"'{doc[antecedent.start:antecedent.end].text}' ({antecedent.name})",)
        sector = antecedent.sector
        if mention is not None and mention.strength > antecedent.strength and mention.sector:
            sector = mention.sector  # "the army" after "Syria": the state's military
        new = replace(antecedent, start=first, end=token.i + 1, root=token.i, sector=sector, why=why,
                      country_source="antecedent" if antecedent.country else None)
        if mention is not None:
            linked[mention.start] = new
        elif not any(i in covered for i in range(first, token.i + 1)):
            linked[first] = new
        else:
            continue
        known = sorted([m for m in known if m.start != first] + [new], key=lambda m: m.start)
    out = [linked.pop(m.start, m) for m in mentions]
    out.extend(linked.values())
    return sorted(out, key=lambda m: m.start)


def _linking_order(doc: Doc, anaphors: Mapping[str, Anaphor]) -> list[Token]:
    """Every token, the first-person words of quoted speech last: the speaker a quoted "we" speaks for
    is often a pronoun named after it ('"We will not leave," he said'), linked to its antecedent first."""
    speaking = [t for t in doc if (entry := anaphors.get(t.lower_)) is not None and entry.kind == "speaker"]
    later = {t.i for t in speaking}
    return [t for t in doc if t.i not in later] + speaking


def _anaphor_of(
    token: Token, mention: Mention | None, anaphors: Mapping[str, Anaphor], known: list[Mention]
) -> tuple[Anaphor, int, str] | None:
    """(the anaphor entry, the first token of its span, "class" or "same head") or None."""
    lower = token.lower_
    entry = anaphors.get(lower)
    if token.pos_ == "PRON":
        if entry is None or entry.kind == "noun" or _pleonastic(token):
            return None
        return entry, token.i, entry.kind
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    determiner = next((c for c in token.children if c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS), None)
    if determiner is None:
        return None
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
        return None  # "strikes in the region", "fighting across the country": where, not who
    # The span starts after the determiner and keeps adjectives ("the rebel group").
    start = determiner.i + 1
    if any(t.pos_ == "PROPN" or t.ent_type_ for t in token.doc[start:token.i]):
        return None  # "the Free Syrian Army" is a name the lexicon does not know, not an anaphor
    lemma = token.lemma_.lower()
    if any(m.owned and m.root < token.i and token.doc[m.root].lemma_.lower() == lemma
           and token.doc[m.root].lower_ != m.name.lower() for m in known):
        return Anaphor(lemma, "noun", frozenset(), WHOLE_DOCUMENT), start, "same head"
    entry = anaphors.get(lemma) or entry
    if entry is None or entry.kind != "noun":
        return None
    return entry, start, "class"


def _pleonastic(token: Token) -> bool:
    """True for an "it" that stands for no actor: a dummy subject ("it is unclear whether"), or a
    direct object, which in news is nearly always a thing or a statement ("denied it", "condemned
    it"); "share intelligence with it" keeps its actor."""
    if token.lower_ != "it":
        return False
    if token.dep_ in ("expl", "dobj", "attr", "oprd", "dep"):
        return True
    head = token.head
    return token.dep_ in SUBJECT_DEPS and head.lemma_ in ("be", "seem", "appear", "remain") and any(
        child.dep_ in PLEONASTIC_COMPLEMENTS for child in head.children)


def _antecedent(
    doc: Doc, token: Token, anaphor: Anaphor, rule: str, known: list[Mention], sentence_starts: list[int],
    country_names: Mapping[str, str],
) -> Mention | None:
    if rule == "speaker":
        return _speaker(token, known, country_names)
    if token.lower_ in POSSESSIVE_PRONOUNS:
        bound = _clause_subject(token, known)
        if bound is not None and _compatible(token, anaphor, bound, doc[bound.root]):
            return bound
    here = bisect_right(sentence_starts, token.i) - 1
    best: tuple[tuple[int, int, int], Mention] | None = None
    lemma = token.lemma_.lower()
    for candidate in known:
        if candidate.end > token.i or candidate.start >= token.i:
            continue
        if not (candidate.owned or candidate.country is not None or candidate.proper or _has_a_name(doc, candidate)):
            continue  # an antecedent must say who: "the official" refers to nobody yet, "the Umma party" does
        root = doc[candidate.root]
        distance = here - (bisect_right(sentence_starts, candidate.root) - 1)
        if distance > anaphor.window:
            continue
        if rule == "same head":
            if root.lemma_.lower() != lemma or not candidate.owned:
                continue
        elif not _compatible(token, anaphor, candidate, root):
            continue
        if token.pos_ == "PRON" and token.lower_ not in POSSESSIVE_PRONOUNS and _co_argument(token, root):
            continue
        rank = (distance, 0 if root.dep_ in SUBJECT_DEPS else 1, token.i - candidate.root)
        if best is None or rank < best[0]:
            best = (rank, candidate)
    return best[1] if best else None


def _has_a_name(doc: Doc, mention: Mention) -> bool:
    """True for a mention with a proper name beside its head noun ("the Umma party")."""
    return any(doc[i].pos_ == "PROPN" and doc[i].is_title for i in range(mention.start, mention.end) if i != mention.root)


def _compatible(token: Token, anaphor: Anaphor, candidate: Mention, root: Token) -> bool:
    if candidate.type not in anaphor.refers_to:
        return False
    if anaphor.refers_to == {"person"}:
        return candidate.proper or candidate.country is not None
    plural_antecedent = root.tag_ in PLURAL_TAGS or candidate.type == "armed_group" and root.tag_ == "NNPS"
    if token.lower_ == "their" and candidate.type == "state" and root.dep_ in SUBJECT_DEPS:
        return True  # "Russia has been striking ... their jets": a state named as the subject is a "they" too
    if token.lower_ in ("they", "them", "their"):
        return plural_antecedent or candidate.type in ("group", "armed_group")
    if token.lower_ in ("it", "its"):
        return not (root.tag_ in PLURAL_TAGS and candidate.type == "group")
    return True


def _co_argument(pronoun: Token, root: Token) -> bool:
    """True when the pronoun and the candidate are arguments of the same verb."""
    def governor(token: Token) -> Token:
        while token.dep_ in ("conj", "compound", "appos") and token.head is not token:
            token = token.head
        if token.dep_ == "pobj":
            token = token.head
        return token.head

    return governor(pronoun) is governor(root)


def _mention_at(i: int, known: list[Mention]) -> Mention | None:
    return next((m for m in known if m.start <= i < m.end), None)


def _clause_subject(pronoun: Token, known: list[Mention]) -> Mention | None:
    """The subject of the clause a possessive sits in, which it usually refers to: "France stepped
    up its strikes", "France, which has stepped up its own strikes" (through the relative pronoun)."""
    verb = pronoun.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.i > pronoun.i:
        return None
    if subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subject = verb.head
    found = _mention_at(subject.i, known)
    if found is None or not (found.owned or found.country is not None or found.proper):
        return None
    return found


def _speaker(pronoun: Token, known: list[Mention], country_names: Mapping[str, str]) -> Mention | None:
    """First person plural in quoted speech stands for the side of its speaker, named in the same
    sentence or in the next two (a quote may span sentences):
    '"We cannot and will not discuss cooperation," Baldanza said' -> the United States. A person
    speaks for their state or organisation, so the link takes the speaker's country, not the person;
    a person of no known country ("the town's mayor, Jane Doe") is the side itself, whose country the
    places may tell later. A pronoun speaker ("he said") stands for its antecedent, linked before."""
    sentences = [pronoun.sent]
    for _ in range(QUOTE_SENTENCES):
        following = sentences[-1].end
        if following >= len(pronoun.doc):
            break
        sentences.append(pronoun.doc[following].sent)
    for verb in (token for sentence in sentences for token in sentence):
        if verb.lemma_.lower() not in REPORTING_VERBS or verb.pos_ != "VERB":
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.i == pronoun.i or subject.lower_ in ("we", "i"):
            continue
        speaker = _mention_at(subject.i, known)
        if speaker is None or not (speaker.owned or speaker.country is not None or speaker.proper):
            continue
        if speaker.type == "person" and speaker.country is not None:
            name = country_names.get(speaker.country or "", speaker.name)
            return replace(speaker, name=name, type="state", proper=False)
        return speaker
    return None
