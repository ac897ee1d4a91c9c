"""An actor mention before it becomes a record: token offsets and what later steps refine."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.records import CountrySource


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor before it becomes a record, with what later steps need to refine it."""

    start: int
    end: int
    root: int
    name: str
    country: str | None
    sector: str | None
    type: str
    strength: int  # rank of the sector evidence: 2 strong, 1 weak, 0 none
    owned: bool  # identity comes from a name (not a bare sector word)
    proper: bool = False  # `name` is a person's own name, never replaced by an owner's
    role_sector: str | None = None  # sector a role word gets once it has an owner ("officials": GOV)
    why: tuple[str, ...] = ()  # the entries and rules that made it, for `eventwire actors`
    # Which evidence gave `country` (`records.CountrySource`); `country.decide_country` reads it.
    country_source: CountrySource | None = None
