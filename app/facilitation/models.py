"""A facilitator's reflection on one meeting: a rating per principle (each may be left out) and a short text,
encrypted at rest like notes. One per author per meeting."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.crypto import EncryptedText
from app.db import UTCDateTime, utcnow
from app.extensions import Model
from app.meetings.models import Meeting

MAX_LENGTH = 1000  # characters of the text: the form, the service and the page's counter take it from here
RATING_MIN, RATING_MAX = 1, 4  # a rating per principle: the CHECKs, the form's choices and the service


class Principle(enum.StrEnum):
    """NEXTWORK's four principles, in the order the form and the pages show them. The value names the column."""

    CO_DETERMINATION = "co_determination"
    SHARING = "sharing"
    RESOURCES = "resources"
    WORK_IDENTITY = "work_identity"

    @property
    def column(self) -> str:
        return f"rating_{self.value}"

    @property
    def label(self) -> str:
        return str(PRINCIPLE_LABELS[self])

    @property
    def hint(self) -> str:
        return str(PRINCIPLE_HINTS[self])


PRINCIPLE_LABELS = {
    Principle.CO_DETERMINATION: _l("Co-determination"),
    Principle.SHARING: _l("Sharing experiences in the network"),
    Principle.RESOURCES: _l("Resources, not barriers"),
    Principle.WORK_IDENTITY: _l("Work identity"),
}
PRINCIPLE_HINTS = {
    Principle.CO_DETERMINATION: _l("The young people chose and decided things themselves."),
    Principle.SHARING: _l("The young people shared their experiences with each other."),
    Principle.RESOURCES: _l("We talked about what they can do, not about what is hard."),
    Principle.WORK_IDENTITY: _l("We talked about work and who they are at a workplace."),
}
RATING_LABELS = {1: _l("Not yet"), 2: _l("A little"), 3: _l("Well"), 4: _l("Very well")}


def _rating_check(principle: Principle) -> CheckConstraint:
    column = principle.column
    return CheckConstraint(
        f"{column} IS NULL OR ({column} >= {RATING_MIN} AND {column} <= {RATING_MAX})", name=f"{column}_range"
    )


class FacilitationReflection(Model):
    """A reflection by `author` on `meeting`. The author may be gone (deleted account): NULL, and it stays for the
    team, as it is about the meeting."""

    __tablename__ = "facilitation_reflection"
    __table_args__ = (
        UniqueConstraint("meeting_id", "author_id", name="uq_facilitation_reflection_meeting_author"),
        *(_rating_check(p) for p in Principle),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    rating_co_determination: Mapped[int | None] = mapped_column(Integer)
    rating_sharing: Mapped[int | None] = mapped_column(Integer)
    rating_resources: Mapped[int | None] = mapped_column(Integer)
    rating_work_identity: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship()
    author: Mapped[User | None] = relationship()

    def rating(self, principle: Principle) -> int | None:
        value: int | None = getattr(self, principle.column)
        return value

    def ratings(self) -> dict[Principle, int | None]:
        return {p: self.rating(p) for p in Principle}
