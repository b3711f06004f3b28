"""Notifications as a listener of the domain events (app.signals): who is told what when something happens
in a feature. Each listener runs inside the feature's transaction, before its commit, and only adds rows
(it never commits), so an event and its notifications land together or not at all.

`register_listeners(app)` connects them for one app; `create_app` calls it unless `DOMAIN_LISTENERS` is
False. Recipients are looked up with a fixed number of queries, however many people are told.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask_login import user_logged_in, user_logged_out
from sqlalchemy import inspect, select

from app import signals
from app.accounts.models import User
from app.events.models import EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import GroupMessage
from app.meetings.models import Answer, Meeting
from app.notifications import settings
from app.notifications.models import Kind
from app.notifications.recipients import facilitators_of, meeting_members, path_for
from app.notifications.services import notify, withdraw, withdraw_for
from app.placements.follows import followers
from app.placements.models import Placement, PlacementChange, WaitlistEntry
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.policies import responsible_staff
from app.reflections.models import Reflection

URGENT_WITHIN = timedelta(hours=24)


def _urgent(starts_at: datetime, now: datetime) -> bool:
    return starts_at - now <= URGENT_WITHIN


def meeting_moved(_app: Flask, *, meeting: Meeting, old_start: datetime, old_place: str, now: datetime) -> None:
    """Tell the members that the meeting's time or place changed; the old time's queued reminders go."""
    if (meeting.starts_at, meeting.place) == (old_start, old_place) or meeting.ends_at <= now:
        return
    if meeting.starts_at != old_start:  # reminders are made per start time; a new place keeps them
        withdraw(Kind.MEETING_REMINDER, meeting.id, now=now)
    withdraw(Kind.MEETING_MOVED, meeting.id, now=now)  # an older "moved" still waiting would tell the old news
    notify(
        meeting_members([meeting.id])[meeting.id],
        Kind.MEETING_MOVED,
        url=path_for("meetings.detail", meeting_id=meeting.id),
        object_id=meeting.id,
        urgent=_urgent(min(old_start, meeting.starts_at), now),
        expires_at=meeting.starts_at,
        now=now,
    )


def meeting_added(_app: Flask, *, meeting: Meeting, now: datetime) -> None:
    """Tell the members of the group about an extra meeting (its reminders come later, as for any meeting)."""
    notify(
        meeting_members([meeting.id])[meeting.id],
        Kind.MEETING_ADDED,
        url=path_for("meetings.detail", meeting_id=meeting.id),
        object_id=meeting.id,
        urgent=_urgent(meeting.starts_at, now),
        expires_at=meeting.starts_at,
        now=now,
    )


def meeting_cancelled(_app: Flask, *, meeting: Meeting, now: datetime) -> None:
    """Tell the members that the meeting is cancelled; its queued reminders, "moved" and "added" pushes go (they
    share its topic on the device, and must not arrive after — or instead of — the cancellation)."""
    withdraw((Kind.MEETING_REMINDER, Kind.MEETING_MOVED, Kind.MEETING_ADDED), meeting.id, now=now)
    if meeting.ends_at <= now:
        return
    notify(
        meeting_members([meeting.id])[meeting.id],
        Kind.MEETING_CANCELLED,
        url=path_for("meetings.detail", meeting_id=meeting.id),
        object_id=meeting.id,
        urgent=_urgent(meeting.starts_at, now),
        expires_at=meeting.starts_at,
        now=now,
    )


def rsvp_changed(_app: Flask, *, meeting: Meeting, user: User, answer: Answer) -> None:
    """After an afbud the person's queued reminders for the meeting are withdrawn."""
    if answer is Answer.NO:
        withdraw(Kind.MEETING_REMINDER, meeting.id, [user.id])


def event_moved(_app: Flask, *, event: MatchEvent) -> None:
    """The reminder for the old time goes; the scheduler makes one for the new time."""
    withdraw(Kind.EVENT_REMINDER, event.id)


def event_cancelled(_app: Flask, *, event: MatchEvent, now: datetime) -> None:
    """Tell the signed-up participants that the match event is cancelled; its queued reminders go."""
    withdraw(Kind.EVENT_REMINDER, event.id, now=now)
    if event.ends_at <= now:
        return
    signed_up = db.session.scalars(select(EventSignup.user_id).where(EventSignup.event_id == event.id))
    notify(
        signed_up,
        Kind.EVENT_CANCELLED,
        url=path_for("events.detail", event_id=event.id),
        object_id=event.id,
        urgent=_urgent(event.starts_at, now),
        expires_at=event.starts_at,
        now=now,
    )


def event_signup_cancelled(_app: Flask, *, event: MatchEvent, user: User) -> None:
    withdraw(Kind.EVENT_REMINDER, event.id, [user.id])


def placement_changed(_app: Flask, *, change: PlacementChange) -> None:
    """A participant chose, switched, adjusted or ended a placement: tell the facilitators of their group."""
    notify(
        facilitators_of([change.user_id]),
        Kind.PLACEMENT_CHANGE,
        url=path_for("placements.staff_person", user_id=change.user_id),
        object_id=change.user_id,
        actor_id=change.user_id,
    )


def placement_offered(_app: Flask, *, placement: Placement) -> None:
    """Tell the sector's followers about an open placement: once per placement and sector."""
    if not placement.is_open or not placement.sector:
        return
    digest = hashlib.sha256(placement.sector.encode()).hexdigest()[:16]
    notify(
        followers(placement),
        Kind.NEW_PLACEMENT,
        url=path_for("placements.detail", placement_id=placement.id),
        object_id=placement.id,
        dedupe=f"placement:{placement.id}:{digest}",
    )


