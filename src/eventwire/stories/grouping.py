"""Stories: event records from different reports that tell of the same real-world event.

A story is held to its first report (its anchor): a record joins a story only when it fits that
first report, never because it fits a later one, so stories do not chain ("Russia struck Aleppo"
on Monday, Tuesday, Wednesday ... stay one story per day window, not one story for a year). A
record fits when
* its category is the anchor's or of the same family (`data/category_families.tsv`: "agreed to
  cooperate" is AGREE or COOPERATE); a record that denies or negates an act, or that names another
  actor for it, must have the anchor's very category; a planned or hypothetical act is of another
  kind than the act done;
* it names the same dyad: an actor and a recipient in common, in either order for categories where
  both sides act together (CONSULT, AGREE, COOPERATE); a report naming one side only must be set in
  the very same place, or be of the same category and tell no more than the other (no place, no
  other party) on the very same day; or the same recipient with the actor the anchor's source
  blames, or blamed by the anchor's actor. Parties are compared by state ("Moscow", "Russian jets"),
  a party of no known state named by a sector word by its sector ("Kurdish militants", "Kurdish
  fighters"; "troops" is also the party of that sector the other report names), any other by name;
  the state of the event's town, which the coder names when the text names no target, stands for
  an unnamed target of that state (not for a party the other report names in the whole country);
* its place is compatible with the anchor's when both have one: the same place, or one holds the
  other (its country, or its province by the gazetteer's `PlaceHierarchy`); two towns, or two
  provinces, are two events;
* undated reports (no day of their own or of publication) of different articles join only in the
  very same place: no window can hold them;
* its day is within `window_days` (3 by default; a store setting, `eventwire ingest --story-window`)
  of the anchor's day. A report's day is its event's date when that is a day, else the day it was
  published (a "last week" or "this month" event is placed when it was reported).
Within one article a record first joins the story of another of its records that tells the same event
(`StoryIndex._same_document_story`): a headline naming fewer parties, or a record of the same sentence.
Background records (history to their document, `dates/events.py`) never join a story and none
joins them: each is a story of its own.

A record *contests* its story when it denies or negates the act the anchor asserts (or asserts
what the anchor denies), or names another actor for it (the anchor's source or actor blaming the
other). A record of the opposite category in the family (a refusal against reports of agreement)
*disputes* it: a weaker signal, listed but not counted as contested. Grouping is incremental:
stories never merge or split, so a story's id (from its first record) is stable.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from eventwire.datafiles import read_tsv
from eventwire.errors import InputError
from eventwire.records import PLOVER_CATEGORIES, Actor, Event, Place

if TYPE_CHECKING:  # the places stage loads spaCy, which reading a store does not need
    from eventwire.places.gazetteer import Gazetteer

DATA_PACKAGE = "eventwire.stories.data"
FAMILIES_FILE = "category_families.tsv"

# Follow-up reports of one strike or meeting appear within days of it; three days on either side
# of the first report keeps the next strike on the same target a story of its own.
STORY_WINDOW_DAYS = 3

CONTRADICTION_NEGATED = "negated"
CONTRADICTION_DENIED = "denied"
CONTRADICTION_OPPOSITE = "opposite category"  # the `disputed` signal
CONTRADICTION_OTHER_ACTOR = "blames another actor"
# Not a report of the act itself: a negated plan or hypothesis ("cannot detain foreigners
# indefinitely") denies nothing that happened.
UNREAL_MODALITIES = ("planned", "hypothetical")
UNREAL_FAMILY = ", planned or hypothetical"
UNIDENTIFIED = "UNK"
# The actors stage's list of words that name a party by its sector ("militants", "troops"); an actor it
# resolved says so first in its `why` (`actors/data/sectors.tsv:301 ...`).
SECTOR_WORDS = "sectors.tsv"
NO_KNOWN_STATE = " of no known state"  # ends the key of such a party: "MIL of no known state"


@dataclass(frozen=True)
class CategoryFamily:
    category: str
    family: str
    polarity: int
    symmetric: bool


def load_category_families() -> dict[str, CategoryFamily]:
    families = {}
    for line, row in read_tsv(DATA_PACKAGE, FAMILIES_FILE, ("category", "family", "polarity", "symmetric")):
        where = f"eventwire/stories/data/{FAMILIES_FILE}"
        if row["category"] not in PLOVER_CATEGORIES:
            raise InputError(where, f"unknown PLOVER category {row['category']!r}", line)
        if row["polarity"] not in ("1", "-1") or row["symmetric"] not in ("yes", "no"):
            raise InputError(where, "polarity is 1 or -1 and symmetric yes or no", line)
        families[row["category"]] = CategoryFamily(row["category"], row["family"], int(row["polarity"]),
                                                   row["symmetric"] == "yes")
    missing = set(PLOVER_CATEGORIES) - set(families)
    if missing:
        raise InputError(f"eventwire/stories/data/{FAMILIES_FILE}", f"no family for {sorted(missing)}")
    return families


def party_key(actor: Actor) -> str:
    """Actors are compared by state when they have one ("Moscow" and "Russian warplanes" are Russia);
    a party of no known state named only by what it is ("Kurdish militants", "Kurdish fighters") by its
    sector, whatever word named it; any other by its name."""
    if actor.country:
        return actor.country
    if actor.sector and actor.why.startswith(SECTOR_WORDS):
        return f"{actor.sector}{NO_KNOWN_STATE}"
    return actor.name.casefold()


def stands_for_place(party: Actor, place: Place | None) -> bool:
    """The party is the state of the event's town or province, which the coder names when the text names
    no one ("bombed a market in Ariha": Syria, `events/grounding.py`): it says where, not who, so it is
    no side of the dyad. A whole country in that role is kept: "strikes in Syria" and "strikes on Syria"
    are told apart by nothing else."""
    return (place is not None and (party.start, party.end) == (place.start, place.end) and party.sector is None
            and not (place.feature or "").startswith("PCL"))


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


def report_day(event: Event) -> int | None:
    """The day a report is placed on: its event's date when that is a day, else its publication day."""
    for value in (event.date if event.date_precision in ("day", None) else None, event.doc_date):
        days = day_range(value)
        if days is not None and days[0] == days[1]:
            return days[0]
    return None


