"""Bounds that a form and a service both check are declared once, and both say the same about them:
match event capacity, the length of a reflection and of a group message, and the reflection prompts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from uuid import uuid4

import pytest
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import DomainError
from app.events.forms import EventForm
from app.events.staff_services import MAX_CAPACITY, create_event
from app.groups.forms import MessageForm
from app.groups.messages import MESSAGE_MAX, post_message
from app.reflections import services as reflections
from app.reflections.forms import ReflectionForm
from app.reflections.models import MAX_LENGTH, PROMPT_TEXT
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield


def _form_errors(form_class: type[FlaskForm], name: str, value: str) -> list[str]:
    form = form_class(formdata=MultiDict({name: value}), meta={"csrf": False})
    form.validate()
    return [str(error) for error in form[name].errors]


def _service_error(call: Callable[[], object]) -> tuple[str | None, str]:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.field, caught.value.message


def test_event_capacity(db: SQLAlchemy) -> None:
    staff = make_user(Role.FACILITATOR, make_municipality())
    start = utcnow() + timedelta(days=7)

    def create(capacity: int) -> object:
        return create_event(staff, title="T", starts_at=start, ends_at=start + timedelta(hours=2), capacity=capacity)

    assert _form_errors(EventForm, "capacity", str(MAX_CAPACITY)) == []
    create(MAX_CAPACITY)
    message = f"Write a number from 1 to {MAX_CAPACITY}, or leave it empty."
    for wrong in (0, MAX_CAPACITY + 1):
        assert _form_errors(EventForm, "capacity", str(wrong)) == [message]
        assert _service_error(lambda wrong=wrong: create(wrong)) == ("capacity", message)


def test_reflection_length(db: SQLAlchemy) -> None:
    author = make_user(Role.PARTICIPANT, make_municipality())
    assert _form_errors(ReflectionForm, "text", "x" * MAX_LENGTH) == []
    reflections.write(author, text="x" * MAX_LENGTH)
    message = f"Keep it to {MAX_LENGTH} characters or fewer."
    assert _form_errors(ReflectionForm, "text", "x" * (MAX_LENGTH + 1)) == [message]
    assert _service_error(lambda: reflections.write(author, text="x" * (MAX_LENGTH + 1))) == ("text", message)


def test_group_message_length(db: SQLAlchemy) -> None:
    town = make_municipality()
    group, staff = make_group(town), make_user(Role.FACILITATOR, town)
    add_to_group(group, staff, "facilitator")

    def post(text: str) -> object:
        return post_message(staff, group, text, key=uuid4().hex)

    assert _form_errors(MessageForm, "text", "x" * MESSAGE_MAX) == []
    post("x" * MESSAGE_MAX)
    message = f"Keep it to {MESSAGE_MAX} characters or fewer."
    assert _form_errors(MessageForm, "text", "x" * (MESSAGE_MAX + 1)) == [message]
    assert _service_error(lambda: post("x" * (MESSAGE_MAX + 1))) == ("text", message)


@pytest.mark.parametrize("prompt", [*PROMPT_TEXT, "unknown", ""])
def test_the_prompts_offered_are_the_prompts_kept(db: SQLAlchemy, prompt: str) -> None:
    author: User = make_user(Role.PARTICIPANT, make_municipality())
    reflection = reflections.write(author, text="Hi", prompt=prompt)
    assert reflection.prompt == (prompt if prompt in PROMPT_TEXT else "")
