"""Code PLOVER events from a parsed document.

The order of work, per sentence:
1. `find_triggers`: words of the trigger lexicon whose cue (if any) is there.
2. `governors`: the wrapper words above each trigger ("refused to share",
   "denied bombing", "said that ...", "is expected to join").
3. `interpret`: what the wrappers, auxiliaries and negation do to the
   category, the modality and the source of the claim.
4. roles, place and date from the syntax; one `Event` record per trigger.
Nothing here reads files or prints; the lexicons come in as arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from eventwire.events.lexicon import EventLexicon, Trigger
from eventwire.events.roles import (
    OBJECT_DEPS,
    SUBJECT_DEPS,
    ActorIndex,
    noun_actor_tokens,
    object_tokens,
    prepositional_recipients,
    resolve,
    speaker_actor,
    subject_token,
)
from eventwire.records import Actor, DateMention, Document, Event, Place, event_id

# Dependencies through which a wrapper governs an event below it.
GOVERNED_DEPS = {"xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep", "acl", "advcl", "attr", "oprd", "acomp", "nsubjpass", "parataxis", "dep"}
# Light verbs lend their subject to the event noun they take as object:
# "Russia launched airstrikes", "the two sides held talks".
LIGHT_NOUN_DEPS = {"dobj", "attr", "oprd", "nsubjpass", "pobj", "npadvmod"}
FUTURE_AUXILIARIES = {"will", "shall", "'ll", "wo"}
MODAL_HYPOTHETICAL = {"could", "might", "may", "should"}
REFUSAL_MODALS = {"will", "wo", "would", "can", "ca", "shall"}
CONFLICT_CATEGORIES = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# Future cooperative acts are AGREE (manual 3.1); RETREAT and CONCEDE stay as they are.
FUTURE_TO_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
# Nouns that say an event is a claim being rejected: "rejected claims that ...".
CLAIM_NOUNS = {"claim", "report", "allegation", "accusation", "suggestion", "charge"}
PHYSICAL_QUADS = {"MATERIAL_COOPERATION", "MATERIAL_CONFLICT"}
SAYING_VERBS = {"say", "tell", "report", "add", "announce", "state", "quote", "cite", "claim", "insist"}
# Triggers whose passive form states the subject's own attitude ("Moscow is concerned").
STATIVE_PASSIVES = {"concern", "concerned", "worry", "worried", "alarm", "alarmed", "disappoint", "disappointed",
                    "oppose", "opposed", "outrage", "outraged", "commit", "committed", "prepare", "prepared",
                    "determine", "determined", "dismay", "dismayed", "anger", "angered", "trouble", "troubled",
                    "engage", "engaged", "involve", "involved",
                    # "the guerrillas have been demobilized": the group itself stands down (RETREAT)
                    "demobilize", "demobilise", "disarm", "redeploy",
                    # "peacekeepers were shipped out / withdrawn": those moved are the ones withdrawing
                    "withdraw", "ship", "pull", "evacuate"}
PARTICIPANT_DEPS = {"nsubj", "nsubjpass", "dative", "poss", "agent", "appos"}
LOCATIVE_PREPOSITIONS = {"in", "near", "at", "over", "around", "outside", "inside", "across", "throughout", "from", "into", "on"}


@dataclass
class Reading:
    """What the coder has worked out about one trigger, before it becomes an Event."""

    token: Token
    trigger: Trigger
    category: str
    mode: str | None
    actor_head: Token | None = None  # the word whose subject / modifiers give the actor
    light_verb: Token | None = None  # "launched" in "launched airstrikes"
    trigger_tokens: set[int] = field(default_factory=set)
    negated: bool = False
    modality: str = "asserted"
    attributed_to: Actor | None = None
    consumed: set[int] = field(default_factory=set)  # wrapper triggers merged into this one
    notes: list[str] = field(default_factory=list)
    addressee: Token | None = None  # whom a demand is made of: "Libya" in "said Libya must hand over"
    inner: str | None = None  # the category a wrapper turned into this one: AID in "refused to commit aid to X"
    judged_by: Token | None = None  # a verb judging the act, whose subject is no participant: "condemned"


def find_triggers(sentence: Span, lexicon: EventLexicon) -> list[tuple[Token, Trigger]]:
    found = []
    for token in sentence:
        pos = _lexicon_pos(token)
        if pos == "AUX" or (pos == "NOUN" and _names_a_source(token)) or _in_another_sense(token, lexicon):
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


def _lexicon_pos(token: Token) -> str:
    """The part of speech the trigger lexicon knows a word by: proper nouns are nouns there."""
    return token.pos_ if token.pos_ != "PROPN" else "NOUN"


#: Verbs that mean "show" when they take an object or a clause ("demonstrating that ...", "demonstrated
#: its resolve"); they protest only without one ("students demonstrated against the law").
SHOWING_SENSES = frozenset({"demonstrate"})
#: Verbs of moving forces that are only a light verb before an attack noun ("deploying an attack").
MOVING_FORCES = frozenset({"deploy"})


#: Adjectives of certainty that accuse when what they are certain of is someone's act of conflict:
#: "the Pentagon is certain that a Russian warplane carried out the attack".
CERTAINTY_ADJECTIVES = frozenset({"certain", "sure", "convinced", "confident"})
ACCUSABLE_CATEGORIES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})


def _in_another_sense(verb: Token, lexicon: EventLexicon) -> bool:
    """True for a trigger word used in a sense that is no event of its category."""
    if verb.pos_ == "ADJ" and verb.lemma_.lower() in CERTAINTY_ADJECTIVES:
        return not _certain_of_conflict(verb, lexicon)
    if verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    if lemma in SHOWING_SENSES:
        return any(c.dep_ in ("dobj", "ccomp") for c in verb.children)
    if lemma in MOVING_FORCES:
        # The attack noun is the event ("deploying an attack after another"): it is coded as ASSAULT.
        return any(c.dep_ == "dobj" and any(t.category == "ASSAULT" for t in lexicon.triggers.get((c.lemma_.lower(), "NOUN"), ()))
                   for c in verb.children)
    return False


def _adjective_clauses(adjective: Token) -> list[Token]:
    """The clauses an adjective governs: its own, or, after a copula, the copula's that follow it
    ("is “certain” that ...": the quotes make the model hang the clause on "is")."""
    clauses = [c for c in adjective.children if c.dep_ == "ccomp"]
    if adjective.dep_ == "acomp":
        clauses += [c for c in adjective.head.children if c.dep_ == "ccomp" and c.i > adjective.i]
    return clauses


def _certain_of_conflict(adjective: Token, lexicon: EventLexicon) -> bool:
    """True when the adjective's clause ("certain that X carried out the attack") holds an act of conflict."""
    for clause in _adjective_clauses(adjective):
        for word in clause.subtree:
            if any(t.category in ACCUSABLE_CATEGORIES for t in lexicon.triggers.get((word.lemma_.lower(), _lexicon_pos(word)), ())):
                return True
    return False


