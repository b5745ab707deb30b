"""Which reports are one meeting, and the Meetings they make.

In: the Sightings of one article, in the order of its text. Out: Meetings
(kg.model), one per event. Within an article a report joins the most recent
meeting it agrees with: dates that do not differ, sides that contain one
another, places that contain one another, or a reference back ("the talks",
"Tuesday's meeting"); reports of the same place and date are one meeting.
Across articles the meeting's IRI (kg.vocab.meeting_iri) does the merging:
place and date, or the participants where there is no date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from kg import vocab
from kg.extract.meetings.cues import Cues
from kg.extract.meetings.lists import add_new
from kg.extract.meetings.participants import Participants
from kg.extract.meetings.places import Places
from kg.extract.meetings.sighting import Sighting
from kg.model import Article, Meeting


@dataclass
class Draft:
    """A meeting being assembled from the sightings of one article."""

    kind: str
    place: str | None
    date: str | None
    participants: list[str]
    absent: list[str]
    host: str | None
    title: str | None
    evidence: list[str]
    sentence: int  # start of the sentence last mentioning it
    last: int  # token index of the last mention
    unanchored: bool = False  # only planned, with no place or date: "arranging a meeting between X and Y"
    held: bool = False  # some report has it held
    sequenced_in: int = -1  # the sentence where it is set before or after another event


class Drafts:
    """The meetings of one article, assembled report by report."""

    def __init__(self, article: Article, cues: Cues, participants: Participants, places: Places) -> None:
        self.article = article
        self.cues = cues
        self.participants = participants
        self.places = places
        self.datelined = places.datelined(article.text)

    def meetings(self, reports: Iterable[Sighting]) -> list[Meeting]:
        """The meetings of an article's reports (``reports`` in the order of the text)."""
        meetings: dict[str, Meeting] = {}
        for draft in self.drafts(reports):
            meeting = self.finish(draft)
            if meeting is None:
                continue
            iri = vocab.meeting_iri(meeting.place, meeting.date, meeting.kind, meeting.participants)
            if iri in meetings:
                meeting = _combine(meetings[iri], meeting)
            meetings[iri] = meeting
        return list(meetings.values())

    def drafts(self, reports: Iterable[Sighting]) -> list[Draft]:
        """Each report joins the most recent draft it agrees with, or starts one."""
        drafts: list[Draft] = []
        for seen in reports:
            place = self.places.pick_place(seen.places)
            target = next(
                (d for d in sorted(drafts, key=lambda d: -d.last) if self.joins(seen, place, d)), None
            )
            if target is None:
                if not self.can_start(seen, place):
                    continue
                target = Draft(seen.kind, place, seen.date, [], [], None, None, [], seen.sentence.start, seen.token.i,
                               unanchored=seen.planned and not (place or seen.date))
                drafts.append(target)
            self.merge(target, seen, place)
        return drafts

    def joins(self, seen: Sighting, place: str | None, draft: Draft) -> bool:
        """Whether a report is one more mention of the meeting ``draft``."""
        if seen.date and draft.date and seen.date != draft.date:
            return False
        if draft.sentence == seen.sentence.start and (seen.sequenced or draft.sequenced_in == draft.sentence):
            return False  # "X met Y ahead of the Zenda talks": the one before the other
        if seen.planned and seen.date and not draft.date and draft.sentence != seen.sentence.start:
            return False  # "… is scheduled to meet Doe on Wednesday": not the undated one held before
        if not self.sides_agree(seen, draft):
            return False
        if draft.sentence != seen.sentence.start and (draft.unanchored and not seen.planned or seen.planned and draft.held):
            return False  # a meeting still being arranged is not the one held
        if place and draft.place:
            # "talks in Zenda … The talks at the Fredonville Palace": a venue nobody
            # placed may be in the city of the talks the article refers back to
            return self.places.compatible(place, draft.place) or (
                seen.definite and draft.sentence != seen.sentence.start and self.places.unplaced_venue(place))
        return self.joins_unplaced(seen, place, draft)

    def sides(self, participants: list[str]) -> set[str]:
        return {self.participants.side(p) for p in participants}

    def sides_agree(self, seen: Sighting, draft: Draft) -> bool:
        """Mentions of one event name the same sides, or some of them; "X
        attended the conference" only adds someone to it."""
        mine, theirs = self.sides(seen.participants), self.sides(draft.participants)
        if seen.indefinite and draft.sentence != seen.sentence.start and theirs and mine - theirs:
            return False  # "Roe met Doe in Zenda … Roe, Doe and Major held a trilateral meeting there": another one
        defined = seen.defining or not seen.definite
        return not defined or _nested(mine, theirs)

    def another(self, seen: Sighting, place: str | None, draft: Draft) -> bool:
        """Whether a placed report says it is another meeting than an earlier one with
        no place or date: "the X–Y meeting in Zenda", "the Zenda summit that brought
        together A and B" (after "C met D")."""
        if draft.sentence == seen.sentence.start or not place or draft.place or draft.date:
            return False
        if seen.defining and not _nested(set(seen.participants), set(draft.participants)):
            return True  # some of the same people named again ("X met Y … the talks with Y in Zenda") are the same
        mine = {p for p in seen.participants if self.participants.is_person(p)}
        theirs = {p for p in draft.participants if self.participants.is_person(p)}
        return bool(mine and theirs) and not mine & theirs

    def joins_unplaced(self, seen: Sighting, place: str | None, draft: Draft) -> bool:
        """Whether a report joins a meeting when the two do not both have a place."""
        if seen.indefinite and draft.sentence != seen.sentence.start:
            return False  # "a meeting" introduces one; without a place it is not an older one
        if seen.planned and not (place or seen.date):
            # a meeting still to come is not the one reported, unless one to come of its very
            # sides ("X and Y will meet in Zenda on Friday … X is set to meet Y")
            return not draft.held and bool(seen.participants) and self.sides(seen.participants) == self.sides(draft.participants)
        if seen.kind != draft.kind and ({seen.kind, draft.kind} - self.cues.kin_kinds or place):
            return False  # "a day of negotiations … the Zenda summit in Hentzau": a placed summit is its own
        if self.another(seen, place, draft):
            return False
        if draft.sentence == seen.sentence.start:
            return True
        if seen.participants and draft.participants:
            return True
        if seen.definite:
            return True
        # A bare plural ("improving negotiations") is mostly generic: it joins
        # only when it says something about the meeting.
        return seen.bare and bool(seen.participants or seen.absent or seen.host or place or seen.date)

    def can_start(self, seen: Sighting, place: str | None) -> bool:
        """Whether a report that joins no draft says enough to be a meeting of its own."""
        if seen.follows:
            return False
        if seen.planned and not (place or seen.date or (seen.defining and len(seen.participants) >= 2)):
            return False  # "plans for a meeting" is none; "arranging a meeting between X and Y" one to come
        if place or seen.date or seen.title or len(seen.participants) >= 2:
            return True
        return bool(seen.participants) and seen.definite

    def merge(self, draft: Draft, seen: Sighting, place: str | None) -> None:
        generic = self.cues.generic_kind
        if draft.kind == generic and seen.kind != generic:
            draft.kind = seen.kind
        if place:
            draft.place = self.places.narrower(draft.place, place) if draft.place else place
        draft.date = draft.date or seen.date
        draft.unanchored = draft.unanchored and not (draft.place or draft.date)
        draft.held = draft.held or not seen.planned
        if seen.sequenced:
            draft.sequenced_in = seen.sentence.start
        add_new(draft.participants, seen.participants)
        add_new(draft.absent, seen.absent)
        draft.host = draft.host or seen.host
        draft.title = draft.title or seen.title
        add_new(draft.evidence, [seen.sentence.text.strip()])
        draft.sentence = seen.sentence.start
        draft.last = seen.token.i

    def finish(self, draft: Draft) -> Meeting | None:
        """A draft as a Meeting, None when nobody is left taking part; actors
        it names that the article's actors did not list are listed with
        Participants.register."""
        participants = list(draft.participants)
        if draft.host and self.participants.is_person(draft.host):
            add_new(participants, [draft.host])
        # A person stands for the side they speak for: "Syldavian officials met
        # Ruritanian leaders" and "X and Y led the talks" are the same two sides.
        people_sides = {self.participants.side(p) for p in participants if self.participants.is_person(p)}
        participants = [p for p in participants if self.participants.is_person(p) or p not in people_sides]
        if not participants:
            return None
        absent = sorted({a for a in draft.absent if a not in participants and a != draft.host})
        self.participants.register(participants + absent + ([draft.host] if draft.host else []))
        members = tuple(sorted(set(participants)))
        # Only a meeting of the day the report is from: "will meet in western Ruritania next week" is not in Strelsau.
        today = self.article.published is not None and draft.date == self.article.published.isoformat()
        place = self.places.narrowed(draft.place, self.datelined) if today else draft.place
        return Meeting(
            article=self.article.id,
            kind=draft.kind,
            name=self.label(draft.kind, place, members, draft.title),
            place=place,
            date=draft.date,
            participants=members,
            host=draft.host,
            absent=tuple(absent),
            evidence=tuple(draft.evidence),
        )

    def label(self, kind: str, place: str | None, participants: tuple[str, ...], title: str | None) -> str:
        """The meeting's name: its own title, else "talks in Zenda", "phone call between X and Y"."""
        if title:
            return title
        word = self.cues.labels.get(kind, kind.lower())
        if place:
            return f"{word} in {self.places.names.get(place, place.rsplit('/', 1)[-1])}"
        names = [self.participants.name_of(p) for p in participants]
        if len(names) == 1:
            return f"{word} of {names[0]}"
        if len(names) > 4:
            names = names[:3] + ["others"]
        return f"{word} between {', '.join(names[:-1])} and {names[-1]}"


def _nested(mine: set[str], theirs: set[str]) -> bool:
    """Whether two mentions' sides can be one meeting's: one names some of the other's, or either none."""
    return not mine or not theirs or mine <= theirs or theirs <= mine


def _combine(first: Meeting, second: Meeting) -> Meeting:
    """Two drafts that name the same node (same place and date): one meeting."""
    participants = tuple(sorted(set(first.participants) | set(second.participants)))
    return replace(
        first,
        participants=participants,
        host=first.host or second.host,
        absent=tuple(sorted((set(first.absent) | set(second.absent)) - set(participants))),
        evidence=first.evidence + tuple(e for e in second.evidence if e not in first.evidence),
    )
