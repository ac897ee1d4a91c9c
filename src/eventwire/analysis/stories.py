"""Stories: event records from different reports that tell of the same event.

Each new event record joins the story it fits best, or starts one. A record fits
a story when its category is of the story's family (`data/category_families.tsv`),
it shares an actor and, where both name them, a recipient with the story, its
place is in a country the story is placed in (or either has no place), and its
date falls within `STORY_WINDOW_DAYS` of the story's dates (or either has none).

A record contests its story when it says the opposite of the story's first
report: negated, denied, or a category of opposite polarity (a refusal against
reports of cooperation); or when it blames another actor for what the story's
actor is said to have done while the story's first report came from that
actor ("X did it", says Y; "Y did it", says X). Grouping is incremental:
stories never merge or split, so a story's id (from its first record) is stable.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from eventwire.datafiles import read_tsv
from eventwire.errors import InputError
from eventwire.records import PLOVER_CATEGORIES, Actor, Event

DATA_PACKAGE = "eventwire.analysis.data"
FAMILIES_FILE = "category_families.tsv"

# Follow-up reports of one strike or meeting mostly appear within days; a week keeps the next
# week's strike on the same target a story of its own when both are dated.
STORY_WINDOW_DAYS = 7

CONTRADICTION_NEGATED = "negated"
CONTRADICTION_DENIED = "denied"
CONTRADICTION_OPPOSITE = "opposite category"
CONTRADICTION_OTHER_ACTOR = "blames another actor"


@dataclass(frozen=True)
class CategoryFamily:
    category: str
    family: str
    polarity: int
    symmetric: bool


def load_category_families() -> dict[str, CategoryFamily]:
    families = {}
    for line, row in read_tsv(DATA_PACKAGE, FAMILIES_FILE, ("category", "family", "polarity", "symmetric")):
        where = f"eventwire/analysis/data/{FAMILIES_FILE}"
        if row["category"] not in PLOVER_CATEGORIES:
            raise InputError(where, f"unknown PLOVER category {row['category']!r}", line)
        if row["polarity"] not in ("1", "-1") or row["symmetric"] not in ("yes", "no"):
            raise InputError(where, "polarity is 1 or -1 and symmetric yes or no", line)
        families[row["category"]] = CategoryFamily(row["category"], row["family"], int(row["polarity"]),
                                                   row["symmetric"] == "yes")
    missing = set(PLOVER_CATEGORIES) - set(families)
    if missing:
        raise InputError(f"eventwire/analysis/data/{FAMILIES_FILE}", f"no family for {sorted(missing)}")
    return families


def party_key(actor: Actor) -> str:
    """Actors are compared by state when they have one ("Moscow" and "Russian warplanes" are Russia)."""
    return actor.country or actor.name.casefold()


def day_range(value: str | None) -> tuple[int, int] | None:
    """First and last day (ordinals) a `YYYY-MM-DD`, `YYYY-MM` or `YYYY` date covers."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            day = date(*parts).toordinal()
            return day, day
        if len(parts) == 2:
            year, month = parts
            following = date(year + (month == 12), month % 12 + 1, 1)
            return date(year, month, 1).toordinal(), following.toordinal() - 1
        return date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class Report:
    """What grouping needs of one event record."""

    event_id: str
    family: str
    symmetric: bool
    polarity: int
    contradiction: str | None  # why the record says the opposite (negated, denied, opposite category)
    actors: frozenset[str]
    recipients: frozenset[str]
    sources: frozenset[str]
    country: str | None
    days: tuple[int, int] | None


def report_of(event: Event, families: dict[str, CategoryFamily]) -> Report:
    family = families[event.event]
    reason = None
    if event.negated:
        reason = CONTRADICTION_NEGATED
    elif event.modality == "denied":
        reason = CONTRADICTION_DENIED
    elif family.polarity < 0:
        reason = CONTRADICTION_OPPOSITE
    return Report(
        event_id=event.id,
        family=family.family,
        symmetric=family.symmetric,
        polarity=-1 if reason else 1,
        contradiction=reason,
        actors=frozenset(party_key(a) for a in event.actor),
        recipients=frozenset(party_key(a) for a in event.recipient),
        sources=frozenset([party_key(event.attributed_to)]) if event.attributed_to else frozenset(),
        country=event.location.country if event.location else None,
        days=day_range(event.date or event.doc_date),
    )


