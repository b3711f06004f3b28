"""The members' page for a message from their facilitator (opened from the notification)."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.groups import messages, messages_bp
from app.permissions import role_required


@messages_bp.get("/<int:message_id>")
@login_required
@role_required(Role.PARTICIPANT)
def detail(message_id: int) -> ResponseReturnValue:
    message = messages.get_for_member_or_404(message_id, current_user)
    return render_template("groups/message.html", message=message)