def place_key(place: Place | None) -> tuple[str, str, bool] | None:
    """(country, place id, whether the place is a whole country)."""
    if place is None or not place.country:
        return None
    return place.country, place.geonameid or place.name.casefold(), (place.feature or "").startswith("PCL")


@dataclass(frozen=True)
class PlaceHierarchy:
    """Which first-level division (province, state, governorate) each gazetteer place lies in, so that a
    town and its province are one place to grouping ("Ariha" and "Idlib province"). Two towns, or two
    provinces, stay two places; so does a town and a second-level division (we do not know which
    district holds which town). Empty: only a country holds its places."""

    division_of: Mapping[str, str] = field(default_factory=dict)  # GeoNames id -> admin1 code ("SY.12")
    divisions: frozenset[str] = frozenset()  # GeoNames ids of first-level divisions

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> PlaceHierarchy:
        from eventwire.places.gazetteer import GazetteerEntry

        division_of, divisions = {}, set()
        for place in map(GazetteerEntry._make, gazetteer.entries):
            if place.geonameid and place.admin1:
                division_of[place.geonameid] = place.admin1
                if place.feature == "ADM1":
                    divisions.add(place.geonameid)
        return cls(division_of, frozenset(divisions))

    def contains(self, outer: str, inner: str) -> bool:
        """`outer` is the first-level division `inner` lies in."""
        return outer in self.divisions and self.division_of.get(outer) == self.division_of.get(inner)


NO_HIERARCHY = PlaceHierarchy()


def compatible_places(first: tuple[str, str, bool] | None, other: tuple[str, str, bool] | None,
                      hierarchy: PlaceHierarchy = NO_HIERARCHY) -> bool:
    """Either has no place, or both are one place, or one holds the other: its country, or its province
    when the gazetteer says so."""
    if first is None or other is None:
        return True
    if first[0] != other[0]:
        return False
    return (first[1] == other[1] or first[2] or other[2] or hierarchy.contains(first[1], other[1])
            or hierarchy.contains(other[1], first[1]))


