"""Step 1, candidates: the trigger words of a sentence, each read in its sense, and the wrapper
words above them.

`find_triggers` looks words up in the trigger lexicon and leaves out those used in another
sense ("demonstrated its resolve", "a press release"). `read_candidate` makes a `Reading` of
one trigger: its cue, the light verb that lends an event noun its actor ("Russia launched
airstrikes"), and what the verb that governs it makes of it ("halted aid" ends aid: SANCTION).
`governors` finds the wrappers ("refused to share", "said that ..."), whose effect is the
modality step's. `refine_mode` and `find_contexts` read the lexicon's mode and context cues.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.events.lexicon import EventLexicon, EventWords, Trigger
from eventwire.events.reading import Reading
from eventwire.events.roles import OBJECT_DEPS, ActorIndex, object_tokens, owns_actor, resolve
from eventwire.events.syntax import adjective_clauses, clause_reported_before, joined, punished_for

# Dependencies through which a wrapper governs an event below it.
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep", "acl", "advcl", "attr", "oprd", "acomp",
                           "nsubjpass", "parataxis", "dep"})
# Light verbs lend their subject to the event noun they take as object:
# "Russia launched airstrikes", "the two sides held talks".
LIGHT_NOUN_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "pobj", "npadvmod"})
#: Categories whose act, held certain by someone, accuses whoever did it:
#: "the Pentagon is certain that a Russian warplane carried out the attack".
ACCUSABLE_CATEGORIES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})
#: Categories of verbs that judge, back or refuse someone else's act: "condemned the fighting",
#: "welcomed the ceasefire". Their subject is not the actor of the event noun they govern.
JUDGING_CATEGORIES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "PROTEST"})
#: The restrictions that lifting ends (CONCEDE), and the cooperation that stopping ends (SANCTION).
LIFTED_CATEGORIES = frozenset({"SANCTION", "COERCE", "PROTEST"})
ENDED_BY_STOPPING = frozenset({"AID", "COOPERATE", "CONSULT", "AGREE", "SUPPORT"})


def find_triggers(sentence: Span, lexicon: EventLexicon) -> list[tuple[Token, Trigger]]:
    found = []
    for token in sentence:
        pos = _lexicon_pos(token)
        if pos == "AUX" or (pos == "NOUN" and _names_a_source(token, lexicon.words)) or _in_another_sense(token, lexicon):
            continue
        # lemma first, then the surface form; a tuple, so the order never depends on the hash seed
        keys = tuple(dict.fromkeys(((token.lemma_.lower(), pos), (token.lower_, pos))))
        for key in keys:
            for trigger in lexicon.triggers.get(key, ()):
                if trigger.cue is None or cue_token(token, trigger.cue) is not None:
                    found.append((token, trigger))
                    break
            else:
                continue
            break
    return found


def best_trigger(sentence: Span, category: str, lexicon: EventLexicon) -> tuple[Token, Trigger] | None:
    """The word of the sentence that the lexicon most believes expresses `category`, with that
    entry; entries of every weight count (the detector has already said the event is there), and a
    cue an entry needs must be present."""
    best: tuple[Token, Trigger] | None = None
    for token in sentence:
        pos = _lexicon_pos(token)
        if pos == "AUX":
            continue
        for key in tuple(dict.fromkeys(((token.lemma_.lower(), pos), (token.lower_, pos)))):
            for trigger in lexicon.triggers.get(key, ()):
                usable = trigger.category == category and (trigger.cue is None or cue_token(token, trigger.cue) is not None)
                if usable and (best is None or trigger.weight > best[1].weight):
                    best = (token, trigger)
    return best


def _lexicon_pos(token: Token) -> str:
    """The part of speech the trigger lexicon knows a word by: proper nouns are nouns there."""
    return token.pos_ if token.pos_ != "PROPN" else "NOUN"


def _in_another_sense(verb: Token, lexicon: EventLexicon) -> bool:
    """True for a trigger word used in a sense that is no event of its category."""
    words = lexicon.words
    if verb.pos_ == "ADJ" and verb.lemma_.lower() in words.certainty_adjectives:
        return not _certain_of_conflict(verb, lexicon)
    if verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    if lemma in words.showing_senses:
        # "demonstrating that ...", "demonstrated its resolve" show; "demonstrated against the law" protests.
        return any(c.dep_ in ("dobj", "ccomp") for c in verb.children)
    if lemma in words.moving_forces:
        # The attack noun is the event ("deploying an attack after another"): it is coded as ASSAULT.
        return any(c.dep_ == "dobj" and any(t.category == "ASSAULT" for t in lexicon.triggers.get((c.lemma_.lower(), "NOUN"), ()))
                   for c in verb.children)
    return False


def _certain_of_conflict(adjective: Token, lexicon: EventLexicon) -> bool:
    """True when the adjective's clause ("certain that X carried out the attack") holds an act of conflict."""
    for clause in adjective_clauses(adjective):
        for word in clause.subtree:
            if any(t.category in ACCUSABLE_CATEGORIES for t in lexicon.triggers.get((word.lemma_.lower(), _lexicon_pos(word)), ())):
                return True
    return False


