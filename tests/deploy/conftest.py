"""The shipped deployment, running: gunicorn with deploy/gunicorn.conf.py (production config, two workers, metrics
on their own port) and, in front of it, Debian's nginx with deploy/nginx/nextwork.conf over TLS (a self-signed
certificate made here), each on free ports of 127.0.0.1.

Tests that need nginx are marked `proxy`; without nginx they are skipped with the reason, unless
REQUIRE_SERVICES=1 (as in .ci/run), where that is a failure. gunicorn is a pinned dependency: always there.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.config import TEST_REFLECTION_KEY, TEST_VAPID_PRIVATE_KEY

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX_SITE = DEPLOY / "nginx" / "nextwork.conf"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
HOST = "localhost"  # the name the certificate is for and the browser uses


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    return found or next((path for path in NGINX_CANDIDATES if os.access(path, os.X_OK)), None)


def require_nginx() -> str:
    """The nginx binary; skip (or, with REQUIRE_SERVICES=1, fail) without one."""
    binary = nginx_binary()
    if binary:
        return binary
    problem = "nginx not found; install Debian's nginx (apt-get install nginx) to run the reverse-proxy smoke tests"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(item.path).name == "test_proxy_smoke.py":
            item.add_marker(pytest.mark.proxy)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s:\n{log.read_text(errors='replace')[-4000:]}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Ports:
    app: int
    metrics: int
    https: int
    http: int


@dataclass
class Gunicorn:
    url: str  # straight to gunicorn (what nginx proxies to)
    metrics_url: str
    control_socket: Path
    home: Path
    log: Path


@pytest.fixture(scope="package")
def ports() -> Ports:
    return Ports(app=free_port(), metrics=free_port(), https=free_port(), http=free_port())


@pytest.fixture(scope="package")
def gunicorn(app, database_url: str, ports: Ports, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:  # noqa: ANN001
    """gunicorn -c deploy/gunicorn.conf.py wsgi:app, configured as deploy/systemd/nextwork-web.service does."""
    work = tmp_path_factory.mktemp("gunicorn")
    home, log = work / "home", work / "gunicorn.log"
    home.mkdir()
    control = work / "run" / "gunicorn.ctl"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),  # gunicorn's default control socket would be under here: it must not appear
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "REFLECTION_KEYS": TEST_REFLECTION_KEY,
        "VAPID_PRIVATE_KEY": TEST_VAPID_PRIVATE_KEY,
        "VAPID_SUBJECT": "mailto:drift@nextwork.dk",
        "PUBLIC_BASE_URL": f"https://{HOST}:{ports.https}",
        "TRUSTED_HOSTS": f"{HOST},127.0.0.1",
        "PROXY_HOPS": "1",
        "LOG_FORMAT": "json",
        "GUNICORN_BIND": f"127.0.0.1:{ports.app}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_CONTROL_SOCKET": str(control),
        "METRICS_BIND": f"127.0.0.1:{ports.metrics}",
        "PROMETHEUS_MULTIPROC_DIR": str(work / "metrics"),
    }
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(gunicorn_bin), "-c", str(DEPLOY / "gunicorn.conf.py"), "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(ports.app, process, log)
        wait_for_port(ports.metrics, process, log)
        yield Gunicorn(
            url=f"http://127.0.0.1:{ports.app}",
            metrics_url=f"http://127.0.0.1:{ports.metrics}/metrics",
            control_socket=control,
            home=home,
            log=log,
        )
    finally:
        stop(process)


@dataclass
class Nginx:
    url: str  # https://localhost:<port>
    http_url: str
    ca: Path  # the self-signed certificate, to verify against
    access_log: Path
    error_log: Path

    def session(self) -> requests.Session:
        """A browser-like HTTPS client: verifies the certificate, keeps (Secure) cookies, accepts br and gzip."""
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would win over `verify`
        session.verify = str(self.ca)
        session.headers["Accept-Encoding"] = "br, gzip"
        session.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) smoke-test"
        return session


def make_certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(HOST), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def render_site(ports: Ports, cert: Path, key: Path, logs: Path) -> str:
    """deploy/nginx/nextwork.conf with this run's ports, name, certificate and log files (and IPv4 only)."""
    site = NGINX_SITE.read_text()
    replacements = [
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{ports.app};"),
        (r"server_name app\.example\.dk;", f"server_name {HOST};"),
        (r"/etc/letsencrypt/live/app\.example\.dk/fullchain\.pem", str(cert)),
        (r"/etc/letsencrypt/live/app\.example\.dk/privkey\.pem", str(key)),
        (r"/var/log/nginx/nextwork\.access\.log", str(logs / "access.log")),
        (r"listen 443 ", f"listen 127.0.0.1:{ports.https} "),
        (r"listen 80;", f"listen 127.0.0.1:{ports.http};"),
        (r"listen 80 ", f"listen 127.0.0.1:{ports.http} "),
        (r"(?m)^\s*listen \[::\]:.*\n", ""),  # the test machine may have no IPv6
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site)
        assert count, f"deploy/nginx/nextwork.conf no longer has {pattern!r}: update the smoke test with it"
    return site


@pytest.fixture(scope="package")
def nginx(gunicorn: Gunicorn, ports: Ports, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    binary = require_nginx()
    work = tmp_path_factory.mktemp("nginx")
    for sub in ("logs", "temp"):
        (work / sub).mkdir()
    cert, key = make_certificate(work)
    (work / "nextwork.conf").write_text(render_site(ports, cert, key, work / "logs"))
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers as root read the test's private files
    temp = work / "temp"
    (work / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "logs" / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    gzip on;  # as Debian's nginx.conf has it: the site's `gzip off` must win
    include {work / "nextwork.conf"};
}}
"""
    )
    config = work / "nginx.conf"
    check = subprocess.run([binary, "-t", "-p", str(work), "-c", str(config), "-e", str(work / "logs" / "error.log")],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr
    log = work / "logs" / "error.log"
    process = subprocess.Popen(
        [binary, "-p", str(work), "-c", str(config), "-e", str(log), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(ports.https, process, log)
        yield Nginx(
            url=f"https://{HOST}:{ports.https}",
            http_url=f"http://{HOST}:{ports.http}",
            ca=cert,
            access_log=work / "logs" / "access.log",
            error_log=log,
        )
    finally:
        stop(process, signal.SIGQUIT)  # graceful: finish requests, then exit


def alpn_protocol(port: int, ca: Path) -> str | None:
    """The protocol nginx picks when a client offers HTTP/2 and HTTP/1.1 (ALPN), as browsers do."""
    context = ssl.create_default_context(cafile=str(ca))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=HOST) as tls:
            return tls.selected_alpn_protocol()
