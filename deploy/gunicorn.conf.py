"""gunicorn's settings for Un début de réseau (README, "Deploy").

    .venv/bin/gunicorn --config deploy/gunicorn.conf.py

Started by deploy/systemd/undebutdereseau-web.service behind nginx. Each value can be
changed in /etc/undebutdereseau/env without editing this file:

- ``GUNICORN_BIND``: where nginx finds gunicorn (default ``127.0.0.1:8000``);
- ``GUNICORN_WORKERS``: processes (default two per core, plus one);
- ``GUNICORN_THREADS``: threads per process (default 2);
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is replaced (30);
- ``FORWARDED_ALLOW_IPS``: addresses whose ``X-Forwarded-Proto`` gunicorn believes
  (default ``127.0.0.1,::1``, nginx on the same machine).

``systemctl reload undebutdereseau-web`` (SIGHUP) starts new workers with the new code and
settings, then lets the old ones finish their requests: no request is cut.
"""

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer; got {raw!r}.") from None
    if value < 1:
        raise SystemExit(f"{name} must be 1 or more; got {value}.")
    return value


wsgi_app = "config.wsgi:application"
chdir = str(Path(__file__).resolve().parent.parent)
proc_name = "undebutdereseau"

bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
# Threads let a worker keep nginx's idle connections open (sync workers close each one) and
# overlap a request's waits on PostgreSQL and Redis. Each thread holds its own database
# connection: workers x threads connections per machine (11 x 2 = 22 on 5 cores).
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 2)
# The app is imported by each worker, not by the master: a reload (SIGHUP) loads new code.
preload_app = False

# A worker silent this long is killed and replaced (nginx waits 60 s: gunicorn ends first).
timeout = _int("GUNICORN_TIMEOUT", 30)
# On reload or stop, requests under way get this long to finish.
graceful_timeout = 30
# Above nginx's upstream keepalive_timeout (60 s): nginx closes idle connections first.
keepalive = 75
# Workers are replaced after a number of requests, at staggered times, so that a slow leak
# never grows and they never all restart at once.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file in memory: on a disk it can stall a worker (gunicorn's FAQ).
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn's heartbeat files, not data

# Only nginx on this machine may say the request came over HTTPS; only X-Forwarded-Proto
# counts (the header nginx sets and Django reads, SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Logs to the journal (stdout/stderr). The access log carries nginx's request id, the
# client address nginx saw and the time taken in milliseconds.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" rid=%({x-request-id}i)s'
)

# gunicorn's control socket (gunicornc) in the unit's RuntimeDirectory; none elsewhere (its
# default, under $HOME, is read-only for the service).
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = str(Path(os.environ["RUNTIME_DIRECTORY"].split(":")[0]) / "gunicorn.ctl")
else:
    control_socket_disable = True
