"""Demo data for trying the app: one municipality, staff and twenty participants.

Each feature adds its own demo data in a step listed in DEMO_STEPS, in the order they build on each
other; a step gets the demo municipality and its users, adds and flushes, and never commits.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from app.accounts.models import Municipality, Role, User
from app.events.demo import add_match_events
from app.extensions import db
from app.facilitation.demo import add_facilitation
from app.meetings.demo import add_groups
from app.notifications.demo import add_notifications
from app.placements.demo import add_placements
from app.programme.demo import add_programme
from app.reflections.demo import add_reflections
from app.transaction import transactional
from app.wellbeing.demo import add_wellbeing
from app.workidentity.demo import add_work_identity

DEMO_PASSWORD = "nextwork-demo"
DEMO_SLUG = "roskilde-demo"
PARTICIPANT_NAMES = (
    "Amira",
    "Benjamin",
    "Clara",
    "Daniel",
    "Emma",
    "Frederik",
    "Gry",
    "Hassan",
    "Ida",
    "Jonas",
    "Karla",
    "Lukas",
    "Maja",
    "Noah",
    "Olivia",
    "Patrick",
    "Rosa",
    "Sebastian",
    "Tilde",
    "Yusuf",
)

DemoStep = Callable[[Municipality, dict[str, User]], None]
DEMO_STEPS: tuple[DemoStep, ...] = (
    add_groups,  # groups with their meetings, answers and check-ins
    add_facilitation,  # the facilitators' reflections on past meetings
    add_match_events,
    add_placements,
    add_reflections,
    add_work_identity,  # Amira's page and CV, built on her placements and reflections
    add_programme,  # periods for everyone, and former participants with exits and follow-ups (for the reports)
    add_wellbeing,  # monthly check-ins: most take part (the reports' wellbeing figures); Amira's is due
    add_notifications,  # last: it tells people about what the steps above made
)


class DemoRefused(RuntimeError):
    pass


def demo_loaded() -> bool:
    return db.session.scalar(select(Municipality.id).where(Municipality.slug == DEMO_SLUG)) is not None


@transactional
def load_demo(password_method: str = "scrypt") -> Municipality:
    """Create the demo municipality and users. Refuses when the database holds real (non-demo) users."""
    real_users = db.session.scalar(
        select(func.count()).select_from(User).join(Municipality).where(Municipality.is_demo.is_(False))
    )
    if real_users:
        raise DemoRefused("This database holds real users; the demo is only loaded into an empty database.")
    if demo_loaded():
        raise DemoRefused("The demo is already loaded.")
    town = Municipality(name="Roskilde (demo)", slug=DEMO_SLUG, is_demo=True)
    db.session.add(town)
    password_hash = generate_password_hash(DEMO_PASSWORD, method=password_method)
    users: dict[str, User] = {}

    def add(email: str, name: str, role: Role) -> None:
        users[email] = User(
            email=email, display_name=name, role=role, municipality=town, password_hash=password_hash, language="da"
        )
        db.session.add(users[email])

    add("admin@example.org", "Anne Admin", Role.ADMIN)
    add("facilitator@example.org", "Mette Madsen", Role.FACILITATOR)
    add("facilitator2@example.org", "Omar Nielsen", Role.FACILITATOR)
    for number, name in enumerate(PARTICIPANT_NAMES, start=1):
        add(f"ung{number}@example.org", name, Role.PARTICIPANT)
    db.session.flush()
    for step in DEMO_STEPS:
        step(town, users)
    return town