#: Compounds that make an event noun the name of a kind of statement: "a press release", "a news conference".
SOURCE_COMPOUNDS = frozenset({"press", "news"})


def _names_a_source(noun: Token) -> bool:
    """True for an event noun that names where a report comes from: "according to a press release"."""
    if any(c.dep_ == "compound" and c.lower_ in SOURCE_COMPOUNDS for c in noun.children):
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


def according_to(sentence: Span) -> Token | None:
    for token in sentence:
        if token.lower_ == "according":
            for to in token.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return None


def is_negated(word: Token) -> bool:
    for child in word.children:
        if child.dep_ == "neg" or child.lower_ in ("never", "no") and child.dep_ in ("neg", "det", "advmod"):
            return True
    return False


def auxiliaries(word: Token) -> set[str]:
    return {c.lower_ for c in word.children if c.dep_ in ("aux", "auxpass")}


def mode_from_inner(category: str, inner: str, inner_mode: str | None) -> str | None:
    """Mode of a REQUEST / REJECT / THREATEN built over another event."""
    if category in ("REQUEST", "REJECT"):
        if inner in ("COOPERATE", "AID", "SUPPORT"):
            return "assist"
        if inner in ("CONSULT", "AGREE"):
            return "meet"
        if inner in ("RETREAT", "CONCEDE"):
            return "yield"
        return "change"
    if category == "THREATEN":
        if inner == "COERCE" and inner_mode in ("arrest", "restrict", "ban"):
            return inner_mode
        if inner == "SANCTION":
            return "expel" if inner_mode == "expel" else "relations"
        if inner in ("ASSAULT", "MOBILIZE"):
            return "violence"
    return None


