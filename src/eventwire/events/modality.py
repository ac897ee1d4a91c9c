"""Step 4, modality, negation and attribution: what the wrappers, auxiliaries and negation above
a trigger do to its category, its modality and the source of the claim.

`apply_wrappers` takes a candidate `Reading` and applies, in order: a demand made in reported
speech ("said Libya must hand over ..."), each wrapper word from the innermost out ("refused to
share", "denied bombing", "said that ..."), the auxiliaries ("will not coordinate", "could
strike"), a condition ("unless ..."), what an announced act amounts to (future cooperation is
AGREE), and who the claim is attributed to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from spacy.tokens import Span, Token

from eventwire.events.candidates import governors
from eventwire.events.lexicon import EventLexicon, EventWords
from eventwire.events.reading import Reading
from eventwire.events.roles import ActorIndex, speaker_actor, subject_token
from eventwire.events.syntax import joined
from eventwire.records import Actor

CONFLICT_CATEGORIES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                                 "ASSAULT"})
# Future cooperative acts are AGREE (manual 3.1); RETREAT and CONCEDE stay as they are.
FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
#: The category each wrapper role makes of the event below it.
WRAPPER_CATEGORIES = MappingProxyType({"request": "REQUEST", "reject": "REJECT", "agree": "AGREE", "threaten": "THREATEN"})

#: What an announced or possible act of conflict threatens (PLOVER manual, table 3.6): "farmers
#: would blockade Paris" threatens to restrict; "NATO will tighten the blockade" too; a mode missing
#: here (a planned demonstration, a hunger strike) stays the act itself, planned.
THREAT_MODES = MappingProxyType({
    ("ASSAULT", None): "violence",
    ("PROTEST", "strike"): "restrict", ("PROTEST", "boycott"): "restrict", ("PROTEST", "obstruct"): "restrict",
    ("COERCE", "curfew"): "restrict", ("COERCE", "restrict"): "restrict", ("COERCE", "ban"): "restrict",
    ("COERCE", "martial-law"): "restrict", ("COERCE", "arrest"): "arrest", ("COERCE", "deport"): "expel",
    ("SANCTION", "expel"): "expel",
})
#: Acts that, announced on a condition, are threats, and the threat's mode (manual, table 3.6).
CONDITIONAL_THREATS = MappingProxyType({"SANCTION": "relations", "RETREAT": "relations", "COERCE": "restrict",
                                        "PROTEST": "restrict", "MOBILIZE": "violence", "ASSAULT": "violence"})


@dataclass
class _Wrapping:
    """What the wrappers above one trigger have done so far: the negation and auxiliaries of the
    word that now carries the event, the speakers found, and the event first wrapped."""

    negated: bool
    aux: set[str]
    first_inner: tuple[str, str | None]
    speakers: list[Actor | None] = field(default_factory=list)
    claimed: bool = False
    transformed: bool = False


def apply_wrappers(reading: Reading, sentence: Span, lexicon: EventLexicon, index: ActorIndex) -> Reading:
    """Apply wrappers, auxiliaries and negation to one candidate reading."""
    token, words = reading.token, lexicon.words
    verb = reading.actor_head or token
    state = _Wrapping(negated=is_negated(verb, words) or (verb is not token and is_negated(token, words)),
                      aux=auxiliaries(verb), first_inner=(reading.category, reading.mode))
    speech = _demanding_speech(verb, state.aux, words)
    if speech is not None:
        _demand(reading, verb, speech, state, words)
    for wrapper, role in governors(token, lexicon):
        if speech is not None and wrapper.i == speech.i:
            continue
        _apply_wrapper(reading, wrapper, role, state, index, words)
    _apply_auxiliaries(reading, state, words)
    if (reading.modality in ("planned", "hypothetical") and reading.category in CONDITIONAL_THREATS
            and _conditioned(reading.actor_head or token, words)):
        # "will withdraw its force unless a ceasefire is arranged", "may halt mediation if ...": a threat.
        inner = reading.category
        reading.category, reading.inner = "THREATEN", reading.inner or inner
        reading.mode = THREAT_MODES.get((inner, reading.mode), CONDITIONAL_THREATS[inner])
        reading.notes.append(f"THREATEN: {inner} on a condition (manual 3.11)")
    _announced_act(reading)
    _attribute(reading, sentence, index, state, words)
    return reading


def _demand(reading: Reading, verb: Token, speech: Token, state: _Wrapping, words: EventWords) -> None:
    """"Britain reiterated that Libya must hand over the suspects": Britain demands it of Libya."""
    inner, inner_mode = reading.category, reading.mode
    reading.category = "REQUEST"
    reading.mode = mode_from_inner("REQUEST", inner, inner_mode)
    reading.addressee = subject_token(verb, words)[0]
    reading.actor_head = speech
    reading.consumed.add(speech.i)
    reading.trigger_tokens = {speech.i}
    reading.notes.append(f"REQUEST: '{next(a for a in verb.children if a.lower_ in words.obligation_modals)}' "
                         f"{inner} under '{speech.text}'")
    state.negated = is_negated(speech, words)
    state.aux = auxiliaries(speech)
    state.transformed = True


def _apply_wrapper(reading: Reading, wrapper: Token, role: str, state: _Wrapping, index: ActorIndex,
                   words: EventWords) -> None:
    """One wrapper: a speaker, a denial, a plan or a possibility, or (request / reject / agree /
    threaten) a new event over the one below."""
    if role in ("report", "claim"):
        # "Kenya is sure that ...": an adjective's speaker is the subject of its copula.
        spoken = wrapper.head if wrapper.pos_ == "ADJ" and wrapper.dep_ in ("acomp", "attr") else wrapper
        subject, _ = subject_token(spoken, words)
        if subject is not None:
            actor = speaker_actor(subject, index, words)
            if actor is not None:
                state.speakers.append(actor)
        state.claimed = state.claimed or role == "claim"
        if role == "claim" and reading.modality == "asserted":
            reading.notes.append(f"claimed: under '{wrapper.text}'")
    elif role == "deny" or (role == "reject" and _rejects_a_claim(wrapper, reading.token, words)):
        reading.modality = "denied"
        # "rejected claims that ..." is the denial, not a REJECT event of its own.
        reading.consumed.add(wrapper.i)
        subject, _ = subject_token(wrapper, words)
        if subject is not None:
            state.speakers.append(speaker_actor(subject, index, words) or None)
        reading.notes.append(f"denied: under '{wrapper.text}'")
    elif role == "plan":
        reading.modality = "planned" if reading.modality == "asserted" else reading.modality
        reading.notes.append(f"planned: under '{wrapper.text}'")
    elif role == "hypothetical":
        reading.modality = "hypothetical" if reading.modality == "asserted" else reading.modality
    else:
        _wrap_event(reading, wrapper, role, state, words)


def _wrap_event(reading: Reading, wrapper: Token, role: str, state: _Wrapping, words: EventWords) -> None:
    """The wrapper makes the event: "refused to share" is REJECT, "asked X to withdraw" REQUEST."""
    # One wrapper makes the event; a refusal of a request or of a commitment is still a refusal
    # ("rejected an appeal to deploy troops", "refused to commit to assistance").
    if state.transformed and not (role == "reject" and reading.category in ("REQUEST", "AGREE")):
        return
    new_category = WRAPPER_CATEGORIES[role]
    if role == "agree" and reading.category in CONFLICT_CATEGORIES:
        reading.modality = "planned"
        return
    if role == "threaten" and reading.category not in CONFLICT_CATEGORIES and reading.category != "RETREAT":
        return
    inner, inner_mode = reading.category, reading.mode
    reading.category = new_category
    # A refusal of a request or commitment is a refusal of what was asked or promised.
    reading.mode = mode_from_inner(new_category, *(state.first_inner if state.transformed else (inner, inner_mode)))
    if not state.transformed:
        state.first_inner = (inner, inner_mode)
        reading.inner = inner
    reading.consumed.add(wrapper.i)
    reading.actor_head = wrapper
    both = joined(wrapper, reading.token)
    reading.trigger_tokens = both if len(both) > 1 else {wrapper.i}
    reading.notes.append(f"{new_category}: '{wrapper.text}' over {inner}")
    state.negated = is_negated(wrapper, words)
    state.aux = auxiliaries(wrapper)
    state.transformed = True


def _apply_auxiliaries(reading: Reading, state: _Wrapping, words: EventWords) -> None:
    """Modals make an act possible or planned; a negated modal of will or ability refuses it."""
    aux, negated, token = state.aux, state.negated, reading.token
    if any(a in words.hypothetical_modals for a in aux) and reading.modality in ("asserted", "reported"):
        reading.modality = "hypothetical"
    future = bool(aux & words.future_auxiliaries) or ("would" in aux and reading.modality != "hypothetical")
    # "will not coordinate", "cannot and will not discuss": an explicit refusal is REJECT.
    if negated and aux & words.refusal_modals and reading.category not in CONFLICT_CATEGORIES:
        inner = reading.category
        reading.category = "REJECT"
        reading.mode = mode_from_inner("REJECT", inner, reading.mode)
        neg_tokens = [c.i for c in reading.actor_head.children if c.dep_ in ("neg", "aux")]
        reading.trigger_tokens.update(range(min([*neg_tokens, token.i]), token.i + 1))
        reading.notes.append(f"REJECT: negated '{' '.join(sorted(aux))}' + {inner} is a refusal")
        negated = False
    elif future and reading.modality in ("asserted", "reported", "claimed"):
        reading.modality = "planned"
        reading.notes.append("planned: future auxiliary")
    reading.negated = negated


def _announced_act(reading: Reading) -> None:
    """What an act announced or possible amounts to: future cooperation is AGREE (manual 3.1), a
    retreat announced is a concession (3.7.2), an act of conflict intended is a threat (3.11)."""
    if reading.modality not in ("planned", "hypothetical"):
        return
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


def _attribute(reading: Reading, sentence: Span, index: ActorIndex, state: _Wrapping, words: EventWords) -> None:
    """Who the claim is from: the outermost speaker, else the object of "according to"."""
    source = according_to(sentence)
    if source is not None and not state.speakers:
        actor = speaker_actor(source, index, words)
        if actor is not None:
            state.speakers.append(actor)
    speakers = [s for s in state.speakers if s is not None]
    if speakers:
        # The outermost source is who the article says it from.
        reading.attributed_to = speakers[-1]
        if reading.modality == "asserted":
            reading.modality = "claimed" if state.claimed else "reported"


def according_to(sentence: Span) -> Token | None:
    for token in sentence:
        if token.lower_ == "according":
            for to in token.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return None


def is_negated(word: Token, words: EventWords) -> bool:
    for child in word.children:
        if child.dep_ == "neg" or child.lower_ in words.negating_words and child.dep_ in ("neg", "det", "advmod"):
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


def _conditioned(verb: Token, words: EventWords) -> bool:
    """True when the verb carries an "unless" or "if" clause."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in words.condition_markers for m in c.children)
               for c in verb.children)


def _demanding_speech(verb: Token, aux: set[str], words: EventWords) -> Token | None:
    """The verb (or noun) of saying whose reported clause obliges its subject, else None; for a
    noun ("a stern reminder"), the verb that carries it, whose subject is the speaker."""
    if not aux & words.obligation_modals or verb.dep_ not in ("ccomp", "acl") or subject_token(verb, words)[0] is None:
        return None
    speech = verb.head
    if speech.lemma_.lower() not in words.demand_speech:
        return None
    while speech.pos_ in ("NOUN", "PROPN") and speech.head is not speech and speech.dep_ in ("dobj", "attr"):
        speech = speech.head
    return speech if speech.pos_ in ("VERB", "AUX") else None


def _rejects_a_claim(wrapper: Token, token: Token, words: EventWords) -> bool:
    """ "rejected claims that Russia is targeting civilians" denies the targeting."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in words.claim_nouns and c.i < token.i
               for c in wrapper.children)


def self_serving(reading: Reading, actors: list[Actor]) -> bool:
    """An actor reporting its own act is making a claim ("Moscow says it is targeting ISIS")."""
    source = reading.attributed_to
    return source is not None and reading.modality == "reported" and any(a.name == source.name for a in actors)
