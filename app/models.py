"""Every feature's models, imported once so the metadata (migrations, create_all) is complete."""

from app.accounts.models import Invite, LoginSession, Municipality, User
from app.companies.models import Company
from app.events.models import CompanyInterest, EventCompany, EventSignup, MatchEvent
from app.groups.models import Group, Membership
from app.idempotency import IdempotencyKey
from app.meetings.models import Attendance, CalendarFeed, Meeting, Rsvp
from app.notifications.models import (
    Delivery,
    GroupMessage,
    Notification,
    NotificationPrefs,
    PushSubscription,
    SectorFollow,
)
from app.placements.models import Assignment, HoursChange, Placement, PlacementChange
from app.privacy.models import AuditEntry, DeletionRequest
from app.reflections.models import Reflection, ReflectionRead, ReflectionResponse

__all__ = [
    "Attendance", "CalendarFeed", "Company", "CompanyInterest", "EventCompany", "EventSignup", "Group", "Invite",
    "LoginSession", "MatchEvent", "Meeting", "Membership", "Municipality", "Rsvp", "User", "IdempotencyKey",
    "Assignment", "HoursChange", "Placement", "PlacementChange", "AuditEntry", "DeletionRequest", "Reflection",
    "ReflectionRead", "ReflectionResponse", "Delivery", "GroupMessage", "Notification", "NotificationPrefs",
    "PushSubscription", "SectorFollow",
]  # fmt: skip