def interpret(token: Token, trigger: Trigger, sentence: Span, lexicon: EventLexicon, index: ActorIndex) -> Reading:
    """Apply wrappers, auxiliaries and negation to one trigger."""
    reading = Reading(token=token, trigger=trigger, category=trigger.category, mode=trigger.mode)
    reading.trigger_tokens.add(token.i)
    cue = cue_token(token, trigger.cue) if trigger.cue else None
    if cue is not None:
        reading.consumed.add(cue.i)
        if abs(cue.i - token.i) <= 3:
            reading.trigger_tokens.add(cue.i)

    # A noun event takes its actor from the light verb that governs it
    # ("Serbia lodged an official protest"), unless the noun names its own
    # actor ("the coalition's airstrike").
    verb = token
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in LIGHT_NOUN_DEPS:
        governor = token.head.head if token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX") else token.head
        if _measured_object(token):
            governor = token.head.head.head  # "gave the Ivory Coast $5m of aid": the aid is given
        if governor.pos_ in ("VERB", "AUX") and _judges_the_act(governor, trigger.category, lexicon):
            reading.judged_by = governor
        elif governor.pos_ in ("VERB", "AUX"):
            reading.light_verb = governor
            if not _owns_actor(token, governor, trigger.category, index):
                verb = governor
                if abs(governor.i - token.i) <= 4 and lexicon.wrappers.get(governor.lemma_.lower()) is None:
                    reading.trigger_tokens.add(governor.i)
    reading.actor_head = verb
    stop = _stopping_verb(token)
    stopped = stop.lemma_.lower() if stop is not None else ""
    if reading.category in ENDED_BY_STOPPING and stopped in STOP_VERBS:
        # "halted economic aid", "ended mediation efforts": ending cooperation is SANCTION (manual 3.10.2).
        verb = _reread(reading, stop, "SANCTION", "discontinue", f"SANCTION: '{stop.text}' ends {reading.category}")
    elif reading.category == "PROTEST" and stopped in PREVENT_VERBS:
        # "police prevented the demonstration", "banned the rally": the protest is the recipient of COERCE.
        mode = "ban" if stopped in ("ban", "outlaw", "forbid") else "restrict"
        verb = _reread(reading, stop, "COERCE", mode, f"COERCE: '{stop.text}' stops a protest")
    elif reading.category in LIFTED_CATEGORIES and stopped in LIFT_VERBS:
        # "lifted a blockade", "eased sanctions": ending a restriction is a concession (manual 3.4).
        verb = _reread(reading, stop, "CONCEDE", None, f"CONCEDE: '{stop.text}' ends {reading.category}")
    if reading.category == "AID" and token.lemma_.lower() in TRAINING_VERBS and not _trains_another_party(token, index):
        # "has trained 500 hackers": building one's own forces, not aid to anyone (manual 3.14, 3.6.1).
        reading.category, reading.mode = "MOBILIZE", "troops"
        reading.notes.append("MOBILIZE: training forces of no other party")
    if reading.category in ("CONSULT", "CONCEDE") and token.lemma_.lower() in ACCESS_VERBS and _admits_observers(token):
        # "received a mission of observers", "allowed inspectors in": access for a third party (manual 3.7).
        reading.category, reading.mode = "RETREAT", "access"
        reading.notes.append("RETREAT: access for observers, inspectors or peacekeepers")
    if reading.category == "RETREAT" and reading.mode in (None, "withdraw") and _withdraws_cooperation(token):
        # "peacekeepers were shipped out", "withdrew its monitors": ending a cooperative presence (manual 3.10.2).
        reading.category, reading.mode = "SANCTION", "withdraw"
        reading.notes.append("SANCTION: withdrawing a cooperative presence")
    if reading.category == "PROTEST" and token.pos_ == "VERB" and token.lemma_.lower() == "protest" and _reports(token):
        # "X is failing its refugees, a rights group protested": a complaint in words is ACCUSE (manual 3.9).
        reading.category, reading.mode = "ACCUSE", "disapprove"
        reading.notes.append("ACCUSE: 'protest' reporting a statement is a verbal complaint")
    arrest = _punished_for(token)
    if arrest is not None and reading.category != "ACCUSE":
        # "was arrested in Lebanon for collaborating with Israel": the act is what the arrest alleges,
        # not an act the text asserts; the arrester accuses the arrested (manual 3.9, 'allege').
        reading.category, reading.mode = "ACCUSE", "allege"
        reading.actor_head = verb = arrest
        reading.notes.append(f"ACCUSE: '{arrest.text}' for '{token.text}' alleges it")
    aux = auxiliaries(verb)
    negated = is_negated(verb) or (verb is not token and is_negated(token))
    speakers: list[Actor] = []
    claimed = False
    transformed = False
    first_inner: tuple[str, str | None] = (reading.category, reading.mode)
    speech = _demanding_speech(verb, aux)
    if speech is not None:
        # "Britain reiterated that Libya must hand over the suspects": Britain demands it of Libya.
        inner, inner_mode = reading.category, reading.mode
        reading.category = "REQUEST"
        reading.mode = mode_from_inner("REQUEST", inner, inner_mode)
        reading.addressee = subject_token(verb)[0]
        reading.actor_head = speech
        reading.consumed.add(speech.i)
        reading.trigger_tokens = {speech.i}
        reading.notes.append(f"REQUEST: '{next(a for a in verb.children if a.lower_ in OBLIGATION_MODALS)}' "
                             f"{inner} under '{speech.text}'")
        negated = is_negated(speech)
        aux = auxiliaries(speech)
        transformed = True
    for wrapper, role in governors(token, lexicon):
        if speech is not None and wrapper.i == speech.i:
            continue
        if role in ("report", "claim"):
            # "Kenya is sure that ...": an adjective's speaker is the subject of its copula.
            subject, _ = subject_token(wrapper.head if wrapper.pos_ == "ADJ" and wrapper.dep_ in ("acomp", "attr") else wrapper)
            if subject is not None:
                actor = speaker_actor(subject, index)
                if actor is not None:
                    speakers.append(actor)
            claimed = claimed or role == "claim"
            if role == "claim" and reading.modality == "asserted":
                reading.notes.append(f"claimed: under '{wrapper.text}'")
            continue
        if role == "deny" or (role == "reject" and _rejects_a_claim(wrapper, token)):
            reading.modality = "denied"
            # "rejected claims that ..." is the denial, not a REJECT event of its own.
            reading.consumed.add(wrapper.i)
            subject, _ = subject_token(wrapper)
            if subject is not None:
                speakers.append(speaker_actor(subject, index) or None)  # type: ignore[arg-type]
            reading.notes.append(f"denied: under '{wrapper.text}'")
            continue
        if role == "plan":
            reading.modality = "planned" if reading.modality == "asserted" else reading.modality
            reading.notes.append(f"planned: under '{wrapper.text}'")
            continue
        if role == "hypothetical":
            reading.modality = "hypothetical" if reading.modality == "asserted" else reading.modality
            continue
        # One wrapper makes the event; a refusal of a request or of a commitment is still a refusal
        # ("rejected an appeal to deploy troops", "refused to commit to assistance").
        if transformed and not (role == "reject" and reading.category in ("REQUEST", "AGREE")):
            continue
        # request / reject / agree / threaten: the wrapper makes the event.
        new_category = {"request": "REQUEST", "reject": "REJECT", "agree": "AGREE", "threaten": "THREATEN"}[role]
        if role == "agree" and reading.category in CONFLICT_CATEGORIES:
            reading.modality = "planned"
            continue
        if role == "threaten" and reading.category not in CONFLICT_CATEGORIES and reading.category != "RETREAT":
            continue
        inner, inner_mode = reading.category, reading.mode
        reading.category = new_category
        # A refusal of a request or commitment is a refusal of what was asked or promised.
        reading.mode = mode_from_inner(new_category, *(first_inner if transformed else (inner, inner_mode)))
        if not transformed:
            first_inner = (inner, inner_mode)
            reading.inner = inner
        reading.consumed.add(wrapper.i)
        reading.actor_head = wrapper
        joined = _joined(wrapper, token)
        reading.trigger_tokens = joined if len(joined) > 1 else {wrapper.i}
        reading.notes.append(f"{new_category}: '{wrapper.text}' over {inner}")
        negated = is_negated(wrapper)
        aux = auxiliaries(wrapper)
        transformed = True

    if any(a in MODAL_HYPOTHETICAL for a in aux) and reading.modality in ("asserted", "reported"):
        reading.modality = "hypothetical"
    future = bool(aux & FUTURE_AUXILIARIES) or ("would" in aux and reading.modality != "hypothetical")
    # "will not coordinate", "cannot and will not discuss": an explicit refusal is REJECT.
    if negated and aux & REFUSAL_MODALS and reading.category not in CONFLICT_CATEGORIES:
        inner = reading.category
        reading.category = "REJECT"
        reading.mode = mode_from_inner("REJECT", inner, reading.mode)
        neg_tokens = [c.i for c in reading.actor_head.children if c.dep_ in ("neg", "aux")]
        reading.trigger_tokens.update(range(min([*neg_tokens, token.i]), token.i + 1))
        reading.notes.append(f"REJECT: negated '{' '.join(sorted(aux))}' + {inner} is a refusal")
        negated = False
        future = False
    elif future and reading.modality in ("asserted", "reported", "claimed"):
        reading.modality = "planned"
        reading.notes.append("planned: future auxiliary")
    reading.negated = negated
    if (reading.modality in ("planned", "hypothetical") and reading.category in CONDITIONAL_THREATS
            and _conditioned(reading.actor_head or token)):
        # "will withdraw its force unless a ceasefire is arranged", "may halt mediation if ...": a threat.
        inner = reading.category
        reading.category, reading.inner = "THREATEN", reading.inner or inner
        reading.mode = THREAT_MODES.get((inner, reading.mode), CONDITIONAL_THREATS[inner])
        reading.notes.append(f"THREATEN: {inner} on a condition (manual 3.11)")

    if reading.modality in ("planned", "hypothetical"):
        if reading.category in FUTURE_TO_AGREE and reading.modality == "planned":
            reading.notes.append(f"AGREE: future {reading.category} (manual 3.1)")
            reading.category, reading.mode = "AGREE", None
        elif reading.category == "RETREAT" and reading.modality == "planned":
            # "announced it would withdraw troops": a retreat announced is a concession (manual 3.7.2).
            reading.notes.append("CONCEDE: future RETREAT (manual 3.7.2)")
            reading.category, reading.mode = "CONCEDE", None
        elif (threat := THREAT_MODES.get((reading.category, reading.mode), THREAT_MODES.get((reading.category, None)))):
            reading.notes.append(f"THREATEN: intended or possible {reading.category} (manual 3.11)")
            reading.category, reading.mode = "THREATEN", threat

    source = according_to(sentence)
    if source is not None and not speakers:
        actor = speaker_actor(source, index)
        if actor is not None:
            speakers.append(actor)
    speakers = [s for s in speakers if s is not None]
    if speakers:
        # The outermost source is who the article says it from.
        reading.attributed_to = speakers[-1]
        if reading.modality == "asserted":
            reading.modality = "claimed" if claimed else "reported"
    return reading


