"""Sending prepared push messages to push services (RFC 8030) with VAPID (RFC 8292), concurrently.

A Sender keeps one connection pool (connections reused, as many per push service as requests in flight, no
redirects followed, no automatic retries, a timeout on every request) and signs the VAPID header once per
push service origin, reusing it until an hour before it expires. It never touches the database: the worker
prepares `PushJob`s and writes the `Result`s. Nothing about a subscription's endpoint or keys, or the
payload, is ever logged.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, cast
from urllib.parse import urlsplit
from urllib.request import (  # type: ignore[attr-defined]  # proxy_bypass_environment: undocumented, not in typeshed
    getproxies,
    proxy_bypass_environment,
)

import aiohttp
import certifi
from py_vapid import Vapid02

from app.notifications import ece
from app.notifications.subscriptions import InvalidSubscription, check_endpoint, origin_of

log = logging.getLogger(__name__)
# aiohttp's client logs nothing per request; its access log is server-side only. Endpoints (capabilities)
# therefore appear in no log, also with DEBUG turned on.

BACKOFF_BASE = timedelta(seconds=10)  # the first retry waits at least this; each further one twice as long


class Outcome(enum.StrEnum):
    SENT = "sent"  # 2xx
    GONE = "gone"  # 404/410: the subscription no longer exists
    RETRY = "retry"  # 429, 5xx, network error or timeout: try again later
    FAILED = "failed"  # any other answer, a redirect, a refused endpoint: not retried
    SKIPPED = "skipped"  # not attempted (the batch's lease was running out); return it to the queue


@dataclass(frozen=True)
class PushJob:
    """Everything one request needs, as plain data (built in the worker's thread, sent from any thread)."""

    delivery_id: int
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    ttl: int
    urgency: str
    topic: str


@dataclass(frozen=True, slots=True)
class _Route:
    """What every request to one endpoint shares within a batch."""

    audience: str  # the push service origin: the VAPID `aud`
    proxy: str | None


@dataclass(frozen=True)
class Result:
    delivery_id: int
    subscription_id: int
    outcome: Outcome
    status: int | None = None  # the push service's HTTP status, if it answered
    retry_after: float | None = None  # seconds the push service asked us to wait (Retry-After)
    answered_after: float = 0.0  # seconds from the start of the batch to the answer (Retry-After counts from it)


class VapidSigner:
    """A VAPID Authorization header per audience (push service origin), signed once and reused until
    `renew_before` ahead of its `exp`. Thread-safe."""

    def __init__(
        self,
        private_key: str,
        subject: str,
        *,
        lifetime: timedelta = timedelta(hours=12),
        renew_before: timedelta = timedelta(hours=1),
        clock: Callable[[], float] = time.time,
    ) -> None:
        if lifetime > timedelta(hours=24) or renew_before >= lifetime:
            raise ValueError("VAPID lifetime must be at most 24 h and longer than renew_before")
        self._vapid = Vapid02.from_raw(private_key.encode())
        self._subject = subject
        self._lifetime = int(lifetime.total_seconds())
        self._renew_before = renew_before.total_seconds()
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[str, int]] = {}
        self.signatures = 0  # how many headers were signed (for tests and the benchmark)

    def header(self, audience: str) -> str:
        """The `vapid t=…,k=…` header for `audience`; raises py_vapid's VapidException for a bad subject."""
        now = self._clock()
        with self._lock:
            cached = self._cache.get(audience)
            if cached is not None and cached[1] - now > self._renew_before:
                return cached[0]
            exp = int(now) + self._lifetime
            claims = {"aud": audience, "exp": exp, "sub": self._subject}  # a fresh dict: signing mutates nothing
            value = self._vapid.sign(claims)["Authorization"]
            self._cache[audience] = (value, exp)
            self.signatures += 1
            return value


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP-date); None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def retry_delay(attempts: int, retry_after: float | None, cap: timedelta) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: exponential backoff, at least Retry-After,
    never more than `cap`."""
    backoff = BACKOFF_BASE * (2 ** min(max(attempts - 1, 0), 30))
    wanted = max(backoff, timedelta(seconds=retry_after or 0))
    return min(wanted, cap)


def classify(status: int) -> Outcome:
    if 200 <= status < 300:
        return Outcome.SENT
    if status in (404, 410):
        return Outcome.GONE
    if status == 429 or status >= 500:
        return Outcome.RETRY
    return Outcome.FAILED


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The client TLS context (certifi's roots, the default verification), made once per process: loading the
    roots costs ~20 ms of CPU, and `run_once` makes a Sender per call."""
    return ssl.create_default_context(cafile=certifi.where())


