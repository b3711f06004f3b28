"""The log of staff who looked at a person's data, and deletion requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.db import UTCDateTime, utcnow
from app.extensions import Model


class DeletionRequest(Model):
    """A participant asked to delete their account where the municipality wants a facilitator to confirm."""

    __tablename__ = "deletion_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