#: What an announced or possible act of conflict threatens (PLOVER manual, table 3.6): "farmers
#: would blockade Paris" threatens to restrict; "NATO will tighten the blockade" too; a mode missing
#: here (a planned demonstration, a hunger strike) stays the act itself, planned.
THREAT_MODES = {
    ("ASSAULT", None): "violence",
    ("PROTEST", "strike"): "restrict", ("PROTEST", "boycott"): "restrict", ("PROTEST", "obstruct"): "restrict",
    ("COERCE", "curfew"): "restrict", ("COERCE", "restrict"): "restrict", ("COERCE", "ban"): "restrict",
    ("COERCE", "martial-law"): "restrict", ("COERCE", "arrest"): "arrest", ("COERCE", "deport"): "expel",
    ("SANCTION", "expel"): "expel",
}


#: Acts that, announced on a condition, are threats, and the threat's mode (manual, table 3.6).
CONDITIONAL_THREATS = {"SANCTION": "relations", "RETREAT": "relations", "COERCE": "restrict", "PROTEST": "restrict",
                       "MOBILIZE": "violence", "ASSAULT": "violence"}


def _conditioned(verb: Token) -> bool:
    """True when the verb carries an "unless" or "if" clause."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS for m in c.children)
               for c in verb.children)


#: Verbs by which authorities stop a protest.
PREVENT_VERBS = frozenset({"prevent", "ban", "forbid", "block", "stop", "disperse", "outlaw", "prohibit", "halt"})
#: People whose presence is cooperation: withdrawing them reduces relations.
COOPERATIVE_PRESENCE = frozenset({"peacekeeper", "observer", "monitor", "inspector", "mission", "adviser", "advisor",
                                  "worker", "diplomat", "ambassador", "envoy"})


def _stopping_verb(noun: Token) -> Token | None:
    """The verb whose object (or passive subject) is the event noun, which may stop it: "halted aid",
    "ended mediation efforts" (through a compound), "prevented the demonstration"."""
    if noun.pos_ != "NOUN":
        return None
    ended = noun.head if noun.dep_ == "compound" else noun
    return ended.head if ended.dep_ in ("dobj", "nsubjpass") else None


def _reread(reading: Reading, verb: Token, category: str, mode: str, note: str) -> Token:
    """Make `verb` the event's word with a new category: the one who stops an act is its actor."""
    reading.category, reading.mode = category, mode
    reading.actor_head = verb
    reading.trigger_tokens = _joined(verb, reading.token) | {verb.i}
    reading.notes.append(note)
    return verb


#: Verbs of holding someone to account for an act that is only alleged ("arrested for spying").
#: Convictions are left out: the manual codes no allegation beside a conviction (3.9.2).
PUNISHING_VERBS = frozenset({"arrest", "detain", "jail", "imprison", "hold", "charge", "indict", "prosecute",
                             "expel", "deport", "punish"})


def _punished_for(act: Token) -> Token | None:
    """The verb of arrest whose "for" phrase names the act ("detained for collaborating with X"), else None."""
    if act.dep_ not in ("pcomp", "pobj") or act.head.lower_ != "for":
        return None
    verb = act.head.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in PUNISHING_VERBS else None


#: Verbs that end a restriction their object names, and the restrictions they can end.
LIFT_VERBS = frozenset({"lift", "ease", "remove", "relax", "revoke", "rescind", "scrap", "drop", "loosen"})
LIFTED_CATEGORIES = frozenset({"SANCTION", "COERCE", "PROTEST"})
#: Verbs of training: aid when the trained belong to another party, else mobilisation.
TRAINING_VERBS = frozenset({"train", "drill"})
#: Verbs that let someone in, and the people whose admission is access (RETREAT 'access').
ACCESS_VERBS = frozenset({"receive", "admit", "allow", "accept", "let", "permit", "welcome"})
ADMITTED_PRESENCE = frozenset({"observer", "monitor", "inspector", "peacekeeper"})


def _trains_another_party(verb: Token, index: ActorIndex) -> bool:
    """True when the verb's object resolves to an actor: "trained Iraqi soldiers" (not "trained hackers")."""
    return any(resolve(obj, index) for obj in object_tokens(verb))


def _admits_observers(verb: Token) -> bool:
    """True when whom the verb lets in are observers, inspectors or peacekeepers ("a mission of observers")."""
    for obj in (c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "ccomp", "xcomp")):
        heads = [obj] + [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        heads += [c for c in obj.children if c.dep_ in ("nsubj", "conj")]
        if any(h.lemma_.lower() in ADMITTED_PRESENCE for h in heads):
            return True
    return False


def _withdraws_cooperation(verb: Token) -> bool:
    """True when what is withdrawn (the object, or a passive subject) is a cooperative presence."""
    moved = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    moved += [c for m in moved for c in m.children if c.dep_ == "conj"]
    return any(m.lemma_.lower() in COOPERATIVE_PRESENCE for m in moved)


#: Verbs that end what their object names, and the cooperation they can end.
STOP_VERBS = frozenset({"halt", "suspend", "stop", "end", "cut", "freeze", "prohibit", "ban", "cancel", "terminate",
                        "curtail", "withhold", "discontinue"})
ENDED_BY_STOPPING = frozenset({"AID", "COOPERATE", "CONSULT", "AGREE", "SUPPORT"})


#: Modals that make a reported clause a demand on its subject.
OBLIGATION_MODALS = frozenset({"must", "should"})
#: Words of saying and their nouns ("issued a reminder to Iraq that it must ...") under which
#: an obligation is the speaker's demand.
DEMAND_SPEECH = frozenset({"say", "tell", "reiterate", "insist", "stress", "warn", "remind", "repeat", "emphasize",
                           "emphasise", "state", "declare", "add", "argue", "reminder", "warning", "message"})


def _reports(verb: Token) -> bool:
    """True for a verb used as a verb of saying: it has a reported clause, or follows one."""
    return any(c.dep_ == "ccomp" for c in verb.children) or _clause_reported_before(verb) is not None


def _clause_reported_before(verb: Token) -> Token | None:
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


def _demanding_speech(verb: Token, aux: set[str]) -> Token | None:
    """The verb (or noun) of saying whose reported clause obliges its subject, else None; for a
    noun ("a stern reminder"), the verb that carries it, whose subject is the speaker."""
    if not aux & OBLIGATION_MODALS or verb.dep_ not in ("ccomp", "acl") or subject_token(verb)[0] is None:
        return None
    speech = verb.head
    if speech.lemma_.lower() not in DEMAND_SPEECH:
        return None
    while speech.pos_ in ("NOUN", "PROPN") and speech.head is not speech and speech.dep_ in ("dobj", "attr"):
        speech = speech.head
    return speech if speech.pos_ in ("VERB", "AUX") else None


def _measured_object(noun: Token) -> bool:
    """True for the event noun of an amount that is a verb's object: "$5m of aid", "tons of aid"."""
    of, amount = noun.head, noun.head.head
    return (noun.dep_ == "pobj" and of.lower_ == "of" and amount.dep_ in ("dobj", "dative")
            and amount.head.pos_ in ("VERB", "AUX") and amount.pos_ in ("NOUN", "NUM", "SYM"))


#: Categories of verbs that judge, back or refuse someone else's act: "condemned the fighting",
#: "welcomed the ceasefire". Their subject is not the actor of the event noun they govern.
JUDGING_CATEGORIES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "PROTEST"})


