"""The app's domain events: how a feature tells the rest of the app what happened.

A feature's service sends an event inside its transaction, after its own rows are added and flushed and
before its commit. Listeners (notifications today; reports and the attention list later) are connected
in `create_app` with `register_listeners`, per app, and only `add()` rows to the same session: the
feature's commit makes the event and every reaction to it land together, and a failed commit loses both.
A listener never commits or rolls back. A test app made with `DOMAIN_LISTENERS=False` has none.

Each event declares its payload (keyword arguments) with a description; `send` refuses a payload that
differs from the declaration, so the documentation cannot drift from what is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, cast

from blinker import NamedSignal, Namespace
from flask import Flask, current_app
from werkzeug.local import LocalProxy

_namespace = Namespace()


@dataclass(frozen=True, eq=False)
class DomainEvent:
    """A named blinker signal with a declared payload."""

    name: str
    doc: str
    payload: Mapping[str, str]
    signal: NamedSignal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "signal", _namespace.signal(self.name, doc=self.doc))

    def send(self, **payload: Any) -> None:
        """Tell this app's listeners, in the caller's transaction. TypeError if the payload is not the declared one."""
        if set(payload) != set(self.payload):
            raise TypeError(f"{self.name} takes {sorted(self.payload)}, got {sorted(payload)}")
        # The app itself, not the proxy: listeners are connected per app object.
        app = cast(LocalProxy[Flask], current_app)._get_current_object()
        self.signal.send(app, **payload)

    def connect(self, app: Flask, receiver: Callable[..., None]) -> None:
        """Call `receiver(sender, **payload)` when this app sends the event (kept alive while the app lives)."""
        self.signal.connect(receiver, sender=app, weak=False)

    def connected_to(self, app: Flask, receiver: Callable[..., None]) -> AbstractContextManager[Any]:
        """A `with` block during which `receiver` also listens (for tests)."""
        return self.signal.connected_to(receiver, sender=app)

    def receivers(self, app: Flask) -> list[Callable[..., None]]:
        """The receivers connected for this app."""
        return list(self.signal.receivers_for(app))


def _event(name: str, doc: str, **payload: str) -> DomainEvent:
    return DomainEvent(name, doc, payload)


meeting_moved = _event(
    "meeting_moved",
    "A facilitator changed an upcoming meeting's time or place.",
    meeting="the Meeting, already holding its new start and place",
    old_start="the start (UTC datetime) before the change",
    old_place="the place before the change",
    now="the time of the change (UTC)",
)
meeting_added = _event(
    "meeting_added",
    "A facilitator added an extra (one-off) meeting to a group, outside its weekly series.",
    meeting="the new Meeting (flushed: it has an id)",
    now="the time it was added (UTC)",
)
meeting_cancelled = _event(
    "meeting_cancelled",
    "A facilitator cancelled a meeting.",
    meeting="the Meeting, with cancelled_at set",
    now="the time of the cancellation (UTC)",
)
rsvp_changed = _event(
    "rsvp_changed",
    "A participant answered whether they come to a meeting (a first answer or a change).",
    meeting="the Meeting",
    user="the participant (User)",
    answer="the new Answer (yes or no)",
)
event_moved = _event(
    "event_moved",
    "Staff changed a match event's start time.",
    event="the MatchEvent, already holding its new start",
)
event_cancelled = _event(
    "event_cancelled",
    "Staff cancelled a match event.",
    event="the MatchEvent, with cancelled_at set",
    now="the time of the cancellation (UTC)",
)
event_signup_cancelled = _event(
    "event_signup_cancelled",
    "A participant withdrew from a match event they had signed up for.",
    event="the MatchEvent",
    user="the participant (User)",
)
placement_changed = _event(
    "placement_changed",
    "A participant chose, switched, adjusted the hours of, or ended a placement.",
    change="the PlacementChange row (flushed: it has an id, user_id and kind)",
)
placement_offered = _event(
    "placement_offered",
    "A placement may be new to the people who follow its sector: created, opened, or its sector changed.",
    placement="the Placement (flushed; may be closed or have no sector, in which case nobody is told)",
)
seat_offered = _event(
    "seat_offered",
    "A seat in a full placement is held for the first person on its waiting list, for a short while.",
    entry="the WaitlistEntry, now offered (its user_id, placement_id and hold_until are set)",
)
reflection_shared = _event(
    "reflection_shared",
    "A reflection became readable for the author's facilitators (it was not before).",
    reflection="the Reflection",
)
reflection_withdrawn = _event(
    "reflection_withdrawn",
    "The author made a reflection private again.",
    reflection="the Reflection",
)
reflection_deleted = _event(
    "reflection_deleted",
    "The author deleted a reflection (sent before the row is deleted).",
    reflection="the Reflection",
)
response_written = _event(
    "response_written",
    "Someone answered a reflection.",
    reflection="the Reflection answered",
    responder="the User who wrote the response",
)
group_message_posted = _event(
    "group_message_posted",
    "A facilitator wrote a message to their group.",
    message="the GroupMessage (flushed)",
    member_ids="ids of the group's current active members, who should read it",
)
member_added = _event(
    "member_added",
    "A participant became a current member of a group: put in it, moved to it, or created into it.",
    membership="the new Membership (flushed: it has an id, user_id, group_id and joined_at)",
)
exit_reported = _event(
    "exit_reported",
    "A participant reported that they leave the programme (a job, education); a facilitator confirms it.",
    outcome="the ProgrammeOutcome at exit, not confirmed yet (flushed; its period is loaded)",
)
programme_ended = _event(
    "programme_ended",
    "Staff confirmed or recorded a participant's exit: the programme period has ended.",
    period="the ProgrammePeriod, with ended_on set",
)
followup_recorded = _event(
    "followup_recorded",
    "Staff recorded how a former or current participant is doing 6, 12 or 30 months after the start.",
    outcome="the ProgrammeOutcome of the follow-up (flushed)",
)
talk_requested = _event(
    "talk_requested",
    'A participant pressed "I\'d like to talk to my facilitator" on their wellbeing page. It carries no answers.',
    user="the participant (User) who asked",
)
user_deactivated = _event(
    "user_deactivated",
    "Staff deactivated an account: it can no longer log in.",
    user="the User, with active=False",
)

ALL_EVENTS: tuple[DomainEvent, ...] = tuple(value for value in globals().values() if isinstance(value, DomainEvent))
