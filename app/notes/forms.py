"""The note form: one text field whose bound comes from the model."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import TOO_LONG, clean_text
from app.notes.models import MAX_LENGTH


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Note"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Write a few words first.")),
            Length(max=MAX_LENGTH, message=TOO_LONG),
        ],
    )