def holds_place(outer: tuple[str, str, bool] | None, inner: tuple[str, str, bool] | None,
                hierarchy: PlaceHierarchy = NO_HIERARCHY) -> bool:
    """`outer` says no more than `inner` of where: no place, the same place, or one holding it."""
    if outer is None:
        return True
    if inner is None or outer[0] != inner[0]:
        return False
    return outer[1] == inner[1] or outer[2] or hierarchy.contains(outer[1], inner[1])


def same_place(first: tuple[str, str, bool] | None, other: tuple[str, str, bool] | None) -> bool:
    """Both set in one place more precise than a whole country."""
    return first is not None and other is not None and first[:2] == other[:2] and not first[2]


@dataclass(frozen=True)
class Report:
    """What grouping needs of one event record."""

    event_id: str
    doc_id: str
    category: str
    family: str
    symmetric: bool
    polarity: int  # -1 when the record denies, negates or refuses
    contradiction: str | None  # why the record says the opposite (negated, denied, opposite category)
    actors: frozenset[str]
    recipients: frozenset[str]
    sources: frozenset[str]
    place: tuple[str, str, bool] | None
    day: int | None
    background: bool
    sentence_start: int = -1  # where its sentence starts in its document
    # the sectors of its actors (a party of no known state named by its sector word is the party of that
    # sector the other report names: "troops" and "Syrian government forces")
    actor_sectors: frozenset[str] = frozenset()
    # the state of its place, which the coder named as recipient for want of one (`stands_for_place`)
    stand_in: str | None = None
    # the names of its recipients named by a name, not a sector word ("Tal Abtah"): one name is one
    # target, whatever state the coder gave it in one report and not in another
    recipient_names: frozenset[str] = frozenset()


def report_of(event: Event, families: dict[str, CategoryFamily]) -> Report:
    family = families[event.event]
    reason = None
    if event.modality == "denied":
        reason = CONTRADICTION_DENIED
    elif event.negated and event.modality not in UNREAL_MODALITIES:
        reason = CONTRADICTION_NEGATED
    elif family.polarity < 0:
        reason = CONTRADICTION_OPPOSITE
    return Report(
        event_id=event.id,
        doc_id=event.doc_id,
        category=event.event,
        # a plan or a hypothesis is another event than the act done ("will hold a video conference" is
        # not the conference held): unreal reports make stories of their own kind
        family=f"{family.family}{UNREAL_FAMILY}" if event.modality in UNREAL_MODALITIES else family.family,
        symmetric=family.symmetric,
        polarity=-1 if reason else 1,
        contradiction=reason,
        # an unidentified perpetrator (PLOVER's UNK sector) names no one: never "another actor"
        actors=frozenset(party_key(a) for a in event.actor
                         if a.sector != UNIDENTIFIED and not stands_for_place(a, event.location)),
        recipients=frozenset(party_key(a) for a in event.recipient if not stands_for_place(a, event.location)),
        sources=frozenset([party_key(event.attributed_to)]) if event.attributed_to else frozenset(),
        place=place_key(event.location),
        day=report_day(event),
        background=event.background,
        sentence_start=event.sent_start,
        actor_sectors=frozenset(a.sector for a in event.actor if a.sector and a.sector != UNIDENTIFIED),
        stand_in=next((a.country for a in event.recipient if a.country and stands_for_place(a, event.location)), None),
        recipient_names=frozenset(a.name.casefold() for a in event.recipient
                                  if a.sector is None and not stands_for_place(a, event.location)),
    )


def assignment_order(events: Iterable[Event]) -> list[Event]:
    """A document's records in the order they are put in stories: the most specific first (most
    parties and a place named), then the most confident, so that a headline naming less finds its
    body's story."""
    return sorted(events, key=lambda e: (-(len(e.actor) + len(e.recipient) + (e.location is not None)), -e.confidence))