def _names_a_source(noun: Token, words: EventWords) -> bool:
    """True for an event noun that names where a report comes from: "according to a press release"."""
    if any(c.dep_ == "compound" and c.lower_ in words.source_compounds for c in noun.children):
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.lower_ == "according"


def cue_token(token: Token, cue: str) -> Token | None:
    """The cue word of a two-word trigger, if it is a child, the head or the head's head."""
    nearby = list(token.children)
    for child in token.children:
        if child.dep_ in ("prep", "dobj"):
            nearby.extend(child.children)
    nearby.append(token.head)
    if token.head.pos_ == "ADP":
        nearby.append(token.head.head)
    for other in nearby:
        if other is not token and other.lemma_.lower() == cue:
            return other
    return None


def governors(token: Token, lexicon: EventLexicon, limit: int = 6) -> list[tuple[Token, str]]:
    """Wrapper words above a trigger, innermost first, with their roles.

    Coordination is passed through without making the first conjunct a
    wrapper: in "said X and Y", Y is reported too.
    """
    found: list[tuple[Token, str]] = []
    current = token
    for _ in range(limit):
        head = current.head
        if head is current:
            break
        dep = current.dep_
        if dep == "conj":
            current = head
            continue
        if dep not in GOVERNED_DEPS and not (dep == "nsubj" and head.pos_ == "ADJ"):
            break
        if dep in ("prep", "advcl") and head.pos_ in ("VERB", "AUX") and _fronted(current, head):
            break  # a fronted adjunct ("In its war against X, ..., the US denies ...") is no complement
        role = lexicon.wrappers.get(head.lemma_.lower())
        if role is not None:
            found.append((head, role))
        elif dep == "ccomp" and head.lemma_.lower() == "be":
            # "the Pentagon is “certain” that ...": the clause hangs on the copula, the adjective wraps it.
            found.extend((a, lexicon.wrappers[a.lemma_.lower()]) for a in head.children
                         if a.dep_ == "acomp" and a.i < current.i and a.lemma_.lower() in lexicon.wrappers)
        current = head
    # "..., Kerry said." is often parsed with "said" hanging off the main verb.
    top = current
    for child in top.children:
        if child.dep_ in ("parataxis", "advcl", "ccomp") and child.i > token.i:
            role = lexicon.wrappers.get(child.lemma_.lower())
            if role in ("report", "claim"):
                found.append((child, role))
    return found


