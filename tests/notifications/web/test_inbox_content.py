"""Inside the app the inbox says what happened (the meeting's time and place, who wrote what, which placement),
not the lock screen's generic text; no "Ny Ny" (the unread badge next to a title that begins with "Ny"); dates as
on every other page. A fixed number of queries, however many notifications."""

from __future__ import annotations

import re
from datetime import timedelta

from app.accounts.models import Role
from app.db import utcnow
from app.groups.models import GroupMessage
from app.notifications.models import Kind
from app.notifications.services import notify
from tests.factories import add_to_group, make_group, make_municipality, make_placement, make_user
from tests.meetings.conftest import add_meeting
from tests.test_query_budget import _count


def _world(db):  # noqa: ANN001, ANN202
    town = make_municipality()
    me = make_user(Role.PARTICIPANT, town, language="da")
    anne = make_user(Role.FACILITATOR, town, name="Anne")
    group = make_group(town, name="Tirsdagsholdet", place="Jobcentret")
    add_to_group(group, me)
    meeting = add_meeting(db, group, utcnow() + timedelta(days=2))
    meeting.place = "Lokale 4"
    message = GroupMessage(group_id=group.id, author_id=anne.id, text="Husk madpakke på torsdag – vi skal ud at gå.")
    placement = make_placement(town, title="Lagermedhjælper", sector="Lager")
    db.session.add(message)
    db.session.commit()
    return me, meeting, message, placement


def _notify_all(db, me, meeting, message, placement, n: int = 1) -> None:  # noqa: ANN001
    for _ in range(n):
        notify([me.id], Kind.MEETING_MOVED, url=f"/meetings/{meeting.id}", object_id=meeting.id)
        notify([me.id], Kind.GROUP_MESSAGE, url="/inbox", object_id=message.id)
        notify([me.id], Kind.NEW_PLACEMENT, url=f"/placements/{placement.id}", object_id=placement.id)
    db.session.commit()


def test_the_inbox_says_what_happened(client, db, login_as) -> None:  # noqa: ANN001
    me, meeting, message, placement = _world(db)
    _notify_all(db, me, meeting, message, placement)
    login_as(client, me)
    html = client.get("/inbox").get_data(as_text=True)
    assert "Tirsdagsholdet · Lokale 4" in html  # the meeting: when, which group, where
    assert "Anne: Husk madpakke på torsdag – vi skal ud at gå." in html  # who wrote what
    assert "Lagermedhjælper · " in html and " · Lager" in html
    assert "Tryk for at" not in html  # not the lock screen's generic line when there is something to say


def test_no_ny_ny_and_dates_like_the_rest_of_the_app(client, db, login_as) -> None:  # noqa: ANN001
    me, meeting, message, placement = _world(db)
    _notify_all(db, me, meeting, message, placement)
    login_as(client, me)
    html = client.get("/inbox").get_data(as_text=True)
    main = html[html.index("<main") :]
    assert "Ny Ny" not in re.sub(r"<[^>]+>", "", main).replace("\n", " ").replace("  ", " ")
    assert "Ulæst" in main
    assert not re.search(r"\d{2}\.\d{2}\.\d{2,4}", main)  # no "02.12.2026 10.00"
    assert re.search(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d+\. \w+, \d\d\.\d\d", main)


def test_the_inbox_makes_the_same_number_of_queries_for_few_and_many(db, make_client, login_as) -> None:  # noqa: ANN001
    counts = []
    for n in (1, 15):
        me, meeting, message, placement = _world(db)
        _notify_all(db, me, meeting, message, placement, n=n)
        client = make_client()
        login_as(client, me)
        counts.append(_count(db, client, "/inbox")[0])
    assert counts[0] == counts[1]


def test_a_reflection_notification_says_which_reflection_but_never_its_text(client, db, login_as, make_client) -> None:  # noqa: ANN001
    """The response names who wrote it (the headline) and which reflection (its day); neither the author's inbox nor
    the facilitator's shows the reflection's text: a facilitator's read is recorded on the reflection's own page."""
    from app.reflections import services as reflections
    from app.reflections.models import Visibility

    town = make_municipality()
    me = make_user(Role.PARTICIPANT, town, language="da")
    anne = make_user(Role.FACILITATOR, town, name="Anne", language="da")
    bo = make_user(Role.FACILITATOR, town, name="Bo", language="da")
    group = make_group(town)
    add_to_group(group, me)
    add_to_group(group, anne, "facilitator")
    add_to_group(group, bo, "facilitator")
    reflection = reflections.write(me, text="Hemmeligt: jeg turde ringe til Netto selv")
    reflections.share(me, reflection, Visibility.FACILITATORS, None)
    reflections.respond(anne, reflection.id, "Flot gået!")
    for reader, headline in ((me, "Anne har svaret på en refleksion"), (bo, "Anne har svaret på en refleksion")):
        reader_client = make_client()
        login_as(reader_client, reader)
        main = reader_client.get("/inbox").get_data(as_text=True)
        main = main[main.index("<main") :]
        assert headline in main
        assert re.search(r"Refleksionen fra (mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d+\. \w+", main)
        assert "Tryk for at" not in main and "Hemmeligt" not in main and "Flot gået" not in main
