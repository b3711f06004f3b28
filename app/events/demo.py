"""Demo step: ten local companies and two coming match events with five companies each."""

from __future__ import annotations

from datetime import time, timedelta

from app.accounts.models import Municipality, User
from app.companies.models import Company
from app.db import utcnow
from app.events.models import CompanyInterest, EventCompany, EventSignup, MatchEvent
from app.extensions import db
from app.timeutil import local_to_utc, local_today

COMPANIES = (
    # name, sector, area, description, contact
    (
        "Roskilde Cykler",
        "Detail",
        "Roskilde C",
        "Cykelbutik og værksted. Du kan lære at lappe, samle og sælge cykler.",
        "Jens Holm",
    ),
    (
        "Café Domkirken",
        "Café og restaurant",
        "Roskilde C",
        "Lille café med frokost og kage. Køkken og servering.",
        "Sara Lind",
    ),
    (
        "Grønt Gartneri",
        "Grønne områder",
        "Himmelev",
        "Gartneri med drivhuse. Planter, salg og pasning af haver.",
        "Ole Berg",
    ),
    (
        "Lager Nord",
        "Lager og logistik",
        "Roskilde Nord",
        "Lager for webshops: pakning, truck og varemodtagelse.",
        "Mona Friis",
    ),
    ("Byens Maler", "Håndværk", "Trekroner", "Malerfirma med små og store opgaver hos private.", "Kim Dahl"),
    (
        "Plejecenter Solgården",
        "Omsorg",
        "Vindinge",
        "Plejehjem. Hjælp i dagligdagen, aktiviteter og køkken.",
        "Lise Kure",
    ),
    ("Roskilde Bibliotek", "Kultur", "Roskilde C", "Bibliotek med café, arrangementer og it-hjælp.", "Peter Vang"),
    ("AutoHjørnet", "Værksted", "Svogerslev", "Bilværksted: dæk, service og klargøring af biler.", "Ali Demir"),
    ("Festivalkontoret", "Events", "Musicon", "Planlægning af koncerter og frivillige til festivaller.", "Nora Juul"),
    ("Kommunens Vej og Park", "Drift", "Roskilde Øst", "Pasning af veje, parker og legepladser.", "Bo Lund"),
)


def add_match_events(town: Municipality, users: dict[str, User]) -> None:
    """Ten companies and two match events (in one and three weeks) with sign-ups and interests."""
    companies = []
    for name, sector, area, description, contact in COMPANIES:
        company = Company(
            municipality_id=town.id,
            name=name,
            sector=sector,
            area=area,
            description=description,
            contact_name=contact,
            contact_email=f"{contact.split()[0].lower()}@example.org",
        )
        companies.append(company)
    db.session.add_all(companies)
    db.session.flush()
    today = local_today(utcnow())
    events = [
        ("Matcharrangement: Handel, mad og grønt", 7, companies[:5], 20, range(1, 8)),
        ("Matcharrangement: Håndværk, omsorg og drift", 21, companies[5:], None, range(11, 15)),
    ]
    for title, days, guests, capacity, signed_up in events:
        day = today + timedelta(days=days)
        event = MatchEvent(
            municipality_id=town.id,
            title=title,
            starts_at=local_to_utc(day, time(13, 0)),
            ends_at=local_to_utc(day, time(15, 30)),
            place="Jobcentret, Køgevej 80, Roskilde",
            description="Mød fem virksomheder fra Roskilde. Hør hvad de laver, og spørg om en praktik.",
            capacity=capacity,
            signups=len(signed_up),
        )
        db.session.add(event)
        db.session.flush()
        db.session.add_all(EventCompany(event_id=event.id, company_id=c.id) for c in guests)
        for number in signed_up:
            user = users[f"ung{number}@example.org"]
            db.session.add(EventSignup(event_id=event.id, user_id=user.id))
            db.session.add(CompanyInterest(event_id=event.id, company_id=guests[number % 5].id, user_id=user.id))
