"""Demo step: fifteen placements at the demo companies (some full, one closed), and participants
with current placements and a history of what they tried (hours changes, switches, lessons)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Municipality, User
from app.companies.models import Company
from app.db import utcnow
from app.extensions import db
from app.placements.models import (
    Assignment,
    AssignmentStatus,
    ChangeKind,
    HoursChange,
    Placement,
    PlacementChange,
)
from app.placements.models import PlacementKind as K
from app.timeutil import local_today

PLACEMENTS = (
    # company, title, kind, hours min-max, seats, open, tasks
    (
        "Roskilde Cykler",
        "Cykelmekaniker-hjælper",
        K.INTERNSHIP,
        8,
        25,
        2,
        True,
        "Lappe dæk, samle nye cykler, hjælpe kunder i butikken.",
    ),
    (
        "Roskilde Cykler",
        "Butiksmedhjælper",
        K.PAID_HOURS,
        5,
        15,
        1,
        True,
        "Sætte varer på plads, tage imod kunder, kasse.",
    ),
    (
        "Café Domkirken",
        "Køkkenhjælper",
        K.INTERNSHIP,
        6,
        20,
        2,
        True,
        "Smøre sandwich, bage kage, holde køkkenet rent.",
    ),
    ("Café Domkirken", "Servering", K.PAID_HOURS, 5, 12, 1, True, "Tage imod bestillinger og servere i caféen."),
    ("Grønt Gartneri", "Gartnerhjælper", K.INTERNSHIP, 10, 30, 3, True, "Plante, vande og pakke planter til salg."),
    (
        "Lager Nord",
        "Lagermedarbejder",
        K.PAID_HOURS,
        10,
        30,
        2,
        True,
        "Pakke ordrer, tage imod varer, køre palleløfter.",
    ),
    ("Lager Nord", "Varemodtagelse", K.INTERNSHIP, 8, 20, 1, True, "Tjekke leverancer og registrere dem i systemet."),
    ("Byens Maler", "Malerhjælper", K.INTERNSHIP, 10, 30, 2, True, "Afdække, spartle og male sammen med en svend."),
    ("Plejecenter Solgården", "Aktivitetshjælper", K.INTERNSHIP, 6, 20, 2, True, "Gåture, spil og hygge med beboerne."),
    ("Plejecenter Solgården", "Køkken på plejecentret", K.PAID_HOURS, 8, 20, 1, True, "Hjælpe med frokost og opvask."),
    ("Roskilde Bibliotek", "It-hjælper", K.INTERNSHIP, 5, 15, 2, True, "Hjælpe borgere med telefon, MitID og print."),
    ("AutoHjørnet", "Dækskifte og klargøring", K.PAID_HOURS, 10, 25, 1, True, "Skifte dæk, vaske og klargøre biler."),
    ("Festivalkontoret", "Eventassistent", K.INTERNSHIP, 8, 25, 2, False, "Planlægge frivillige og pakke materialer."),
    (
        "Kommunens Vej og Park",
        "Parkarbejder",
        K.INTERNSHIP,
        10,
        30,
        3,
        True,
        "Slå græs, rydde op og passe legepladser.",
    ),
    ("Kommunens Vej og Park", "Vintertjeneste", K.PAID_HOURS, 5, 15, 2, True, "Salte og rydde stier, når det sner."),
)

# participant number -> list of (placement index, weeks ago started, weeks ago ended or None, hours, later hours, lesson)
HISTORY: dict[int, list[tuple[int, int, int | None, int, int | None, str]]] = {
    1: [(4, 10, 6, 15, None, "Jeg kan godt lide at arbejde udenfor."), (0, 6, None, 15, 20, "")],
    2: [(2, 8, None, 10, None, "")],
    3: [(5, 12, 9, 20, None, "Jeg er god til at holde styr på ting."), (6, 9, None, 12, 16, "")],
    4: [(8, 5, None, 8, 12, "")],
    5: [(1, 3, None, 10, None, "")],
    6: [(3, 4, None, 8, None, "")],
    7: [(9, 6, 2, 10, None, "Det var hårdt, men jeg lærte at møde til tiden."), (13, 2, None, 20, None, "")],
    8: [(11, 1, None, 15, None, "")],
    11: [(7, 7, None, 20, 25, "")],
    12: [(10, 4, None, 6, None, "")],
    13: [(0, 5, None, 12, None, "")],
    14: [(4, 2, None, 10, None, "")],
}


def add_placements(town: Municipality, users: dict[str, User]) -> None:
    companies = {c.name: c for c in db.session.scalars(select(Company).where(Company.municipality_id == town.id))}
    placements = []
    for company, title, kind, low, high, seats, is_open, tasks in PLACEMENTS:
        place = companies[company]
        placements.append(
            Placement(
                municipality_id=town.id,
                company_id=place.id,
                title=title,
                kind=kind,
                description=place.description,
                tasks=tasks,
                sector=place.sector,
                area=place.area,
                hours_min=low,
                hours_max=high,
                seats=seats,
                is_open=is_open,
                first_day=(
                    f"Mød op kl. 9 og spørg efter {place.contact_name or 'den ansvarlige'}. "
                    "Tag praktisk tøj på, og tag en madpakke med."
                ),
            )
        )
    db.session.add_all(placements)
    db.session.flush()
    today = local_today(utcnow())
    monday = today - timedelta(days=today.weekday())
    for number, steps in HISTORY.items():
        user = users[f"ung{number}@example.org"]
        previous = None
        for index, started, ended, hours, later, lesson in steps:
            placement = placements[index]
            start = monday - timedelta(weeks=started)
            assignment = Assignment(
                user_id=user.id,
                placement_id=placement.id,
                start_date=start,
                weekly_hours=later or hours,
                status=AssignmentStatus.ENDED if ended else AssignmentStatus.ACTIVE,
                end_date=monday - timedelta(weeks=ended, days=1) if ended else None,
                lesson=lesson,
                end_reason="Skiftede praktik" if ended else "",
            )
            db.session.add(assignment)
            db.session.flush()
            db.session.add(
                HoursChange(assignment_id=assignment.id, to_hours=hours, effective_date=start, changed_by_id=user.id)
            )
            change = ChangeKind.SWITCHED if previous is not None else ChangeKind.CHOSE
            db.session.add(
                PlacementChange(
                    municipality_id=town.id,
                    user_id=user.id,
                    kind=change,
                    assignment_id=assignment.id,
                    previous_assignment_id=previous,
                    to_hours=hours,
                )
            )
            if later:
                db.session.add(
                    HoursChange(
                        assignment_id=assignment.id,
                        from_hours=hours,
                        to_hours=later,
                        effective_date=start + timedelta(weeks=2),
                        changed_by_id=user.id,
                    )
                )
                db.session.add(
                    PlacementChange(
                        municipality_id=town.id,
                        user_id=user.id,
                        kind=ChangeKind.ADJUSTED,
                        assignment_id=assignment.id,
                        from_hours=hours,
                        to_hours=later,
                    )
                )
            if not ended:
                placement.taken += 1
            previous = assignment.id
