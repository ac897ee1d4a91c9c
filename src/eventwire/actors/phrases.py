"""Candidate actor phrases: spaCy noun chunks split into possessor and core.

Every phrase records its head (`root`), because the events stage maps a subject or object head
token to the actor span containing it: a phrase must reach its head noun.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.actors.lexicon import ActorLexicon
from eventwire.actors.matching import PERSON_TITLES, NameMatch, SectorCue

#: Determiners, numbers and the like are left out of a span; the core starts after them.
SKIPPED_LEADING_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "punct", "cc", "case", "prep", "advmod"})
SKIPPED_LEADING_POS = frozenset({"DET", "NUM", "PUNCT", "CCONJ", "PRON", "ADP", "PART"})
#: Words before a head that are not part of the actor ("an estimated 3,000 fighters").
SKIPPED_LEADING_WORDS = frozenset({"estimated", "some", "about", "around", "nearly", "almost", "more",
                                   "than", "least", "over", "several", "many", "few", "other", "another"})


@dataclass(frozen=True, slots=True)
class Phrase:
    start: int
    end: int
    root: int


def actor_phrases(
    doc: Doc, names: list[NameMatch], lexicon: ActorLexicon | None = None, cues: dict[int, SectorCue] | None = None
) -> list[Phrase]:
    """Candidate actor phrases: noun-chunk cores, their possessors, and stray names/people.

    A possessor is its own phrase ("Russia" in "Russia's defence ministry"), so both the state
    and the ministry can be actors; determiners and numbers are left out of the core.
    """
    phrases: list[Phrase] = []
    # Without a dependency parse (a blank pipeline) only the names themselves are phrases.
    chunks = _merged_chunks(doc, lexicon) if doc.has_annotation("DEP") else []
    for chunk_start, chunk_end, root in chunks:
        core_start = chunk_start
        for child in doc[root].children:
            if child.dep_ == "poss" and chunk_start <= child.i < chunk_end:
                sub = [t.i for t in child.subtree if chunk_start <= t.i < chunk_end]
                possessor_end = child.i + 1
                poss_start = skip_leading(doc, min(sub), possessor_end)
                if poss_start < possessor_end:
                    phrases.append(Phrase(poss_start, possessor_end, child.i))
                core_start = max(core_start, max(sub) + 1)
        core_start = skip_leading(doc, core_start, root)
        # "the Islamic State (IS)": the name and its parenthesised short form are two phrases.
        if any(doc[i].text == "(" for i in range(core_start, chunk_end)):
            phrases.extend(_parenthesis_pieces(doc, core_start, chunk_end, root))
            continue
        # A list parsed as one chunk ("the Taliban, Hamas, Boko Haram", "Hafez al-Assad and
        # Ivanka Trump"): each item is a phrase. "Russian and U.S. military" stays whole (the
        # states share the head; see _split_coordinated_states).
        commas = [i for i in range(core_start, root) if doc[i].is_punct and doc[i].text in (",", ";")
                  or doc[i].dep_ == "cc" and i > core_start and doc[i - 1].ent_type_ == "PERSON"]
        for comma in commas:
            item_start = skip_leading(doc, core_start, comma)
            if item_start < comma:
                phrases.append(Phrase(item_start, comma, comma - 1))
            core_start = skip_leading(doc, comma + 1, root)
        phrases.append(Phrase(core_start, chunk_end, root))
    covered = {i for p in phrases for i in range(p.start, p.end)}
    for match in names:
        if not covered.intersection(range(match.start, match.end)):
            phrases.append(Phrase(match.start, match.end, match.end - 1))
            covered.update(range(match.start, match.end))
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not covered.intersection(range(ent.start, ent.end)):
            phrases.append(Phrase(ent.start, ent.end, ent.end - 1))
    # A name or PERSON entity may straddle a chunk edge when the parse goes wrong ("Secretary
    # of State John Kerry", "Maulana Fazl-ur-Rehman"): widen the phrase to hold it when it holds
    # the phrase's head, or when it starts before the phrase and ends before the head.
    spans = [(m.start, m.end) for m in names] + [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    widened = []
    for phrase in phrases:
        start, end = phrase.start, phrase.end
        for span_start, span_end in spans:
            if not (span_start < end and start < span_end) or (start <= span_start and span_end <= end):
                continue  # disjoint, or already inside
            holds_head = span_start <= phrase.root < span_end
            leads_in = span_start < start and span_end <= phrase.root
            if holds_head or leads_in:
                start, end = min(start, span_start), max(end, span_end)
        widened.append(_with_title(doc, Phrase(start, end, phrase.root), names, cues or {}))
    return sorted(widened, key=lambda p: (p.start, p.end))


def _with_title(doc: Doc, phrase: Phrase, names: list[NameMatch], cues: dict[int, SectorCue]) -> Phrase:
    """A person's phrase takes in the title before it that the parse left out: "US Secretary of
    Defense Ash Carter" often comes out as chunks "Defense" and entity "Ash Carter"."""
    if doc[phrase.root].ent_type_ != "PERSON":
        return phrase
    title_tokens = {i for i, cue in cues.items() if cue.word.type == "person"}
    title_tokens |= {i for m in names if m.entry.kind in ("country", "demonym", "seat", "igo", "organization")
                     for i in range(m.start, m.end)}
    start = phrase.start
    while start > 0 and (start - 1 in title_tokens or doc[start - 1].lower_.rstrip(".") in PERSON_TITLES):
        start -= 1
    return Phrase(start, phrase.end, phrase.root) if any(i in cues for i in range(start, phrase.start)) else phrase


