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


def test_the_day_is_written_out_in_copenhagen_time(app):
    """format_day (cached per locale) gives the day as people say it: the weekday in full ("tirsdag", never the
    CLDR skeleton's "tirs."), in Copenhagen time."""
    from datetime import UTC, datetime

    from flask_babel import force_locale

    from app.web import format_day

    moments = {
        datetime(2026, 11, 27, 23, 30, tzinfo=UTC): ("lørdag 28. november", "Saturday, November 28"),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC): ("søndag 29. marts", "Sunday, March 29"),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC): ("søndag 25. oktober", "Sunday, October 25"),
        datetime(2027, 1, 1, 0, 0, tzinfo=UTC): ("fredag 1. januar", "Friday, January 1"),
        datetime(2026, 12, 1, 9, 0, tzinfo=UTC): ("tirsdag 1. december", "Tuesday, December 1"),
    }
    with app.test_request_context():
        for index, locale in enumerate(("da", "en")):
            with force_locale(locale):
                for moment, expected in moments.items():
                    assert format_day(moment) == expected[index]