class Sender:
    """Sends PushJobs concurrently over reused connections. Use as a context manager or call `close()`.

    Transport: aiohttp on an event loop in one background thread (its C HTTP parser costs a fraction of
    http.client's per request, and many requests wait at once without a thread each); one connection pool
    with up to PUSH_CONCURRENCY connections, TLS verified against certifi's roots, no redirects followed, no
    automatic retries, a total timeout on every request; `https_proxy`/`no_proxy` honoured, read once (aiohttp's
    trust_env would read the environment and ~/.netrc again for every request, most of a push's CPU time).
    Encryption (RFC 8291, aes128gcm) is `ece`'s: a fresh salt and ephemeral key per message.
    """

    def __init__(self, *, vapid_private_key: str, vapid_subject: str, timeout: float, concurrency: int) -> None:
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.signer = VapidSigner(vapid_private_key, vapid_subject)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="push-send", daemon=True)
        self._thread.start()
        self._proxies = getproxies()
        self._proxy = self._proxies.get("https") or self._proxies.get("all")
        self._proxy_for: dict[str, str | None] = {}  # host → proxy URL or None (direct)
        self._session: aiohttp.ClientSession = self._run(self._open())

    async def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self.concurrency, ssl=_tls_context())
        return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=self.timeout))

    def _proxy_of(self, endpoint: str) -> str | None:
        host = urlsplit(endpoint).hostname or ""
        if host not in self._proxy_for:
            direct = self._proxy is None or proxy_bypass_environment(host, self._proxies)
            self._proxy_for[host] = None if direct else self._proxy
        return self._proxy_for[host]

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Sender:
        return cls(
            vapid_private_key=config["VAPID_PRIVATE_KEY"],
            vapid_subject=config["VAPID_SUBJECT"],
            timeout=float(config["PUSH_TIMEOUT"]),
            concurrency=int(config["PUSH_CONCURRENCY"]),
        )

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._session.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def send_all(self, jobs: Sequence[PushJob], *, deadline: float | None = None) -> list[Result]:
        """Send `jobs` concurrently; one Result per job, in order. Needs an app context (the endpoints are
        checked again against the current allowlist). Jobs not started by `deadline` (time.monotonic())
        come back SKIPPED. Never raises for a single job's failure."""
        routes: dict[str, _Route | None] = {}
        for job in jobs:
            if job.endpoint not in routes:
                routes[job.endpoint] = self._route(job.endpoint)
        return self._run(self._send_all(jobs, routes, deadline))

    def send(self, job: PushJob, deadline: float | None = None) -> Result:
        """Send one job (its endpoint already checked) and classify the answer."""
        return self._run(self._send_all([job], {job.endpoint: self._route(job.endpoint, checked=True)}, deadline))[0]

    def _route(self, endpoint: str, *, checked: bool = False) -> _Route | None:
        """How to reach `endpoint` (its VAPID audience and proxy), or None if it may not be contacted now."""
        if not checked:
            try:
                check_endpoint(endpoint)
            except InvalidSubscription:
                return None
        return _Route(origin_of(endpoint), self._proxy_of(endpoint))

    async def _send_all(
        self, jobs: Sequence[PushJob], routes: Mapping[str, _Route | None], deadline: float | None
    ) -> list[Result]:
        """`concurrency` lanes take the jobs in order, one request each at a time (cheaper than a task and a
        semaphore per job)."""
        started = time.monotonic()
        results: list[Result | None] = [None] * len(jobs)
        queue = iter(enumerate(jobs))  # shared by the lanes: each takes the next job when its request is done

        async def lane() -> None:
            for index, job in queue:
                route = routes[job.endpoint]
                if route is None:
                    results[index] = self._failed(job, None, "endpoint not allowed now")
                else:
                    results[index] = await self._send(job, route, deadline, started)

        await asyncio.gather(*(lane() for _ in range(min(self.concurrency, len(jobs)))))
        return cast(list[Result], results)

    async def _send(self, job: PushJob, route: _Route, deadline: float | None, started: float) -> Result:
        if deadline is not None and time.monotonic() > deadline:
            return Result(job.delivery_id, job.subscription_id, Outcome.SKIPPED, answered_after=self._since(started))
        try:
            body = ece.encrypt(job.payload, ece.receiver(job.p256dh, job.auth))
            headers = {
                "Authorization": self.signer.header(route.audience),
                "TTL": str(job.ttl),
                "Urgency": job.urgency,
                "Topic": job.topic,
                "Content-Encoding": "aes128gcm",
                "Content-Type": "application/octet-stream",
            }
        except Exception as error:  # bad keys, a bad subject …: this job fails, the batch goes on
            return self._failed(job, None, type(error).__name__, self._since(started))
        try:
            request = self._session.post(
                job.endpoint, data=body, headers=headers, allow_redirects=False, proxy=route.proxy
            )
            async with request as response:
                await response.read()
                status, retry_header = response.status, response.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as error:  # timeouts, refused or reset connections, TLS errors
            log.info("push delivery %s: %s, will retry", job.delivery_id, type(error).__name__)
            return Result(job.delivery_id, job.subscription_id, Outcome.RETRY, answered_after=self._since(started))
        answered_after = self._since(started)
        outcome = classify(status)
        if outcome is Outcome.FAILED:  # other 4xx, and 3xx: a push service never redirects
            return self._failed(job, status, f"status {status}", answered_after)
        retry_after = parse_retry_after(retry_header) if outcome is Outcome.RETRY else None
        return Result(job.delivery_id, job.subscription_id, outcome, status, retry_after, answered_after)

    @staticmethod
    def _since(started: float) -> float:
        """Seconds from the start of the batch (a Result's `answered_after`: Retry-After counts from then)."""
        return time.monotonic() - started

    def _failed(self, job: PushJob, status: int | None, why: str, answered_after: float = 0.0) -> Result:
        log.warning("push delivery %s to subscription %s refused: %s", job.delivery_id, job.subscription_id, why)
        return Result(job.delivery_id, job.subscription_id, Outcome.FAILED, status, answered_after=answered_after)
