"""`Reading`: what the coder has worked out about one trigger, passed from step to step.

The candidates step makes one per trigger, modality and detection revise it, and roles, place,
date and confidence read it; `coder.code_sentence` turns each reading kept into an `Event`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.events.lexicon import Trigger
from eventwire.records import Actor


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
