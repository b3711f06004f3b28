"""Every feature's models, imported once so the metadata (migrations, create_all) is complete."""

from app.accounts.audit import AuditEntry
from app.accounts.models import Invite, LoginSession, Municipality, User
from app.accounts.second_factor import RecoveryCode, StaffTotp
from app.companies.models import Company
from app.events.models import CompanyInterest, EventAttendance, EventCompany, EventSignup, MatchEvent
from app.facilitation.models import FacilitationReflection
from app.groups.models import Group, GroupMessage, Membership
from app.idempotency import IdempotencyKey
from app.meetings.models import Attendance, CalendarFeed, Meeting, Rsvp
from app.notes.models import PersonNote
from app.notifications.models import Delivery, Notification, NotificationPrefs, PushSubscription
from app.placements.models import Assignment, HoursChange, Placement, PlacementChange, SectorFollow, WaitlistEntry
from app.privacy.models import DeletionRequest
from app.programme.models import ExportKey, ProgrammeOutcome, ProgrammePeriod, ReportExport
from app.reflections.models import Reflection, ReflectionReaction, ReflectionRead, ReflectionResponse
from app.workidentity.models import (
    WorkCvOmit,
    WorkEducation,
    WorkItem,
    WorkPageRead,
    WorkProfile,
    WorkReflectionPick,
    WorkWishSector,
)

__all__ = [
    "Assignment",
    "Attendance",
    "AuditEntry",
    "CalendarFeed",
    "Company",
    "CompanyInterest",
    "DeletionRequest",
    "Delivery",
    "EventAttendance",
    "EventCompany",
    "EventSignup",
    "ExportKey",
    "FacilitationReflection",
    "Group",
    "GroupMessage",
    "HoursChange",
    "IdempotencyKey",
    "Invite",
    "LoginSession",
    "MatchEvent",
    "Meeting",
    "Membership",
    "Municipality",
    "Notification",
    "NotificationPrefs",
    "PersonNote",
    "Placement",
    "PlacementChange",
    "ProgrammeOutcome",
    "ProgrammePeriod",
    "PushSubscription",
    "RecoveryCode",
    "Reflection",
    "ReflectionReaction",
    "ReflectionRead",
    "ReflectionResponse",
    "ReportExport",
    "Rsvp",
    "SectorFollow",
    "WaitlistEntry",
    "StaffTotp",
    "User",
    "WorkCvOmit",
    "WorkEducation",
    "WorkItem",
    "WorkPageRead",
    "WorkProfile",
    "WorkReflectionPick",
    "WorkWishSector",
]