def story_id(first_event_id: str) -> str:
    return hashlib.sha1(f"story\x1f{first_event_id}".encode()).hexdigest()[:16]


@dataclass
class Story:
    """The matching state of a story; counts and contested flags are worked out by the store's queries."""

    id: str
    family: str
    event: str
    polarity: int
    actors: set[str] = field(default_factory=set)
    recipients: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    day_first: int | None = None
    day_last: int | None = None

    def absorb(self, report: Report) -> None:
        self.actors |= report.actors
        self.recipients |= report.recipients
        self.sources |= report.sources
        if report.country:
            self.countries.add(report.country)
        if report.days:
            first, last = report.days
            self.day_first = first if self.day_first is None else min(self.day_first, first)
            self.day_last = last if self.day_last is None else max(self.day_last, last)


@dataclass(frozen=True)
class Assignment:
    story_id: str
    contradiction: str | None  # why the record contests its story; None when it agrees


def compatible_setting(story: Story, report: Report) -> bool:
    if report.country and story.countries and report.country not in story.countries:
        return False
    if report.days and story.day_first is not None:
        first, last = report.days
        return first <= story.day_last + STORY_WINDOW_DAYS and last >= story.day_first - STORY_WINDOW_DAYS
    return True


def relation(story: Story, report: Report) -> tuple[int, str | None] | None:
    """(how many parties they share, contradiction) when the report fits the story, else None."""
    if story.family != report.family or not compatible_setting(story, report):
        return None
    shared_actors = story.actors & report.actors
    shared_recipients = story.recipients & report.recipients
    recipients_agree = not report.recipients or not story.recipients or shared_recipients
    if shared_actors and recipients_agree:
        contradiction = report.contradiction if report.polarity != story.polarity else None
        return len(shared_actors) + len(shared_recipients), contradiction
    if report.symmetric and story.actors & report.recipients and story.recipients & report.actors:
        contradiction = report.contradiction if report.polarity != story.polarity else None
        return len(story.actors & report.recipients) + len(story.recipients & report.actors), contradiction
    # The same deed pinned on another actor by the one the story accuses, or the reverse.
    blames_other = not report.symmetric and report.actors and not shared_actors and shared_recipients and (
        report.actors & story.sources or report.sources & story.actors)
    if blames_other:
        return len(shared_recipients), CONTRADICTION_OTHER_ACTOR
    return None


@dataclass
class StoryIndex:
    """Stories by (family, party), to find the candidates of a new record without scanning them all."""

    families: dict[str, CategoryFamily]
    stories: dict[str, Story] = field(default_factory=dict)
    by_party: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    order: dict[str, int] = field(default_factory=dict)  # creation order, to prefer the older story on ties

    def add(self, story: Story) -> None:
        self.stories[story.id] = story
        self.order.setdefault(story.id, len(self.order))
        self._index(story)

    def _index(self, story: Story) -> None:
        for key in story.actors | story.recipients:
            self.by_party[(story.family, key)].add(story.id)

    def assign(self, event: Event) -> tuple[Assignment, Story]:
        """Put the record in its best-fitting story (or a new one); returns the story as it now is."""
        report = report_of(event, self.families)
        candidates = set()
        for key in report.actors | report.recipients:
            candidates |= self.by_party.get((report.family, key), set())
        best = None
        for candidate in candidates:
            story = self.stories[candidate]
            fit = relation(story, report)
            if fit is None:
                continue
            rank = (fit[0], -self.order[candidate])
            if best is None or rank > best[0]:
                best = (rank, story, fit[1])
        if best is None:
            story = Story(story_id(event.id), report.family, event.event, report.polarity)
            contradiction = None
        else:
            _, story, contradiction = best
        story.absorb(report)
        self.add(story)
        return Assignment(story.id, contradiction), story
