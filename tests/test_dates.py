"""Times are stored in UTC and shown in Europe/Copenhagen, formatted for the language."""

from datetime import UTC, datetime

import pytest


@pytest.mark.parametrize(
    ("lang", "when", "shown"),
    [
        ("da", datetime(2026, 7, 1, 8, 0, tzinfo=UTC), "10.00"),  # summer: UTC+2
        ("da", datetime(2026, 1, 15, 8, 0, tzinfo=UTC), "09.00"),  # winter: UTC+1
        ("en", datetime(2026, 1, 15, 8, 0, tzinfo=UTC), "9:00"),
    ],
)
def test_datetime_filter_shows_copenhagen_time(app, lang, when, shown):
    with app.test_request_context(f"/?lang={lang}"):
        rendered = app.jinja_env.from_string("{{ when|datetime('short') }}").render(when=when)
    assert shown in rendered


def test_utc_datetime_round_trips_as_aware_utc(db):
    from tests.factories import make_user

    user = make_user()
    user.last_login_at = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    db.session.commit()
    db.session.expire_all()
    from app.accounts.models import User

    loaded = db.session.get(User, user.id).last_login_at
    assert loaded == datetime(2026, 3, 29, 0, 30, tzinfo=UTC) and loaded.tzinfo is not None


def test_the_cached_day_pattern_formats_exactly_as_babels_skeleton(app):
    """format_day looks the skeleton's pattern up once per locale; the text must be what Babel gives."""
    from datetime import UTC, datetime

    from babel.dates import format_skeleton
    from flask_babel import force_locale, get_timezone

    from app.web import format_day

    moments = [
        datetime(2026, 11, 27, 23, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime(2027, 1, 1, 0, 0, tzinfo=UTC),
    ]
    with app.test_request_context():
        for locale in ("da", "en"):
            with force_locale(locale):
                for moment in moments:
                    expected = format_skeleton("MMMMEEEEd", moment, tzinfo=get_timezone(), locale=locale)
                    assert format_day(moment) == expected