def seat_offered(_app: Flask, *, entry: WaitlistEntry) -> None:
    """A seat from the waiting list is held for the person: tell them at once (an urgent push), until it runs out."""
    notify(
        [entry.user_id],
        Kind.SEAT_OFFERED,
        url=path_for("placements.detail", placement_id=entry.placement_id),
        object_id=entry.placement_id,
        urgent=True,
        expires_at=entry.hold_until,
    )


def reflection_shared(_app: Flask, *, reflection: Reflection) -> None:
    """Tell the author's facilitators, at most once per reflection and facilitator."""
    notify(
        facilitators_of([reflection.author_id]),
        Kind.REFLECTION_SHARED,
        url=path_for("reflections.staff_read", reflection_id=reflection.id),
        object_id=reflection.id,
        dedupe=f"reflection:{reflection.id}:shared",
        actor_id=reflection.author_id,
    )


def reflection_withdrawn(_app: Flask, *, reflection: Reflection) -> None:
    """Made private again: a "shared" push still waiting is withdrawn."""
    withdraw(Kind.REFLECTION_SHARED, reflection.id)


def reflection_deleted(_app: Flask, *, reflection: Reflection) -> None:
    """Pushes about it still waiting are withdrawn (their links would be a 404)."""
    withdraw((Kind.REFLECTION_SHARED, Kind.REFLECTION_RESPONSE), reflection.id)


def response_written(_app: Flask, *, reflection: Reflection, responder: User) -> None:
    """Tell the author (and the other facilitators who can read it) that a response was written."""
    if reflection.author_id != responder.id:
        notify(
            [reflection.author_id],
            Kind.REFLECTION_RESPONSE,
            url=path_for("reflections.detail", reflection_id=reflection.id),
            object_id=reflection.id,
            actor_id=responder.id,
        )
    others = [uid for uid in facilitators_of([reflection.author_id]) if uid != responder.id]
    notify(
        others,
        Kind.REFLECTION_RESPONSE,
        url=path_for("reflections.staff_read", reflection_id=reflection.id),
        object_id=reflection.id,
        actor_id=responder.id,
    )


def group_message_posted(_app: Flask, *, message: GroupMessage, member_ids: list[int]) -> None:
    notify(member_ids, Kind.GROUP_MESSAGE, url=path_for("messages.detail", message_id=message.id), object_id=message.id)


def exit_reported(_app: Flask, *, outcome: ProgrammeOutcome) -> None:
    """A participant says they leave for a job or education: tell the staff who look after them, to confirm it."""
    period = outcome.period
    notify(
        responsible_staff([period.user_id]).get(period.user_id, []),
        Kind.EXIT_REPORTED,
        url=path_for("programme.staff_exit", period_id=period.id),
        object_id=period.id,
        actor_id=period.user_id,
    )


def programme_ended(_app: Flask, *, period: ProgrammePeriod) -> None:
    """The exit is confirmed: a "reported leaving" push still waiting is withdrawn (the inbox keeps it)."""
    withdraw(Kind.EXIT_REPORTED, period.id)


def followup_recorded(_app: Flask, *, outcome: ProgrammeOutcome) -> None:
    """The follow-up is recorded: its reminder's push, if still waiting, is withdrawn."""
    withdraw(Kind.FOLLOWUP_DUE, outcome.period_id)


def talk_requested(_app: Flask, *, user: User) -> None:
    """A participant would like to talk: their facilitators (or the admins, outside a group) get a neutral inbox entry
    that links to the person's page. It says nothing of why: no answers, no score."""
    notify(
        responsible_staff([user.id]).get(user.id, []),
        Kind.TALK_REQUESTED,
        url=path_for("people.detail", user_id=user.id),
        object_id=user.id,
        actor_id=user.id,
    )


def user_deactivated(_app: Flask, *, user: User) -> None:
    """Pushes still waiting for the account are withdrawn (the inbox keeps them)."""
    withdraw_for(user.id, list(Kind))


def forget_ended_sessions(_app: Flask, user: Any = None, **_extra: Any) -> None:
    """After a logout (or a login that follows "log out everywhere" or a password change): the devices of the
    sessions that ended stop getting this person's notifications. At logout the session has already ended, so
    the person is found from this device's session token."""
    state = inspect(user, raiseerr=False)  # never loads: the account may just have been deleted
    user_id = state.identity[0] if state is not None and state.identity else settings.owner_of_this_login()
    if user_id is not None:
        settings.forget_ended_sessions(user_id)


LISTENERS: dict[signals.DomainEvent, Callable[..., None]] = {
    signals.meeting_moved: meeting_moved,
    signals.meeting_added: meeting_added,
    signals.meeting_cancelled: meeting_cancelled,
    signals.rsvp_changed: rsvp_changed,
    signals.event_moved: event_moved,
    signals.event_cancelled: event_cancelled,
    signals.event_signup_cancelled: event_signup_cancelled,
    signals.placement_changed: placement_changed,
    signals.placement_offered: placement_offered,
    signals.seat_offered: seat_offered,
    signals.reflection_shared: reflection_shared,
    signals.reflection_withdrawn: reflection_withdrawn,
    signals.reflection_deleted: reflection_deleted,
    signals.response_written: response_written,
    signals.group_message_posted: group_message_posted,
    signals.exit_reported: exit_reported,
    signals.programme_ended: programme_ended,
    signals.followup_recorded: followup_recorded,
    signals.talk_requested: talk_requested,
    signals.user_deactivated: user_deactivated,
}


def register_listeners(app: Flask) -> None:
    """Connect notifications to this app's domain events and to Flask-Login's login/logout signals."""
    for event, listener in LISTENERS.items():
        event.connect(app, listener)
    user_logged_out.connect(forget_ended_sessions, sender=app, weak=False)
    user_logged_in.connect(forget_ended_sessions, sender=app, weak=False)
