"""Push throughput: the delivery worker against a plain loop of `pywebpush.webpush()` calls, in the same run.

Both send to the local test push service (tests/push/pushservice.py), run in its own process so it does not
share this process's GIL; by default it decrypts every message and verifies its VAPID JWT, as in the tests
(`--no-verify` only parses, to see the senders' own limits). It runs twice: with the service answering at
once (all on this machine's CPUs: the senders' own cost) and with a simulated network round trip of 20 ms
before each answer (`--latency-ms=N` picks one), which is closer to a real push service. The worker run is
the whole of `run_once`: claiming from a temporary SQLite database, building the payloads, sending
concurrently and recording the results. The plain loop gives each call a fresh claims dict and a timeout,
as the pywebpush README shows.

Besides the rates it prints the CPU time per message of each sender's process and of the push service's process
while it served that sender (getrusage). On a shared machine the rates move with other load, the CPU times much
less; with every core busy, the ratio of the rates tends to the ratio of the summed CPU times.

    .venv/bin/python bench/push_throughput.py [deliveries] [loop_sample] [--no-verify] [--latency-ms=N]
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.push.pushservice import PushService  # noqa: E402

DEVICES = 100
NOON = datetime(2025, 3, 4, 11, 0, tzinfo=UTC)  # daytime in Copenhagen: no quiet hours


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def serve(conn, verify: bool, latency: float) -> None:  # noqa: ANN001
    """The push service process: answers ("subscribe", name), ("counts",), ("cpu",), ("clear",) and ("stop",)."""
    service = PushService(verify=verify, latency=latency).start()
    conn.send(service.base_url)
    while True:
        command, *args = conn.recv()
        if command == "subscribe":
            conn.send(service.new_subscription(*args))
        elif command == "cpu":
            conn.send(cpu_seconds())
        elif command == "counts":
            messages = service.messages
            conn.send((sum(m.accepted and m.status == 201 for m in messages), sum(not m.accepted for m in messages)))
        elif command == "clear":
            service.clear()
            conn.send(None)
        else:
            service.stop()
            conn.send(None)
            return


class RemoteService:
    def __init__(self, verify: bool, latency: float) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=serve, args=(child, verify, latency), daemon=True
        )
        self.process.start()
        self.base_url: str = self.conn.recv()

    def call(self, *command):  # noqa: ANN002, ANN201
        self.conn.send(command)
        return self.conn.recv()

    def stop(self) -> None:
        self.call("stop")
        self.process.join(timeout=10)


def main(total: int = 10_000, sample: int = 1_000, verify: bool = True, rounds: int = 10, latency_ms: int = 0) -> int:
    service = RemoteService(verify, latency_ms / 1000)  # started before anything else (fork)
    from pywebpush import webpush

    from app import create_app
    from app.accounts.models import Municipality, Role, User
    from app.extensions import db
    from app.notifications import worker
    from app.notifications.models import Kind
    from app.notifications.payload import build
    from app.notifications.services import notify
    from app.notifications.subscriptions import parse_subscription, subscribe
    from app.notifications.worker import stats

    worker_seconds = loop_seconds = 0.0
    cpu = {"worker": 0.0, "worker service": 0.0, "loop": 0.0, "loop service": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "testing",
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "PUSH_TEST_ORIGINS": (service.base_url,)},
        )
        config = app.config
        with app.app_context():
            db.create_all()
            town = Municipality(name="Bench", slug="bench")
            users = [User(email=f"u{n}@bench.test", display_name=f"U{n}", role=Role.PARTICIPANT, municipality=town,
                          language="da" if n % 2 else "en") for n in range(DEVICES)]  # fmt: skip
            db.session.add_all(users)
            db.session.commit()
            infos = []
            for n, user in enumerate(users):
                infos.append(service.call("subscribe", f"d{n}"))
                _row, _created = subscribe(user, parse_subscription(infos[-1]), login_session_id=None)
            # Round r's deliveries fall due at NOON + r seconds, so each worker round drains exactly its share.
            for n in range(total // DEVICES):
                due = NOON + timedelta(seconds=n * rounds // (total // DEVICES))
                notify([u.id for u in users], Kind.GROUP_MESSAGE, url="/inbox", object_id=n, now=due)
            db.session.commit()
            queued = stats()["queued"]
            data = build(Kind.GROUP_MESSAGE, "benchref0000", 1, "da").decode()
            key, subject, timeout = config["VAPID_PRIVATE_KEY"], config["VAPID_SUBJECT"], config["PUSH_TIMEOUT"]

            # Interleaved, so that other load on the machine affects both alike.
            for round_ in range(rounds):
                service_cpu, own_cpu, start = service.call("cpu"), cpu_seconds(), time.perf_counter()
                worker.run_once(now=NOON + timedelta(seconds=round_), worker_id="bench")
                worker_seconds += time.perf_counter() - start
                cpu["worker"] += cpu_seconds() - own_cpu
                cpu["worker service"] += service.call("cpu") - service_cpu
                service_cpu, own_cpu, start = service.call("cpu"), cpu_seconds(), time.perf_counter()
                for n in range(round_ * sample // rounds, (round_ + 1) * sample // rounds):
                    webpush(infos[n % DEVICES], data, vapid_private_key=key, vapid_claims={"sub": subject},
                            timeout=timeout, ttl=3600, headers={"Urgency": "normal"})  # fmt: skip
                loop_seconds += time.perf_counter() - start
                cpu["loop"] += cpu_seconds() - own_cpu
                cpu["loop service"] += service.call("cpu") - service_cpu
            sent = stats()["sent"]
            delivered, rejected = service.call("counts")
            assert sent == queued and delivered == queued + sample and rejected == 0, (sent, queued, delivered)
            db.engine.dispose()
    service.stop()

    worker_rate, loop_rate = queued / worker_seconds, sample / loop_seconds
    mode = "decrypting and verifying every message" if verify else "parsing only (--no-verify)"
    print(f"\nlocal push service in its own process, {mode}, answering after {latency_ms} ms; worker: "
          f"{config['PUSH_CONCURRENCY']} requests in flight, batches of {config['PUSH_BATCH']}; {rounds} interleaved "
          "rounds")  # fmt: skip
    print(f"worker run_once      {queued:6d} deliveries in {worker_seconds:6.2f} s  {worker_rate:8.0f} /s")
    print(f"plain webpush() loop {sample:6d} deliveries in {loop_seconds:6.2f} s  {loop_rate:8.0f} /s")
    print(f"ratio worker / plain loop: {worker_rate / loop_rate:.2f}x (aim: at least 3x)")
    per = {key: seconds * 1e6 / (queued if key.startswith("worker") else sample) for key, seconds in cpu.items()}
    print(f"CPU per message: worker {per['worker']:.0f} us + push service {per['worker service']:.0f} us; plain loop "
          f"{per['loop']:.0f} us + push service {per['loop service']:.0f} us; ratio of the sums "
          f"{(per['loop'] + per['loop service']) / (per['worker'] + per['worker service']):.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:] if not a.startswith("--")]
    chosen = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--latency-ms=")]
    for latency in chosen or [0, 20]:
        main(*arguments, verify="--no-verify" not in sys.argv[1:], latency_ms=latency)
