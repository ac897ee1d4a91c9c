"""One home for an actor's final country (issue 19).

The steps before gather evidence: recognition finds a country in the actor's own name, its owner or
its antecedent (`Mention.country_source` says which), the places stage resolves the document's
places, `located.py` reads what those places say about each actor, and the events stage builds an
actor from an event's place. Each piece of evidence is a `CountryClaim`; `decide_country` alone
chooses among them and records the choice: its source in the actor's `country_source` (typed, for
code and analysts) and, with what the evidence was, at the end of its `why` ("country USA
(document focus): ..."), so a record always says where its country came from.

Sources, from the strongest: the actor's own name in the lexicon, a person's office, the name that
owns its phrase, a phrase it is tied to, an earlier mention of the same person, its antecedent;
then what places say: the place its own name resolves to in this document, a people of a place, an
ethnic group's home, a place tied to it, its sentence's places or states, the document's focus; and
the place of the event for actors the events stage infers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from eventwire.records import COUNTRY_SOURCES, Actor, CountrySource

# Where a country can come from (`records.CountrySource`), in the order a claim of each kind is trusted:
#   lexicon            the actor's own name: a state, a capital, an organisation (countries.tsv, ...)
#   person in office   a person's office row holding on the document's date (people.tsv)
#   owner              a name that owns the phrase: "Russian officials", "the government of Cyprus"
#   related phrase     a possessor, an "of/for/from" object or an appositive: "a spokeswoman for the ministry"
#   same person        an earlier mention of the same person: "Michelle Baldanza ... Baldanza said"
#   antecedent         a pronoun's or a later mention's antecedent: "he", "the ministry"
#   place of its name  the place the actor's own name resolves to in this document: "Paris police" in Texas
#   people of a place  "the Albanians of southern Serbia"
#   ethnic home        "ethnic Albanians in Serbia"
#   home place         a place inside its phrase or its "in"/"from" object: "rebels in Darfur"
#   sentence places    every place of its sentence lies in one state
#   sentence state     the only state its sentence names
#   document focus     the state most of the document's places lie in
#   document actors    failing places, the state most of the document's named actors are of
#   event place        the state of the event's place (an actor the events stage infers)
SOURCES = COUNTRY_SOURCES
SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}


@dataclass(frozen=True, slots=True)
class CountryClaim:
    """One piece of evidence for an actor's country."""

    country: str | None
    source: CountrySource
    detail: str  # what the evidence is, for the record's `why`
    overrides: bool = False  # outranks the country the actor already has (an ethnic group placed by the text)

    def __post_init__(self) -> None:
        if self.source not in SOURCE_RANK:
            raise ValueError(f"unknown country source {self.source!r}")


def decide_country(actor: Actor, claims: Iterable[CountryClaim], own_source: CountrySource | None = None) -> Actor:
    """The actor with its final country, chosen from `claims` and the country it already has.

    The actor keeps its own country (from `own_source`, the recognition step's evidence, or the
    source it already records) unless a claim overrides it; an actor with none takes the first
    claim, in the order the caller found them (the nearest evidence first). The source is set as
    `country_source`, and with its evidence ends the actor's `why`."""
    chosen: CountryClaim | None = None
    for claim in claims:
        if claim.country is None:
            continue
        if claim.overrides and claim.country != actor.country:
            chosen = claim
            break
        if actor.country is None and chosen is None:
            chosen = claim
    if chosen is None:
        if actor.country is None:
            return replace(actor, country_source=None) if actor.country_source is not None else actor
        if own_source is None or own_source == actor.country_source:
            return actor
        return replace(actor, country_source=own_source, why=_joined(actor.why, f"country {actor.country} ({own_source})"))
    detail = f"country {chosen.country} ({chosen.source}): {chosen.detail}"
    return replace(actor, country=chosen.country, country_source=chosen.source, why=_joined(actor.why, detail))


def _joined(why: str, detail: str) -> str:
    return "; ".join(part for part in (why, detail) if part)
