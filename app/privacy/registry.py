"""The registry of personal data: every column that points at a person, where its rows appear in that
person's export, and what deleting the account does with them.

tests/privacy/test_registry.py walks the metadata and fails when a foreign key to `user.id` is missing
here, so a new table cannot hold personal data without an answer for access and erasure.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Erase(enum.StrEnum):
    DELETE = "delete"  # the rows are the person's: delete them
    SET_NULL = "set_null"  # the rows belong to someone else (the person only acted on them): forget who
    PSEUDONYMISE = "pseudonymise"  # keep the rows, replace the reference by a pseudonym in `ref_column`
    END_AND_DELETE = "end_and_delete"  # active placements end and release their seats, then delete
    UNCOUNT_AND_DELETE = "uncount_and_delete"  # event sign-ups give their seat back, then delete
    USER_ROW = "user_row"  # the account itself, deleted last


@dataclass(frozen=True)
class Entry:
    table: str
    column: str
    export: str  # where the rows are in the export: a key, or a dotted path ("activity.responses_written")
    erase: Erase
    ref_column: str | None = None  # for PSEUDONYMISE: where the pseudonym goes


REGISTRY: tuple[Entry, ...] = (
    Entry("user", "id", "account", Erase.USER_ROW),
    Entry("login_session", "user_id", "devices", Erase.DELETE),
    Entry("invite", "user_id", "invites", Erase.DELETE),
    Entry("invite", "created_by_id", "activity.invites_created", Erase.SET_NULL),
    Entry("membership", "user_id", "groups", Erase.DELETE),
    Entry("rsvp", "user_id", "meeting_answers", Erase.DELETE),
    Entry("attendance", "user_id", "check_ins", Erase.DELETE),
    Entry("attendance", "marked_by_id", "activity.attendance_marked", Erase.SET_NULL),
    Entry("calendar_feed", "user_id", "calendar_feed", Erase.DELETE),
    Entry("event_signup", "user_id", "event_signups", Erase.UNCOUNT_AND_DELETE),
    Entry("company_interest", "user_id", "company_interests", Erase.DELETE),
    Entry("event_attendance", "user_id", "event_attendance", Erase.DELETE),
    Entry("event_attendance", "marked_by_id", "activity.event_attendance_marked", Erase.SET_NULL),
    Entry("assignment", "user_id", "placements", Erase.END_AND_DELETE),
    Entry("hours_change", "changed_by_id", "activity.hours_changes_made", Erase.SET_NULL),
    Entry("placement_change", "user_id", "placement_changes", Erase.DELETE),
    Entry("idempotency_key", "user_id", "form_submissions", Erase.DELETE),
    Entry("reflection", "author_id", "reflections", Erase.DELETE),
    Entry("reflection_response", "author_id", "activity.responses_written", Erase.SET_NULL),
    Entry("reflection_read", "reader_id", "activity.reflections_read", Erase.DELETE),
    Entry("reflection_reaction", "user_id", "reactions_given", Erase.DELETE),
    Entry("audit_entry", "subject_id", "who_looked_at_my_data", Erase.PSEUDONYMISE, "subject_ref"),
    Entry("audit_entry", "actor_id", "activity.audit_as_actor", Erase.PSEUDONYMISE, "actor_ref"),
    Entry("deletion_request", "user_id", "deletion_request", Erase.DELETE),
    Entry("notification", "user_id", "notifications", Erase.DELETE),  # its deliveries go with it (cascade)
    Entry("notification", "actor_id", "activity.notifications_caused", Erase.SET_NULL),  # inbox entries of others
    Entry("push_subscription", "user_id", "push_devices", Erase.DELETE),
    Entry("notification_prefs", "user_id", "notification_settings", Erase.DELETE),
    Entry("sector_follow", "user_id", "followed_sectors", Erase.DELETE),
    # A seat held for the person goes to the next in line first (placements.services.end_all_for_deletion).
    Entry("placement_wait", "user_id", "placement_waiting_lists", Erase.END_AND_DELETE),
    Entry("group_message", "author_id", "activity.group_messages_written", Erase.SET_NULL),
    Entry("person_note", "subject_id", "facilitator_notes", Erase.DELETE),
    Entry("person_note", "author_id", "activity.notes_written", Erase.SET_NULL),
    # A facilitation reflection is about a meeting, for the team: it stays, without the author's name.
    Entry("facilitation_reflection", "author_id", "activity.facilitation_reflections_written", Erase.SET_NULL),
    Entry("programme_period", "user_id", "programme_periods", Erase.DELETE),  # its outcomes go with it (cascade)
    Entry("programme_outcome", "reported_by_id", "activity.programme_outcomes_recorded", Erase.SET_NULL),
    Entry("programme_outcome", "confirmed_by_id", "activity.programme_outcomes_confirmed", Erase.SET_NULL),
    Entry("export_key", "created_by_id", "activity.export_keys_created", Erase.SET_NULL),
    Entry("report_export", "actor_id", "activity.report_exports", Erase.PSEUDONYMISE, "actor_ref"),
    Entry("work_profile", "user_id", "work_identity.profile", Erase.DELETE),
    Entry("work_item", "user_id", "work_identity.strengths_and_interests", Erase.DELETE),
    Entry("work_reflection_pick", "user_id", "work_identity.reflections_on_page", Erase.DELETE),
    Entry("work_wish_sector", "user_id", "work_identity.sectors_to_try", Erase.DELETE),
    Entry("work_education", "user_id", "work_identity.education", Erase.DELETE),
    Entry("work_cv_omit", "user_id", "work_identity.placements_left_off_cv", Erase.DELETE),
    Entry("work_page_read", "owner_id", "work_identity.read_by", Erase.DELETE),
    Entry("work_page_read", "reader_id", "activity.work_pages_read", Erase.DELETE),
    Entry("pulse_setting", "user_id", "wellbeing.setting", Erase.DELETE),
    Entry("pulse_answer", "user_id", "wellbeing.answers", Erase.DELETE),
    Entry("staff_totp", "user_id", "second_factor.authenticator", Erase.DELETE),  # the secret is never exported
    Entry("recovery_code", "user_id", "second_factor.recovery_codes", Erase.DELETE),  # nor the codes' hashes
)


def entries() -> tuple[Entry, ...]:
    return REGISTRY


def covered() -> set[tuple[str, str]]:
    """(table, column) pairs that have both an export path and an erase rule."""
    return {(e.table, e.column) for e in REGISTRY if e.export and e.erase}


def rows_at(export: dict, path: str) -> list[dict]:
    """The rows an export holds at `path`: a dict is one row, lists are flattened, dots go deeper."""
    found: list = [export]
    for key in path.split("."):
        nxt: list = []
        for item in found:
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, list):
                nxt.extend(value)
            elif value is not None:
                nxt.append(value)
        found = nxt
    return [row for row in found if isinstance(row, dict)]
