"""One use case, one transaction: `with transaction():` commits when the block ends and rolls back when
anything escapes it (a DomainError, an IntegrityError, any exception), then re-raises.

A use case that calls another use case's service joins its transaction: only the outermost block
commits or rolls back, so a helper never ends its caller's transaction. Domain events sent inside the
block (app.signals) add their listeners' rows to the same session, and land with the commit.

Every service that writes uses it (`@transactional` on the function, or `with transaction():` around the
part that writes). The one exception is the push worker (app/notifications/worker.py, batch.py), which
ends its read transactions early on purpose, so no lock is held while requests to push services are out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from app.extensions import db

_DEPTH = "nextwork_transaction_depth"
P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def transaction() -> Iterator[Session]:
    """Yield the session; commit at the end of the outermost block, roll back if an exception escapes it."""
    session = db.session  # the request's (scoped) session: commit and rollback go through it
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session()
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def in_transaction() -> bool:
    """Whether a `transaction()` block is open on the current session (a service is composing others)."""
    return db.session.info.get(_DEPTH, 0) > 0


def transactional(func: Callable[P, R]) -> Callable[P, R]:
    """Run the whole service function as one `transaction()`: commit when it returns, roll back if it raises."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return func(*args, **kwargs)

    return wrapper
