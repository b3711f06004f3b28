"""The demo has a message to Tirsdagsgruppen, a followed sector and a few inbox notifications."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.demo import load_demo
from app.groups.models import GroupMessage
from app.notifications.models import Notification
from app.placements.models import SectorFollow


def test_demo_participant_and_facilitator_have_notifications_and_a_message(db, client, login_as):
    load_demo(password_method="scrypt:1024:8:1")
    person = db.session.scalar(select(User).where(User.email == "ung1@example.org"))
    facilitator = db.session.scalar(select(User).where(User.email == "facilitator@example.org"))

    def count(user: User) -> int:
        return db.session.scalar(select(func.count()).where(Notification.user_id == user.id))

    assert count(person) >= 3 and count(facilitator) >= 2
    assert db.session.scalar(select(SectorFollow.sector).where(SectorFollow.user_id == person.id))
    message = db.session.scalars(select(GroupMessage)).one()
    login_as(client, person)
    assert client.get(f"/messages/{message.id}").status_code == 200
    for note in db.session.scalars(select(Notification).where(Notification.user_id == person.id)):
        assert client.get(note.url).status_code == 200, note.url