def _parenthesis_pieces(doc: Doc, start: int, end: int, root: int) -> list[Phrase]:
    pieces: list[Phrase] = []
    piece_start = start
    for i in range(start, end + 1):
        if i == end or doc[i].text in ("(", ")"):
            piece_start = skip_leading(doc, piece_start, i)
            if piece_start < i:
                pieces.append(Phrase(piece_start, i, root if piece_start <= root < i else i - 1))
            piece_start = i + 1
    return pieces


def _merged_chunks(doc: Doc, lexicon: ActorLexicon | None = None) -> list[tuple[int, int, int]]:
    """Noun chunks, with a title or close appositive joined to the person it introduces.

    "Foreign Ministry spokesman Hong Lei" is parsed as "spokesman" + appositive "Hong Lei", and
    "Prime Minister Theresa May" sometimes as two chunks; with nothing between them they are
    one mention, whose head is the person.
    """
    chunks = [(c.start, c.end, c.root.i) for c in doc.noun_chunks]
    merged: list[tuple[int, int, int]] = []
    for start, end, root in chunks:
        if merged:
            p_start, p_end, p_root = merged[-1]
            token = doc[root]
            close_appositive = token.dep_ == "appos" and token.head.i == p_root
            title_before_person = token.ent_type_ == "PERSON" and _is_title(doc[p_root], lexicon)
            if p_end == start and (close_appositive or title_before_person):
                merged[-1] = (p_start, end, root)
                continue
        merged.append((start, end, root))
    return merged


def _is_title(token: Token, lexicon: ActorLexicon | None) -> bool:
    word = token.lower_.rstrip(".")
    if word in PERSON_TITLES:
        return True
    entry = lexicon.sector_words.get((token.lemma_.lower(),)) if lexicon is not None else None
    return entry is not None and entry.type == "person" and token.ent_type_ != "PERSON"


def skip_leading(doc: Doc, start: int, limit: int) -> int:
    while start < limit and (doc[start].pos_ in SKIPPED_LEADING_POS or doc[start].dep_ in SKIPPED_LEADING_DEPS
                             or doc[start].lower_ in SKIPPED_LEADING_WORDS):
        start += 1
    return start
