"""What each kind of notification says (generic text only: no names, no message or reflection text),
who can choose it in the settings, and how a push for it is sent. The inbox alone may say who did it
(`by`, with the actor's name filled in when the inbox is shown); a push payload never does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.notifications.models import Kind


@dataclass(frozen=True)
class KindInfo:
    title: LazyString  # the push title and the inbox headline, in the recipient's language
    body: LazyString  # a generic line under the title
    label: LazyString  # the name of the kind on the settings page
    topic: str  # notifications with the same topic and object replace each other on the device
    ttl: timedelta  # how long a push service keeps it for an offline device
    urgency: str  # RFC 8030 Urgency
    for_staff: bool = False
    by: LazyString | None = None  # the inbox headline naming who did it, "%(name)s …" (never in a push)

    def headline(self, actor: str | None) -> str:
        """The inbox headline: naming the actor if the kind has a wording for it and they still exist."""
        if actor and self.by is not None:
            return str(self.by) % {"name": actor}
        return str(self.title)


KINDS: dict[Kind, KindInfo] = {
    Kind.MEETING_REMINDER: KindInfo(
        _l("Network meeting soon"),
        _l("Tap to see the time and place."),
        _l("Meeting reminders"),
        "meeting",
        timedelta(hours=12),
        "normal",
    ),
    Kind.MEETING_MOVED: KindInfo(
        _l("A meeting has been moved"),
        _l("Tap to see the new time."),
        _l("Meetings moved or cancelled"),
        "meeting",
        timedelta(days=2),
        "high",
    ),
    Kind.MEETING_CANCELLED: KindInfo(
        _l("A meeting is cancelled"),
        _l("Tap to see which one."),
        _l("Meetings moved or cancelled"),
        "meeting",
        timedelta(days=2),
        "high",
    ),
    Kind.MEETING_ADDED: KindInfo(
        _l("An extra meeting is planned"),
        _l("Tap to see when and where."),
        _l("Meetings moved or cancelled"),
        "meeting",
        timedelta(days=2),
        "high",
    ),
    Kind.GROUP_MESSAGE: KindInfo(
        _l("New message for your group"),
        _l("Tap to read it in the app."),
        _l("Messages to my group"),
        "message",
        timedelta(days=3),
        "normal",
    ),
    Kind.NEW_PLACEMENT: KindInfo(
        _l("New placement in a sector you follow"),
        _l("Tap to see it."),
        _l("New placements in sectors I follow"),
        "placement",
        timedelta(days=3),
        "low",
    ),
    Kind.SEAT_OFFERED: KindInfo(
        _l("A seat is free for you"),
        _l("It is held for you for a day. Tap to take it."),
        _l("A seat for me from a waiting list"),
        "seat",
        timedelta(hours=24),
        "high",
    ),
    Kind.EVENT_REMINDER: KindInfo(
        _l("Match event soon"),
        _l("Tap to see the time and place."),
        _l("Match events: reminders and cancellations"),
        "event",
        timedelta(hours=24),
        "normal",
    ),
    Kind.EVENT_CANCELLED: KindInfo(
        _l("A match event is cancelled"),
        _l("Tap to see which one."),
        _l("Match events: reminders and cancellations"),
        "event",
        timedelta(days=2),
        "high",
    ),
    Kind.PLACEMENT_CHANGE: KindInfo(
        _l("A participant changed their placement"),
        _l("Tap to see the change."),
        _l("Placement changes"),
        "change",
        timedelta(days=3),
        "low",
        for_staff=True,
        by=_l("%(name)s changed their placement"),
    ),
    Kind.REFLECTION_SHARED: KindInfo(
        _l("A reflection was shared with you"),
        _l("Tap to read it in the app."),
        _l("Reflections shared with me"),
        "reflection",
        timedelta(days=3),
        "low",
        for_staff=True,
        by=_l("%(name)s shared a reflection with you"),
    ),
    Kind.REFLECTION_RESPONSE: KindInfo(
        _l("New response to a reflection"),
        _l("Tap to read it in the app."),
        _l("Responses to reflections"),
        "reflection",
        timedelta(days=3),
        "normal",
        by=_l("%(name)s responded to a reflection"),
    ),
    Kind.EXIT_REPORTED: KindInfo(
        _l("A participant reported leaving the programme"),
        _l("Tap to confirm it."),
        _l("Participants leaving for a job or education"),
        "programme",
        timedelta(days=3),
        "normal",
        for_staff=True,
        by=_l("%(name)s reported leaving for a job or education"),
    ),
    Kind.FOLLOWUP_DUE: KindInfo(
        _l("A follow-up is due"),
        _l("Tap to record how it is going."),
        _l("Follow-ups due"),
        "programme",
        timedelta(days=3),
        "low",
        for_staff=True,
        by=_l("Time to follow up on %(name)s"),
    ),
    Kind.TALK_REQUESTED: KindInfo(
        _l("A participant would like to talk"),
        _l("Tap to see who, and call or write to them."),
        _l("Participants who would like to talk"),
        "talk",
        timedelta(days=2),
        "normal",
        for_staff=True,
        by=_l("%(name)s would like to talk with you"),
    ),
    Kind.TEST: KindInfo(
        _l("Test notification"),
        _l("Notifications work on this device."),
        _l("Test notification"),
        "test",
        timedelta(hours=1),
        "high",
    ),
}

PARTICIPANT_CHOICES = (
    Kind.MEETING_REMINDER,
    Kind.MEETING_MOVED,
    Kind.GROUP_MESSAGE,
    Kind.NEW_PLACEMENT,
    Kind.EVENT_REMINDER,
    Kind.REFLECTION_RESPONSE,
)
STAFF_CHOICES = (
    Kind.PLACEMENT_CHANGE,
    Kind.REFLECTION_SHARED,
    Kind.REFLECTION_RESPONSE,
    Kind.MEETING_MOVED,
    Kind.EXIT_REPORTED,
    Kind.FOLLOWUP_DUE,
    Kind.TALK_REQUESTED,
)
# One choice on the settings page covers these: muting "moved" also mutes "cancelled" and "added" (an extra
# meeting), and likewise for events.
MUTED_TOGETHER = {
    Kind.MEETING_CANCELLED: Kind.MEETING_MOVED,
    Kind.MEETING_ADDED: Kind.MEETING_MOVED,
    Kind.EVENT_CANCELLED: Kind.EVENT_REMINDER,
}


def choices_for(is_staff: bool) -> tuple[Kind, ...]:
    return STAFF_CHOICES if is_staff else PARTICIPANT_CHOICES


def is_muted(kind: Kind, muted: set[str]) -> bool:
    """Whether a person who muted `muted` gets no push for `kind` (the inbox still gets it; tests can't be muted)."""
    if kind is Kind.TEST:
        return False
    return kind.value in muted or MUTED_TOGETHER.get(kind, kind).value in muted
