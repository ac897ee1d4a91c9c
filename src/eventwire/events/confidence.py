"""Step 6, confidence: how sure the coder is of one event, from the lexicon's prior for its
trigger and the roles the parse gave (not those filled by proximity)."""

from __future__ import annotations

from eventwire.events.reading import Reading
from eventwire.records import Actor

#: How much less sure an event is when it is not what its sentence reports (a background act, a
#: protest's purpose, a condition); it stays coded, below the main event.
SECONDARY_PENALTY = 0.25


def confidence(reading: Reading, actors: list[Actor], recipients: list[Actor], secondary: bool = False) -> float:
    """A first, rule-based confidence: lexicon prior, plus evidence from the roles.

    Bare nouns without an actor are the least sure ("the attack" as a topic);
    a clear actor and recipient make a coding much likelier to be right. An event that is not
    its sentence's main one loses `SECONDARY_PENALTY`.
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
    sure = round(min(0.95, max(0.05, score)), 3)
    return round(max(0.05, sure - SECONDARY_PENALTY), 3) if secondary else sure
