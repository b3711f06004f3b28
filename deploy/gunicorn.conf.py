"""gunicorn settings for NEXTWORK behind nginx: `gunicorn -c deploy/gunicorn.conf.py wsgi:app` from the checkout
(deploy/systemd/nextwork-web.service). Each value can be set by the environment variable it reads.

- GUNICORN_BIND (127.0.0.1:8000, what deploy/nginx/nextwork.conf proxies to), GUNICORN_WORKERS (4).
- Control socket: gunicorn >= 25 opens one for `gunicornc`, by default at one fixed path per user
  ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl), so a second gunicorn service of the same user
  (another instance, another app) takes it over. Here it lives in the service's own RuntimeDirectory
  ($RUNTIME_DIRECTORY, set by systemd), or at GUNICORN_CONTROL_SOCKET; with neither, or with
  GUNICORN_CONTROL_SOCKET=off, there is none.
- Metrics: with METRICS_BIND (e.g. 127.0.0.1:9100) the workers record into PROMETHEUS_MULTIPROC_DIR (default
  $RUNTIME_DIRECTORY/metrics, emptied at start) and this master process serves their sum on METRICS_BIND, an
  address nginx does not proxy (app/metrics.py says why).
- Logs: one JSON object per line on stderr (app/logs.py), gunicorn's own lines too. gunicorn's access log stays
  off: it would write every URL, and invite and calendar links carry secrets; the app writes an access line per
  request with the endpoint's name instead.
"""

import os
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"  # nginx buffers requests and responses, so slow clients do not hold a worker
timeout = 30
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (keepalive 16)
forwarded_allow_ips = "127.0.0.1,::1"  # only the local nginx may say the request was https
accesslog = None

_runtime = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control and _control != "off":
    control_socket = _control
elif _runtime and _control != "off":
    control_socket = os.path.join(_runtime, "gunicorn.ctl")
else:
    control_socket_disable = True

METRICS_BIND = os.environ.get("METRICS_BIND", "").strip()
if METRICS_BIND:
    # Set before any worker imports prometheus_client: it picks multiprocess mode from this variable.
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR", os.path.join(_runtime or tempfile.mkdtemp(prefix="nextwork-"), "metrics")
    )

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING", "handlers": ["json"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},  # see above: never URLs
    },
    "handlers": {"json": {"()": "app.logs.json_handler"}},
    "formatters": {},
}


def on_starting(server):
    if METRICS_BIND:
        from app.metrics import clear_multiprocess_dir

        clear_multiprocess_dir()


def when_ready(server):
    if METRICS_BIND:
        from app.metrics import serve_multiprocess

        serve_multiprocess(METRICS_BIND)
        server.log.info("Prometheus metrics on http://%s/metrics", METRICS_BIND)


def child_exit(server, worker):
    if METRICS_BIND:
        from app.metrics import mark_process_dead

        mark_process_dead(worker.pid)