def _judges_the_act(verb: Token, category: str, lexicon: EventLexicon) -> bool:
    """True for a governing verb that is itself an event of judging another's act ("Obama condemned
    the fighting in Homs": Obama did not fight), so it lends the noun no actor."""
    triggers = lexicon.triggers.get((verb.lemma_.lower(), "VERB"), ())
    return any(t.category in JUDGING_CATEGORIES and t.category != category and t.cue is None for t in triggers)


def _owns_actor(noun: Token, light_verb: Token, category: str, index: ActorIndex) -> bool:
    """True when an event noun names its own actor ("the coalition's airstrike", "Russian strikes").

    A country *name* compounded on the noun is where, not who, when the light verb has a subject:
    "Russia conducts Syria strikes" is Russia striking in Syria."""
    own = [m for m in noun_actor_tokens(noun, category) if _modifier_actors(m, index)]
    if not own:
        return False
    if all(m.dep_ == "compound" and m.pos_ == "PROPN" and _modifier_actors(m, index)[0].type == "state" for m in own):
        subject, active = subject_token(light_verb)
        return not (subject is not None and active and resolve(subject, index))
    return True


def _modifier_actors(modifier: Token, index: ActorIndex) -> list[Actor]:
    """Actors a noun's modifier names: itself ("Russian", "the coalition's"), or for a prepositional
    object its phrase too ("at the request of its ally President Assad")."""
    return resolve(modifier, index, depth=1 if modifier.dep_ == "pobj" else 0)


def self_serving(reading: Reading, actors: list[Actor]) -> bool:
    """An actor reporting its own act is making a claim ("Moscow says it is targeting ISIS")."""
    source = reading.attributed_to
    return source is not None and reading.modality == "reported" and any(a.name == source.name for a in actors)


def _joined(first: Token, second: Token) -> set[int]:
    """Token ids of a two-part trigger ("refused to share", "will not coordinate").

    The words between are included only when they are function words, so a
    trigger never swallows a participant ("asked Russia to withdraw").
    """
    low, high = sorted((first.i, second.i))
    between = first.doc[low + 1 : high]
    if len(between) <= 3 and all(t.pos_ in ("AUX", "PART", "ADP", "DET", "ADV", "PRON") for t in between):
        return set(range(low, high + 1))
    return {first.i}


def _rejects_a_claim(wrapper: Token, token: Token) -> bool:
    """ "rejected claims that Russia is targeting civilians" denies the targeting."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in CLAIM_NOUNS and c.i < token.i for c in wrapper.children)


def _categories(reading: Reading) -> tuple[str, ...]:
    """The categories whose recipient prepositions apply: the event's, and the inner act's ("refused
    to commit aid to X": X receives the refused aid)."""
    return (reading.category,) if reading.inner is None else (reading.category, reading.inner)


def find_roles(reading: Reading, index: ActorIndex) -> tuple[list[Actor], list[Actor]]:
    token = reading.token
    head = reading.actor_head or token
    actors: list[Actor] = []
    recipients: list[Actor] = []
    if head.pos_ in ("NOUN", "PROPN"):
        for modifier in noun_actor_tokens(head, reading.category):
            actors.extend(a for a in _modifier_actors(modifier, index) if a not in actors)
        if not actors and head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("NOUN", "PROPN"):
            actors.extend(resolve(head.head, index, depth=1))
    else:
        subject, active = subject_token(head.head if head.pos_ == "ADJ" and head.dep_ in ("acomp", "attr") else head)
        if not active and head.lemma_.lower() in STATIVE_PASSIVES:
            active = True  # "Moscow is concerned", "Israel is opposed": the subject feels, it is not acted on
        if subject is not None:
            (actors if active else recipients).extend(resolve(subject, index))
        for child in head.children:
            # "Somalia was attacked by Kenya": the passive subject is the recipient.
            if active and child.dep_ == "nsubjpass" and child is not subject:
                recipients.extend(a for a in resolve(child, index) if a not in recipients)
    if not actors and head is not token and token.pos_ in ("NOUN", "PROPN"):
        for modifier in noun_actor_tokens(token, reading.category):
            actors.extend(a for a in _modifier_actors(modifier, index) if a not in actors)
    if not actors and reading.light_verb is not None and reading.light_verb is not head:
        subject, active = subject_token(reading.light_verb)
        if subject is not None and active:
            actors.extend(resolve(subject, index))

    if reading.addressee is not None:
        recipients.extend(a for a in resolve(reading.addressee, index) if a not in actors)
    candidates: list[Token] = []
    # "ruled out cooperation or coordination with Russia": the "with" may hang on the last conjunct.
    related = [head, token] + ([c for c in token.children if c.dep_ == "conj"] if token.pos_ == "NOUN" else [])
    punishing = _punished_for(token)
    if reading.category == "ACCUSE" and punishing is not None and punishing.i == head.i:
        related = [head]  # the arrested are accused, not whom the alleged act involved ("with Israel")
    for word in dict.fromkeys(related):
        for obj in object_tokens(word):
            candidates.append(obj)
            # "investigating crimes by X against Y": the accused is X; Y are the victims.
            candidates.extend(r for r in prepositional_recipients(obj, *_categories(reading))
                              if not (reading.category == "ACCUSE" and r.head.lower_ == "against"))
        candidates.extend(prepositional_recipients(word, *_categories(reading)))
    if not candidates and head.pos_ == "VERB":
        # "donated and delivered goods to the school": the second verb carries the shared object.
        for verb in (c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                continue  # a conjunct with a subject of its own is another clause
            candidates.extend(prepositional_recipients(verb, *_categories(reading)))
            for obj in object_tokens(verb):
                candidates.extend(prepositional_recipients(obj, *_categories(reading)))
    for candidate in candidates:
        if candidate.i == token.i:
            continue
        for actor in resolve(candidate, index):
            if actor not in recipients and actor not in actors:
                recipients.append(actor)
    if reading.category == "REQUEST" and actors and not recipients and head is token and token.pos_ == "NOUN":
        recipients.extend(_requested_of(token, index))
    if reading.category == "PROTEST" and not recipients:
        recipients.extend(a for a in _protested_against(reading, index) if a not in actors)
    if reading.category in ("ACCUSE", "PROTEST") and not recipients and head.pos_ in ("VERB", "ADJ"):
        recipients.extend(a for a in _complained_of(head, index) if a not in actors)
    # An actor is not its own recipient ("Washington's refusal to share intelligence with it").
    # Croatia investigating Croatian extremists is two actors of one state: compare who, not which state.
    recipients = [r for r in recipients if all(not _same_party(r, a, token.doc) for a in actors)]
    # "Russia and Cyprus held talks" / "met with": meetings without a host are reciprocal.
    if reading.category == "CONSULT" and reading.mode is None and recipients and _is_with(candidates):
        actors, recipients = actors + recipients, []
    return actors, recipients


def nearby_roles(
    reading: Reading, sentence: Span, index: ActorIndex, actors: list[Actor], recipients: list[Actor]
) -> tuple[list[Actor], list[Actor]]:
    """When the parse gives no actor (or no recipient), the nearest actor mention before (after)
    the trigger in the same sentence, as a proximity coder would; the rule note says so. Never the source of the statement, a reporting clause's subject or
    "according to" object, or a place-like mention after a locative preposition. The caller
    computes confidence from the parsed roles alone."""
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
        if span is None or _is_source(span.root) or _is_locative_object(span.root):
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
                 and all(not _same_party(a, other, doc) for other in actors)]
        if after:
            recipients = [after[0][1]]
            reading.notes.append(f"recipient: nearest mention after the trigger ('{after[0][1].text}')")
    return actors, recipients


OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})