def story_id(first_event_id: str) -> str:
    return hashlib.sha1(f"story\x1f{first_event_id}".encode()).hexdigest()[:16]


@dataclass
class Story:
    """A story's first report, which every later report is matched against; counts and contested
    flags are worked out by the store's queries."""

    id: str
    family: str
    event: str
    polarity: int
    actors: frozenset[str]
    recipients: frozenset[str]
    sources: frozenset[str]
    place: tuple[str, str, bool] | None
    day: int | None
    contradiction: str | None  # the first report's own reason, when it denies, negates or refuses
    symmetric: bool = False  # both sides act together (CONSULT, AGREE, COOPERATE)
    doc_id: str | None = None  # the first report's document
    joinable: bool = True  # False for a background record's story
    actor_sectors: frozenset[str] = frozenset()  # as `Report.actor_sectors`
    stand_in: str | None = None  # as `Report.stand_in`
    recipient_names: frozenset[str] = frozenset()  # as `Report.recipient_names`

    @classmethod
    def first(cls, report: Report) -> Story:
        return cls(story_id(report.event_id), report.family, report.category, report.polarity, report.actors,
                   report.recipients, report.sources, report.place, report.day, report.contradiction,
                   report.symmetric, report.doc_id, joinable=not report.background,
                   actor_sectors=report.actor_sectors, stand_in=report.stand_in,
                   recipient_names=report.recipient_names)


@dataclass(frozen=True)
class Assignment:
    story_id: str
    contradiction: str | None  # why the record contests (or disputes) its story; None when it agrees


def within_window(story: Story, report: Report, window_days: int) -> bool:
    if story.day is None or report.day is None:
        return True
    return abs(report.day - story.day) <= window_days


def shared_actors(story: Story, report: Report) -> frozenset[str]:
    """The actors both name; a party of no known state named by its sector word ("troops") is one the
    other report names of that sector ("Syrian government forces")."""
    shared = story.actors & report.actors
    unnamed = {key for key in story.actors - shared
               if key.endswith(NO_KNOWN_STATE) and key.removesuffix(NO_KNOWN_STATE) in report.actor_sectors}
    unnamed |= {key for key in report.actors - shared
                if key.endswith(NO_KNOWN_STATE) and key.removesuffix(NO_KNOWN_STATE) in story.actor_sectors}
    return shared | unnamed


def shared_recipients(story: Story, report: Report) -> frozenset[str]:
    """The recipients both name (by state, sector or name, or by the same name: "Tal Abtah", a village one
    report places in Iraq and the other nowhere); a target left unnamed in a place of a state ("bombed a market in
    Ariha": the coder names Syria) is any target of that state the other names, or the other's unnamed
    target in that state."""
    shared = set(story.recipients & report.recipients or story.recipient_names & report.recipient_names)
    for state, other in ((story.stand_in, report), (report.stand_in, story)):
        # not a target in the whole country: the campaign against a state is not the strike on a town
        if state and (state == other.stand_in or state in other.recipients and not (other.place and other.place[2])):
            shared.add(state)
    return frozenset(shared)


def same_dyad(story: Story, report: Report, symmetric: bool) -> tuple[int, bool]:
    """(parties shared, whether the match is strong); (0, False) when the dyads differ.

    Both sides named and shared is a strong match: actor and recipient in common (as party sets,
    in any order, for categories where both sides act together, which must then share two parties and
    one set hold the other; a refusal of a joint act must name the very parties: "China and Russia
    reject the UN's plan" is not "China refuses Russia").
    A report naming one side only (no recipient, or one party of a joint act) matches weakly: it
    must then be set in the very same place as the story's first report, or tell no more than it on
    the very same day (`tells_less`)."""
    if symmetric:
        first, other = story.actors | story.recipients, report.actors | report.recipients
        shared = first & other
        # joint acts of a group and of some of it are one act; a refusal is of the very pair
        held = first <= other or other <= first if story.symmetric and report.symmetric else first == other
        if len(shared) >= 2 and held:
            return len(shared), True
        if shared and min(len(first), len(other)) == 1:
            return 1, False
        return 0, False
    actors = shared_actors(story, report)
    if not actors:
        return 0, False
    recipients = shared_recipients(story, report)
    if recipients:
        return len(actors) + len(recipients), True
    if story.recipients and report.recipients:
        return 0, False
    return len(actors), False