def _fronted(adjunct: Token, verb: Token) -> bool:
    """True for an adjunct that opens its clause, before the verb's subject: "In cooperation with X,
    Turkey denied ..." (not "Russia in its airstrikes is targeting ...")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return adjunct.i < (subject.left_edge.i if subject is not None else verb.i)


def read_candidate(token: Token, trigger: Trigger, lexicon: EventLexicon, index: ActorIndex) -> Reading:
    """One trigger read in its sense, before any wrapper above it is applied."""
    reading = Reading(token=token, trigger=trigger, category=trigger.category, mode=trigger.mode)
    reading.trigger_tokens.add(token.i)
    cue = cue_token(token, trigger.cue) if trigger.cue else None
    if cue is not None:
        reading.consumed.add(cue.i)
        if abs(cue.i - token.i) <= 3:
            reading.trigger_tokens.add(cue.i)
    reading.actor_head = _light_verb(reading, lexicon, index)
    _reread_by_governor(reading, lexicon.words, index)
    return reading


def _light_verb(reading: Reading, lexicon: EventLexicon, index: ActorIndex) -> Token:
    """The word whose subject is the event's actor: for an event noun, the light verb that governs
    it ("Serbia lodged an official protest"), unless the noun names its own actor ("the
    coalition's airstrike") or the verb judges someone else's act ("condemned the fighting")."""
    token, category = reading.token, reading.trigger.category
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ not in LIGHT_NOUN_DEPS:
        return token
    governor = token.head.head if token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX") else token.head
    if _measured_object(token):
        governor = token.head.head.head  # "gave the Ivory Coast $5m of aid": the aid is given
    if governor.pos_ not in ("VERB", "AUX"):
        return token
    if _judges_the_act(governor, category, lexicon):
        reading.judged_by = governor
        return token
    reading.light_verb = governor
    if owns_actor(token, governor, category, index, lexicon.words):
        return token
    if abs(governor.i - token.i) <= 4 and lexicon.wrappers.get(governor.lemma_.lower()) is None:
        reading.trigger_tokens.add(governor.i)
    return governor


def _measured_object(noun: Token) -> bool:
    """True for the event noun of an amount that is a verb's object: "$5m of aid", "tons of aid"."""
    of, amount = noun.head, noun.head.head
    return (noun.dep_ == "pobj" and of.lower_ == "of" and amount.dep_ in ("dobj", "dative")
            and amount.head.pos_ in ("VERB", "AUX") and amount.pos_ in ("NOUN", "NUM", "SYM"))


def _judges_the_act(verb: Token, category: str, lexicon: EventLexicon) -> bool:
    """True for a governing verb that is itself an event of judging another's act ("Obama condemned
    the fighting in Homs": Obama did not fight), so it lends the noun no actor."""
    triggers = lexicon.triggers.get((verb.lemma_.lower(), "VERB"), ())
    return any(t.category in JUDGING_CATEGORIES and t.category != category and t.cue is None for t in triggers)


def _reread_by_governor(reading: Reading, words: EventWords, index: ActorIndex) -> None:
    """What the verb around a trigger makes of it: ending, stopping, lifting, training, letting in,
    withdrawing, complaining or arresting for an act is an act of another category."""
    token = reading.token
    stop = _stopping_verb(token)
    stopped = stop.lemma_.lower() if stop is not None else ""
    if reading.category in ENDED_BY_STOPPING and stopped in words.stop_verbs:
        # "halted economic aid", "ended mediation efforts": ending cooperation is SANCTION (manual 3.10.2).
        _reread(reading, stop, "SANCTION", "discontinue", f"SANCTION: '{stop.text}' ends {reading.category}")
    elif reading.category == "PROTEST" and stopped in words.prevent_verbs:
        # "police prevented the demonstration", "banned the rally": the protest is the recipient of COERCE.
        mode = "ban" if stopped in words.banning_verbs else "restrict"
        _reread(reading, stop, "COERCE", mode, f"COERCE: '{stop.text}' stops a protest")
    elif reading.category in LIFTED_CATEGORIES and stopped in words.lift_verbs:
        # "lifted a blockade", "eased sanctions": ending a restriction is a concession (manual 3.4).
        _reread(reading, stop, "CONCEDE", None, f"CONCEDE: '{stop.text}' ends {reading.category}")
    lemma = token.lemma_.lower()
    if reading.category == "AID" and lemma in words.training_verbs and not _trains_another_party(token, index, words):
        # "has trained 500 hackers": building one's own forces, not aid to anyone (manual 3.14, 3.6.1).
        reading.category, reading.mode = "MOBILIZE", "troops"
        reading.notes.append("MOBILIZE: training forces of no other party")
    if reading.category in ("CONSULT", "CONCEDE") and lemma in words.access_verbs and _admits_observers(token, words):
        # "received a mission of observers", "allowed inspectors in": access for a third party (manual 3.7).
        reading.category, reading.mode = "RETREAT", "access"
        reading.notes.append("RETREAT: access for observers, inspectors or peacekeepers")
    if reading.category == "RETREAT" and reading.mode in (None, "withdraw") and _withdraws_cooperation(token, words):
        # "peacekeepers were shipped out", "withdrew its monitors": ending a cooperative presence (manual 3.10.2).
        reading.category, reading.mode = "SANCTION", "withdraw"
        reading.notes.append("SANCTION: withdrawing a cooperative presence")
    if reading.category == "PROTEST" and token.pos_ == "VERB" and lemma == "protest" and _reports(token):
        # "X is failing its refugees, a rights group protested": a complaint in words is ACCUSE (manual 3.9).
        reading.category, reading.mode = "ACCUSE", "disapprove"
        reading.notes.append("ACCUSE: 'protest' reporting a statement is a verbal complaint")
    arrest = punished_for(token, words)
    if arrest is not None and reading.category != "ACCUSE":
        # "was arrested in Lebanon for collaborating with Israel": the act is what the arrest alleges,
        # not an act the text asserts; the arrester accuses the arrested (manual 3.9, 'allege').
        reading.category, reading.mode = "ACCUSE", "allege"
        reading.actor_head = arrest
        reading.notes.append(f"ACCUSE: '{arrest.text}' for '{token.text}' alleges it")


def _stopping_verb(noun: Token) -> Token | None:
    """The verb whose object (or passive subject) is the event noun, which may stop it: "halted aid",
    "ended mediation efforts" (through a compound), "prevented the demonstration"."""
    if noun.pos_ != "NOUN":
        return None
    ended = noun.head if noun.dep_ == "compound" else noun
    return ended.head if ended.dep_ in ("dobj", "nsubjpass") else None


def _reread(reading: Reading, verb: Token, category: str, mode: str | None, note: str) -> None:
    """Make `verb` the event's word with a new category: the one who stops an act is its actor."""
    reading.category, reading.mode = category, mode
    reading.actor_head = verb
    reading.trigger_tokens = joined(verb, reading.token) | {verb.i}
    reading.notes.append(note)


def _trains_another_party(verb: Token, index: ActorIndex, words: EventWords) -> bool:
    """True when the verb's object resolves to an actor: "trained Iraqi soldiers" (not "trained hackers")."""
    return any(resolve(obj, index, words) for obj in object_tokens(verb))


def _admits_observers(verb: Token, words: EventWords) -> bool:
    """True when whom the verb lets in are observers, inspectors or peacekeepers ("a mission of observers")."""
    for obj in (c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "ccomp", "xcomp")):
        heads = [obj] + [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        heads += [c for c in obj.children if c.dep_ in ("nsubj", "conj")]
        if any(h.lemma_.lower() in words.admitted_presence for h in heads):
            return True
    return False


def _withdraws_cooperation(verb: Token, words: EventWords) -> bool:
    """True when what is withdrawn (the object, or a passive subject) is a cooperative presence."""
    moved = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    moved += [c for m in moved for c in m.children if c.dep_ == "conj"]
    return any(m.lemma_.lower() in words.cooperative_presence for m in moved)


def _reports(verb: Token) -> bool:
    """True for a verb used as a verb of saying: it has a reported clause, or follows one."""
    return any(c.dep_ == "ccomp" for c in verb.children) or clause_reported_before(verb) is not None


def refine_mode(reading: Reading, sentence: Span, lexicon: EventLexicon) -> str | None:
    if reading.mode is not None:
        return reading.mode
    lemmas = {t.lemma_.lower() for t in sentence} | {t.lower_ for t in sentence}
    for cue, mode in lexicon.mode_cues.get(reading.category, ()):
        if cue in lemmas:
            return mode
    return None


def find_contexts(sentence: Span, lexicon: EventLexicon) -> tuple[str, ...]:
    found: list[str] = []
    for token in sentence:
        context = lexicon.context_cues.get(token.lemma_.lower()) or lexicon.context_cues.get(token.lower_)
        if context and context not in found:
            found.append(context)
    return tuple(found)