def _same_party(first: Actor, second: Actor, doc: Doc | None = None) -> bool:
    """The same actor named twice ("Washington ... with it"), or its own forces ("Israel
    strengthened its forces"), not two parts of one state ("Croatia" and "Croatian extremists")."""
    if first.name != second.name:
        return False
    same_kind = first.sector == second.sector and first.type == second.type
    return same_kind or _owned_by_pronoun(first, doc) or _owned_by_pronoun(second, doc)


def _owned_by_pronoun(actor: Actor, doc: Doc | None) -> bool:
    if actor.text.split()[0].lower() in OWN_POSSESSIVES:
        return True
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand") if doc is not None else None
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in OWN_POSSESSIVES


def _is_source(token: Token) -> bool:
    """The subject of a verb of saying, or the object of "according to": who says, not who acts."""
    head = token.head
    if token.dep_ == "nsubj" and head.lemma_.lower() in SAYING_VERBS:
        return True
    return token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _is_locative_object(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS and token.ent_type_ in ("GPE", "LOC", "FAC")


def _requested_of(noun: Token, index: ActorIndex) -> list[Actor]:
    """"Russia launched airstrikes at the request of Assad": a request in an adjunct of a clause
    was made to that clause's subject."""
    current = noun
    for _ in range(3):
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            subject, active = subject_token(current)
            if subject is not None and active:
                found = resolve(subject, index)
                if found:
                    return found
        if current.head is current:
            break
    return []


#: Words of a protest's purpose clause whose object is whom the protest is against: "a hunger
#: strike to demand the resignation of X", "calling for the removal of X", "in protest against X".
PROTEST_PURPOSE_WORDS = frozenset({"demand", "call", "urge", "protest", "press", "against", "denounce", "condemn"})


def _protested_against(reading: Reading, index: ActorIndex) -> list[Actor]:
    """Whom a protest targets, read from its purpose clause when it names no recipient itself."""
    heads = dict.fromkeys((reading.token, reading.actor_head or reading.token))
    for head in heads:
        for word in head.subtree:
            if word.i <= reading.token.i or word.lemma_.lower() not in PROTEST_PURPOSE_WORDS:
                continue
            for inner in word.subtree:
                if inner.i > word.i and inner.pos_ in ("NOUN", "PROPN"):
                    found = resolve(inner, index, depth=0)
                    if found:
                        return found
    return []


def _complained_of(verb: Token, index: ActorIndex) -> list[Actor]:
    """Whom a complaint is about: the subject of the reported clause ("X complained that the
    authorities had failed ..."; "the authorities are failing ..., a group protested")."""
    clauses = _adjective_clauses(verb) if verb.pos_ == "ADJ" else [c for c in verb.children if c.dep_ == "ccomp"]
    before = _clause_reported_before(verb)
    if before is not None:
        clauses.append(before)  # the clause the complaint follows
    for clause in clauses:
        subject, active = subject_token(clause)
        if subject is not None and active:
            found = resolve(subject, index)
            if found:
                return found
    return []


def _is_with(candidates: list[Token]) -> bool:
    return any(c.head.lower_ == "with" for c in candidates)


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


def pick_location(
    reading: Reading, sentence: Span, places: list[Place], taken: list[Actor], index: ActorIndex, quad: str
) -> tuple[Place | None, int | None]:
    """The place the event happened and how deep in the event's phrase the syntax ties it (0: on
    the event's own word, "agreed in Vienna"; 1 or more: on a word it governs, "agreed to postpone
    the march in Baku"); else (for physical events) the first place of the sentence that is no
    participant, with depth None.

    A place inside a longer actor mention ("US" in "the US-led coalition",
    "U.S." in "U.S. military") names who, not where.
    """
    inside = [p for p in places if p.start >= sentence.start_char and p.end <= sentence.end_char]
    inside = [p for p in inside if not any(a.start < p.end and p.start < a.end for a in taken)]
    inside = [p for p in inside if not any(_strictly_inside(p, a) for a in index.actors)]
    if not inside:
        return None, None
    event_words = {reading.token.i, *(reading.trigger_tokens)}
    if reading.actor_head is not None:
        event_words.add(reading.actor_head.i)
    doc = sentence.doc
    located = []
    tied: list[tuple[int, int, Place]] = []  # (steps from the event's word, depth reported, place)
    for place in inside:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if head.dep_ in PARTICIPANT_DEPS:
            continue  # "Russia attacked ...": a participant, not where it happened
        located.append(place)
        prep = head.head
        if prep.pos_ == "ADP" and prep.lower_ in LOCATIVE_PREPOSITIONS:
            anchor = prep.head
            complement = True
            for depth in range(3):
                if anchor.i in event_words:
                    # Through an adverbial clause ("Speaking in Kabul, Kerry demanded ...") the place is a venue.
                    tied.append((depth, depth if complement else 0, place))
                    break
                complement = complement and anchor.dep_ not in ("advcl", "npadvmod", "parataxis")
                if anchor.head is anchor:
                    break
                anchor = anchor.head
        elif head.dep_ == "compound" and head.head.i in event_words:
            tied.append((0, 0, place))  # "Syria strikes"
    if tied:
        # The place on the event's own word beats one on a participant: "a missionary from Calgary
        # was arrested in Lebanon" happened in Lebanon.
        _, depth, place = min(tied, key=lambda found: found[0])
        return place, depth
    if quad in PHYSICAL_QUADS and located:
        return located[0], None
    return None, None


def _strictly_inside(place: Place, actor: Actor) -> bool:
    return actor.start <= place.start and place.end <= actor.end and (actor.end - actor.start) > (place.end - place.start)


def pick_date(reading: Reading, sentence: Span, dates: list[DateMention], quad: str) -> DateMention | None:
    """A date expression attached to the event, else the sentence's only date
    when the event is physical or the date governs the whole statement."""
    inside = [d for d in dates if d.start >= sentence.start_char and d.end <= sentence.end_char]
    if not inside:
        return None
    doc = sentence.doc
    event_words = {reading.token.i, *reading.trigger_tokens}
    if reading.actor_head is not None:
        event_words.add(reading.actor_head.i)
    for mention in inside:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        anchor = span.root.head
        for _ in range(3):
            if anchor.i in event_words:
                return mention
            if anchor.pos_ in ("VERB", "AUX") and anchor.i not in event_words:
                break
            anchor = anchor.head
    if len(inside) == 1 and (quad not in PHYSICAL_QUADS or reading.modality == "asserted"):
        return inside[0]
    return None


def _in_source_phrase(doc: Doc, place: Place) -> bool:
    """True for a place inside the phrase of a statement's source or an outlet's name
    ("diplomatic sources in Pakistan said", "the New York Times reported")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(4):
        if _is_source(token):
            return True
        if token.head is token or token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return False


def takes_place_as_target(category: str, quad: str, mode: str | None) -> bool:
    """Physical events, protests, threats, concessions and visits with no named recipient are coded
    against the state where they happen, as the PLOVER gold standard does ("bombs exploded in Kabul":
    AFG; "arrived in Amman on a visit": JOR; "eased the curfew in Sudan": SDN). A statement made
    somewhere has no such target."""
    return quad in PHYSICAL_QUADS or category in ("PROTEST", "THREATEN", "CONCEDE") or mode == "visit"


def place_as_recipient(place: Place, country_names: Mapping[str, str]) -> Actor:
    name = country_names.get(place.country or "", place.name)
    return Actor(text=place.text, start=place.start, end=place.end, name=name, country=place.country, sector=None,
                 type="state", why=f"the state of the event's place '{place.text}' ({place.name}), no recipient named")


def _is_state_actor(actor: Actor) -> bool:
    return actor.type in ("state", "igo") or actor.sector in ("GOV", "MIL", "COP", "IGO")


def _phrase_ranges(doc: Doc, actors: Sequence[Actor]) -> list[tuple[int, int]]:
    """Character ranges of the whole noun phrases of `actors`, appositions included ("the deputy
    governor, Oleg Chemezov,")."""
    ranges = []
    for actor in actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is not None:
            tokens = list(span.root.subtree)
            ranges.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    return ranges


def unidentified_perpetrator(place: Place, country_names: Mapping[str, str]) -> Actor:
    """The actor of an attack that names no perpetrator ("killed by a roadside bomb near Samarra"):
    PLOVER's UNK sector (manual, table 5.2), placed in the state where the attack happened, as the
    PLOVER gold standard codes it; the record points at the place it was inferred from."""
    state = country_names.get(place.country or "", place.country or "")
    return Actor(text=place.text, start=place.start, end=place.end, name=f"unidentified perpetrator ({state})",
                 country=place.country, sector="UNK", type="group",
                 why=f"no perpetrator named: an unidentified actor in the state of the place '{place.text}' ({place.name})")


def confidence(reading: Reading, actors: list[Actor], recipients: list[Actor]) -> float:
    """A first, rule-based confidence: lexicon prior, plus evidence from the roles.

    Bare nouns without an actor are the least sure ("the attack" as a topic);
    a clear actor and recipient make a coding much likelier to be right.
    """
    score = 0.25 + 0.45 * reading.trigger.weight
    if actors:
        score += 0.15
    if recipients:
        score += 0.08
    if reading.token.pos_ != "VERB" and not actors:
        score -= 0.1
    if reading.consumed:
        score += 0.05
    return round(min(0.95, max(0.05, score)), 3)


def code_sentence(
    sentence: Span,
    document: Document,
    doc_date: str | None,
    lexicon: EventLexicon,
    index: ActorIndex,
    places: list[Place],
    dates: list[DateMention],
    country_names: Mapping[str, str] = MappingProxyType({}),
) -> list[Event]:
    readings = [interpret(token, trigger, sentence, lexicon, index) for token, trigger in find_triggers(sentence, lexicon)]
    # Wrappers merged into another event, and cue words of two-word triggers
    # ("violated the ceasefire"), are not events of their own.
    consumed = set().union(*(r.consumed for r in readings)) if readings else set()
    readings = [r for r in readings if r.token.i not in consumed and not _inside_a_name(r.token, index)]
    readings = _one_per_trigger(_drop_repeats(readings))

    events = []
    text = sentence.text.rstrip()
    stripped = len(text) - len(text.lstrip())
    sentence_text = text.lstrip()
    sent_start = sentence.start_char + stripped
    for reading in readings:
        parsed_roles = find_roles(reading, index)
        # Confidence rests on the roles the parse gave, not on those filled by proximity.
        sure = confidence(reading, *parsed_roles)
        secondary = _secondary(reading, readings)
        if secondary:
            # Not the sentence's main event: a background act ("after a bomb exploded"), a protest's
            # purpose ("marched to demand reforms") or a condition ("unless the president resigns").
            sure = round(max(0.05, sure - SECONDARY_PENALTY), 3)
            reading.notes.append(f"secondary: {secondary}")
        actors, recipients = nearby_roles(reading, sentence, index, *parsed_roles)
        if reading.category == "PROTEST" and reading.mode == "obstruct" and any(_is_state_actor(a) for a in actors):
            # A blockade by a state is no protest: it restricts movement (COERCE, manual 3.15).
            reading.category, reading.mode = "COERCE", "restrict"
            reading.notes.append("COERCE: a blockade by a state")
        if self_serving(reading, actors):
            reading.modality = "claimed"
            reading.notes.append("claimed: the source reports its own act")
        quad = lexicon.quads[reading.category]
        mode = refine_mode(reading, sentence, lexicon)
        first = min(reading.trigger_tokens)
        last = max(reading.trigger_tokens)
        trigger_start = sentence.doc[first].idx
        trigger_end = sentence.doc[last].idx + len(sentence.doc[last].text)
        # An attack "on Syria" happened in Syria; a statement about Syria did not.
        taken = actors if quad in PHYSICAL_QUADS else actors + recipients
        location, depth = pick_location(reading, sentence, places, taken, index, quad)
        # An untied place counts when it follows the trigger ("exploded bombs ... in the capital Kabul"),
        # not when it names where the source is ("diplomatic sources in Pakistan said"). Any event
        # whose complement is set in a place is about that place ("agreed to postpone the march in
        # Baku"); a place on a statement's own verb is only its venue ("agreed in Vienna").
        target = takes_place_as_target(reading.category, quad, mode) or (depth or 0) > 0
        if (not recipients and location is not None and (depth is not None or location.start > trigger_start)
                and not _in_source_phrase(sentence.doc, location) and target):
            recipients = [place_as_recipient(location, country_names)]
            reading.notes.append(f"recipient: the state of the event's place '{location.text}'")
        if not actors and reading.category == "ASSAULT" and location is not None and location.country:
            # Not when the sentence names anyone but the parsed victims (with their appositions) and the
            # source: they may be the attacker. A bare state name of the place's own state ("the Iraqi
            # city of Basra") only says where.
            victims = _phrase_ranges(sentence.doc, parsed_roles[1])
            others = [a for a in index.within(sentence.start_char, sentence.end_char)
                      if a not in parsed_roles[1] and a != reading.attributed_to
                      and not any(low <= a.start < high for low, high in victims)
                      and not (a.type == "state" and a.sector is None and a.country == location.country)]
            if not others:
                actors = [unidentified_perpetrator(location, country_names)]
                reading.notes.append(f"actor: no perpetrator named; unidentified, of the state of '{location.text}'")
        date_mention = pick_date(reading, sentence, dates, quad)
        rule = f"triggers.tsv:{reading.trigger.line} {reading.trigger.lemma}/{reading.trigger.pos}"
        if reading.notes:
            rule += "; " + "; ".join(reading.notes)
        events.append(
            Event(
                id=event_id(document.id, trigger_start, reading.category),
                doc_id=document.id,
                doc_date=doc_date,
                source=document.source,
                sentence=sentence_text,
                sent_start=sent_start,
                trigger=document.text[trigger_start:trigger_end],
                trigger_start=trigger_start,
                event=reading.category,
                mode=mode,
                context=find_contexts(sentence, lexicon),
                quad=quad,
                intensity=lexicon.intensity(reading.category, mode),
                actor=tuple(actors),
                recipient=tuple(recipients),
                negated=reading.negated,
                modality=reading.modality,
                attributed_to=reading.attributed_to,
                location=location,
                date=date_mention.value if date_mention else doc_date,
                date_text=date_mention.text if date_mention else None,
                confidence=sure,
                rule=rule,
            )
        )
    return events


#: Actor types named by a proper name, whose words are never events: "Amnesty International",
#: "the Ceasefire Violations Committee", "the Free Syrian Army".
NAMED_ACTOR_TYPES = frozenset({"igo", "ngo", "organization", "armed_group", "person"})


def _inside_a_name(token: Token, index: ActorIndex) -> bool:
    """True for a word that only describes an actor: inside a proper name ("Amnesty International"),
    or a noun modifying the head of an actor's phrase ("American aid groups", "attack helicopters")."""
    actor = index.at(token)
    if actor is None:
        return False
    if token.pos_ == "PROPN" and actor.type in NAMED_ACTOR_TYPES:
        return True
    return token.pos_ == "NOUN" and token.dep_ == "compound" and actor.start <= token.head.idx < actor.end


#: How much less sure an event is when it is not what its sentence reports (a background act, a
#: protest's purpose, a condition); it stays coded, below the main event.
SECONDARY_PENALTY = 0.25
#: Prepositions and clause markers of background: what happened before or around the main event.
BACKGROUND_PREPOSITIONS = frozenset({"after", "following", "since", "before", "amid", "despite"})
BACKGROUND_MARKERS = frozenset({"after", "since", "because", "before", "following"})
CONDITION_MARKERS = frozenset({"unless", "if"})


def _secondary(reading: Reading, readings: list[Reading]) -> str | None:
    """Why a reading is not its sentence's main event, or None."""
    word = reading.token
    for _ in range(4):
        head = word.head
        if head is word:
            break
        if word.dep_ == "pobj" and head.lower_ in BACKGROUND_PREPOSITIONS:
            return f"background ('{head.text} …')"
        if word.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "because":
            return "background ('because of …')"
        if word.dep_ == "advcl":
            mark = next((c.lower_ for c in word.children if c.dep_ == "mark"), None)
            if mark in BACKGROUND_MARKERS:
                return f"background ('{mark} …')"
            if mark in CONDITION_MARKERS:
                return f"condition ('{mark} …')"
        word = head
    if reading.category == "REQUEST":
        protests = {t.i for r in readings if r.category == "PROTEST" or (r.category, r.mode) == ("THREATEN", "restrict")
                    for t in (r.token, r.actor_head) if t is not None}
        word = reading.actor_head or reading.token
        for _ in range(3):
            if word.head is word:
                break
            word = word.head
            if word.i in protests:
                return "the purpose of a protest"
    return None


def _one_per_trigger(readings: list[Reading]) -> list[Reading]:
    """One event per trigger and category: two inner events under one wrapper ("opposed mediation in
    negotiations", "ruled out cooperation or coordination") are one refusal, read from the inner
    word nearest the wrapper."""
    best: dict[tuple[int, str], Reading] = {}
    for reading in readings:
        key = (min(reading.trigger_tokens), reading.category)
        kept = best.get(key)
        if kept is None or _steps_up(reading) < _steps_up(kept):
            best[key] = reading
    return [r for r in readings if best[(min(r.trigger_tokens), r.category)] is r]


def _steps_up(reading: Reading) -> int:
    """How many heads lie between a reading's word and the word that carries its actor."""
    token, steps = reading.token, 0
    target = reading.actor_head or reading.token
    while token is not target and token.head is not token and steps < 10:
        token, steps = token.head, steps + 1
    return steps


def _drop_repeats(readings: list[Reading]) -> list[Reading]:
    """One event per act: a noun trigger that is the subject or object of a verb
    trigger of the same category ("strikes targeted ...") is that verb's event."""
    kept = []
    for reading in readings:
        token = reading.token
        duplicate = any(
            other is not reading
            and other.category == reading.category
            and other.token.pos_ == "VERB"
            and token.pos_ in ("NOUN", "PROPN")
            and (token.head is other.token or token.head.head is other.token)
            for other in readings
        )
        if not duplicate:
            kept.append(reading)
    return kept


def code_document(
    doc: Doc,
    document: Document,
    doc_date: str | None,
    lexicon: EventLexicon,
    actors: list[Actor],
    places: list[Place],
    dates: list[DateMention],
    country_names: Mapping[str, str] = MappingProxyType({}),
) -> list[Event]:
    """Events of every sentence; `country_names` names the state of a place taken as recipient."""
    index = ActorIndex(actors)
    events: list[Event] = []
    for sentence in doc.sents:
        if not sentence.text.strip():
            continue
        events.extend(code_sentence(sentence, document, doc_date, lexicon, index, places, dates, country_names))
    return events