def tells_less(less: Story | Report, more: Story | Report, symmetric: bool) -> bool:
    """`less` names no place and no party that `more` does not ("Syrian army artillery shelled Latamneh",
    a town the gazetteer does not know, against "Syrian forces shelled Latamneh in Hama province")."""
    if less.place is not None or (less.category if isinstance(less, Report) else less.event) != (
            more.category if isinstance(more, Report) else more.event) or less.polarity != more.polarity:
        return False
    actors, recipients = sides(more, symmetric)
    return less.actors <= actors and less.recipients <= recipients


def same_day(story: Story, report: Report) -> bool:
    return story.day is not None and story.day == report.day


def sides(record: Story | Report, symmetric: bool) -> tuple[frozenset[str], frozenset[str]]:
    """(actors, recipients); for an act both sides do together, all parties on both sides."""
    if symmetric:
        return record.actors | record.recipients, record.actors | record.recipients
    return record.actors, record.recipients


def names_no_other_party(report: Report, story: Story) -> bool:
    """Every party the report names is on the same side of the story's first report (a headline naming
    fewer parties than its body)."""
    actors, recipients = sides(story, story.symmetric or report.symmetric)
    return report.actors <= actors and report.recipients <= recipients


def shares_a_side(report: Report, other: Report) -> bool:
    """The two records have an actor, or a recipient, in common."""
    actors, recipients = sides(other, other.symmetric or report.symmetric)
    return bool(report.actors & actors or report.recipients & recipients)


def blames_other(story: Story, report: Report) -> bool:
    """The same deed on the same recipient pinned on another actor by the one the story's first
    report accuses, or on the first report's source by the accused ("X did it", says Y; "Y did it", says X)."""
    return (not report.symmetric and story.event == report.category and bool(report.actors)
            and not story.actors & report.actors and bool(story.recipients & report.recipients)
            and bool(report.actors & story.sources or report.sources & story.actors))


def relation(story: Story, report: Report, window_days: int = STORY_WINDOW_DAYS,
             hierarchy: PlaceHierarchy = NO_HIERARCHY) -> tuple[int, str | None] | None:
    """(how many parties they share, contradiction) when the report fits the story, else None."""
    if not story.joinable or report.background or story.family != report.family:
        return None
    if not within_window(story, report, window_days) or not compatible_places(story.place, report.place, hierarchy):
        return None
    shared, strong = same_dyad(story, report, report.symmetric or story.symmetric)
    # A weak match needs the same place to be the same event; so does an undated report of another
    # article (with no day there is no window to hold it to).
    undated = story.day is None or report.day is None
    if shared and (not strong or (undated and story.doc_id != report.doc_id)) and not same_place(story.place, report.place):
        symmetric = report.symmetric or story.symmetric
        if strong or not same_day(story, report) or not (
                tells_less(report, story, symmetric) or tells_less(story, report, symmetric)):
            shared = 0
    if shared:
        if report.polarity == story.polarity:
            return shared, None
        reason = report.contradiction or story.contradiction
        if reason == CONTRADICTION_OPPOSITE:
            return shared, CONTRADICTION_OPPOSITE
        # a denial or negation contests only the very act: same category
        return (shared, reason) if story.event == report.category else None
    if blames_other(story, report) and (same_place(story.place, report.place) or story.doc_id == report.doc_id or (
            not undated and (story.place or report.place))):
        return len(story.recipients & report.recipients), CONTRADICTION_OTHER_ACTOR
    return None


