"""Input shapes for an exit (reported by the participant, or confirmed or recorded by staff) and a follow-up."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.companies.models import Company
from app.forms import WholeNumberField, sane_date
from app.programme.rules import JOB_HOURS_MAX, JOB_HOURS_MIN, EducationKind, JobKind, Status
from app.programme.services import Details

ANOTHER_EMPLOYER = ""
SU_CHOICES = (("yes", _l("Yes")), ("no", _l("No")), ("", _l("Don't know")))


def _choices(pairs: Sequence[tuple[str, object]]) -> list[SelectChoice]:
    return [SelectChoice(value, str(label)) for value, label in pairs]


class OutcomeForm(FlaskForm):
    status = RadioField(_l("What"), choices=[], validators=[InputRequired(message=_l("Choose one."))])
    job_kind = RadioField(_l("Kind of job"), choices=[], validators=[Optional()], validate_choice=True)
    job_hours = WholeNumberField(
        _l("Hours a week (optional)"),
        validators=[
            Optional(),
            NumberRange(min=JOB_HOURS_MIN, max=JOB_HOURS_MAX, message=_l("Write a number from %(min)d to %(max)d.")),
        ],
    )
    placement_company = SelectField(_l("Is it at a company where there was a placement?"), choices=[], default="")
    education_kind = RadioField(_l("Kind of education"), choices=[], validators=[Optional()])
    with_su = RadioField(_l("With SU (the state education grant)?"), choices=[], default="")

    def set_choices(self, statuses: Sequence[Status], companies: Sequence[Company]) -> None:
        """The statuses to choose from and the companies where the person had a placement (labels in the request's
        language)."""
        self.status.choices = _choices([(s.value, s.label) for s in statuses])
        self.job_kind.choices = _choices([(k.value, k.label) for k in JobKind])
        self.education_kind.choices = _choices([(k.value, k.label) for k in EducationKind])
        self.with_su.choices = _choices(SU_CHOICES)
        self.placement_company.choices = [SelectChoice(ANOTHER_EMPLOYER, str(_l("No, another employer")))] + [
            SelectChoice(str(c.id), c.name) for c in companies
        ]

    def status_value(self) -> Status:
        return Status(self.status.data)

    def details(self) -> Details:
        """The validated details (the service keeps only those of the chosen status)."""
        company = self.placement_company.data
        su = self.with_su.data
        return Details(
            job_kind=JobKind(self.job_kind.data) if self.job_kind.data else None,
            job_hours=self.job_hours.data,
            placement_company_id=int(company) if company and company.isdigit() else None,
            education_kind=EducationKind(self.education_kind.data) if self.education_kind.data else None,
            with_su=None if not su else su == "yes",
        )

    def fill_from(self, status: Status, details: Details) -> None:
        """Show a saved outcome (a participant's report, a follow-up recorded before) on a fresh form."""
        self.status.data = status.value
        self.job_kind.data = details.job_kind.value if details.job_kind else None
        self.job_hours.data = details.job_hours
        self.placement_company.data = str(details.placement_company_id or ANOTHER_EMPLOYER)
        self.education_kind.data = details.education_kind.value if details.education_kind else None
        self.with_su.data = "" if details.with_su is None else ("yes" if details.with_su else "no")


class ExitForm(OutcomeForm):
    """The participant's report, and the staff's exit (confirming a report or recording one)."""

    last_day = DateField(_l("Last day in the programme"), validators=[InputRequired(), sane_date])


class FollowUpForm(OutcomeForm):
    pass
