"""Login timing: an unknown e-mail must cost about as much as a wrong password.

Runs both kinds of failed login side by side, interleaved, through the real /login view with
the production password hash, and reports the ratio of their medians (1.00 = indistinguishable).

    .venv/bin/python bench/login_timing.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.accounts.models import Municipality, Role, User  # noqa: E402
from app.accounts.passwords import hash_password  # noqa: E402
from app.extensions import db  # noqa: E402


def main(rounds: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "testing",
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "PASSWORD_HASH_METHOD": "scrypt",  # production strength
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            },
        )
        with app.app_context():
            db.create_all()
            town = Municipality(name="Bench", slug="bench")
            db.session.add(User(email="known@example.test", display_name="K", role=Role.PARTICIPANT,
                                municipality=town, password_hash=hash_password("the right password")))  # fmt: skip
            db.session.commit()
        client = app.test_client()
        timings: dict[str, list[float]] = {"wrong password": [], "unknown e-mail": []}
        emails = {"wrong password": "known@example.test", "unknown e-mail": "nobody@example.test"}
        for _ in range(rounds):
            for kind, email in emails.items():
                start = time.perf_counter()
                response = client.post("/login", data={"email": email, "password": "not it"})
                timings[kind].append(time.perf_counter() - start)
                assert response.status_code == 200
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    for kind, value in medians.items():
        print(f"{kind:15s} median {value * 1000:7.1f} ms over {rounds} rounds")
    print(f"ratio unknown/wrong: {medians['unknown e-mail'] / medians['wrong password']:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