@dataclass
class StoryIndex:
    """Stories by (family, party), to find the candidates of a new record without scanning them all."""

    families: dict[str, CategoryFamily]
    window_days: int = STORY_WINDOW_DAYS
    hierarchy: PlaceHierarchy = NO_HIERARCHY  # which province holds which town (`PlaceHierarchy.from_gazetteer`)
    stories: dict[str, Story] = field(default_factory=dict)
    by_party: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    order: dict[str, int] = field(default_factory=dict)  # creation order, to prefer the older story on ties
    # The current document's records and the stories they joined (records come document by document).
    document: str | None = None
    document_stories: list[tuple[Report, Story, str | None]] = field(default_factory=list)

    def add(self, story: Story) -> None:
        self.stories[story.id] = story
        self.order.setdefault(story.id, len(self.order))
        if story.joinable:
            for key in story.actors | story.recipients:
                self.by_party[(story.family, key)].add(story.id)

    def assign(self, event: Event) -> tuple[Assignment, Story]:
        """Put the record in its best-fitting story (or a new one); returns the story it is in."""
        report = report_of(event, self.families)
        if report.doc_id != self.document:
            self.document, self.document_stories = report.doc_id, []
        # another record of the article telling the same event comes first
        found = self._same_document_story(report)
        best = found if found is not None else self._best_story(report)
        if best is None:
            story, contradiction = Story.first(report), None
            self.add(story)
        else:
            story, contradiction = best
        if not report.background:
            self.document_stories.append((report, story, contradiction))
        return Assignment(story.id, contradiction), story

    def _best_story(self, report: Report) -> tuple[Story, str | None] | None:
        """The story the report fits best (most parties shared, then one of its article, the closest day, the oldest),
        with the report's contradiction of it. A report that names no place and fits as well stories set
        in places that are not one ("Egyptian jets killed Libyan civilians" against strikes on Derna and
        on Benghazi the same day) could be of either: it starts a story of its own, unless the best is a
        story of its own article."""
        fits = []
        for candidate in self._candidates(report):
            story = self.stories[candidate]
            fit = relation(story, report, self.window_days, self.hierarchy)
            if fit is not None:
                closeness = -abs(report.day - story.day) if report.day is not None and story.day is not None else 0
                fits.append(((fit[0], story.doc_id == report.doc_id, closeness, -self.order[candidate]), story, fit[1]))
        if not fits:
            return None
        top, story, contradiction = max(fits, key=lambda fit: fit[0])
        if report.place is None and story.doc_id != report.doc_id and any(
                rank[0] == top[0] and other.place is not None and not compatible_places(story.place, other.place, self.hierarchy)
                for rank, other, _ in fits):
            return None
        return story, contradiction

    def _same_document_story(self, report: Report) -> tuple[Story, str | None] | None:
        """The story of another record of the article that tells the same event, when both assert it or
        both deny it and its place and day fit: the record joins it, contesting it as that record does.
        That record tells the same event when
        * it is of the same category and names every party this one names, or more, and its place is
          this one's, within it, or a province holding it (a headline's "Shelling in Hama" over "Syrian
          forces shelled Latamneh"; "Village shelled near Mosul" over a shelling in Nineveh province;
          not "a strike in Idlib" under a story of strikes on Syria), or
        * it comes from the same sentence, of the same family, with a party in common ("met the French
          minister in Paris to discuss Syria": the coder may take the topic for a second recipient)."""
        if report.background:
            return None
        for joined, story, contradiction in self.document_stories:
            if joined.polarity != report.polarity or not within_window(story, report, self.window_days) or \
                    not compatible_places(story.place, report.place, self.hierarchy):
                continue
            # compatible places already: the same, or one holds the other; a whole country holding a town
            # is a campaign, not the strike
            placed_within = holds_place(report.place, story.place, self.hierarchy) or (
                story.place is not None and not story.place[2])
            if joined.category == report.category and names_no_other_party(report, story) and placed_within:
                return story, contradiction
            if joined.sentence_start == report.sentence_start and joined.family == report.family and \
                    shares_a_side(report, joined):
                return story, contradiction
        return None

    def _candidates(self, report: Report) -> set[str]:
        if report.background:
            return set()
        found: set[str] = set()
        for key in report.actors | report.recipients:
            found |= self.by_party.get((report.family, key), set())
        return found
