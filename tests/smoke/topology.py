"""The production topology of the smoke run, built as real processes.

Two machines, each nginx (deploy/nginx/undebutdereseau.conf, rendered by tests/deploy/nginx.py
with free ports and temporary paths) in front of gunicorn (deploy/gunicorn.conf.py) running
config.settings.base with DEBUG off. They share what several machines share in production:
one PostgreSQL database (made for the run, migrated once), one Redis (the run's own
redis-server), media in S3 (moto's server: public and private buckets), one ``db_worker``
and a mail server (an SMTP sink). Machine two reaches PostgreSQL and Redis through relays
that the tests cut to make them unreachable for that machine alone.

Every process runs in its own process group and is stopped when the run ends, whatever
happened; the database is dropped.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.deploy import nginx
from tests.smoke.browser import ORIGIN, Browser, Machine
from tests.smoke.processes import (
    REPO,
    GatedSmtpSink,
    Relay,
    Service,
    SmokeSetupError,
    free_port,
    gated_smtp_sink,
    postgresql_database,
    start_redis,
    wait_until,
)
from tests.support.s3 import create_media_buckets, s3_endpoint, s3_environment

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
MANAGE = [PYTHON, "manage.py"]
FACTS_MARKER = "SMOKE-FACTS "  # tests/smoke/print_facts.py prints it
PUBLIC_BUCKET, PRIVATE_BUCKET = "udr-smoke-public", "udr-smoke-private"

# Short, so that a task left running by a killed worker is stale within seconds; the
# settings' rule (stale after at least four times EMAIL_TIMEOUT) still holds.
EMAIL_TIMEOUT_SECONDS = 2
STALE_AFTER_SECONDS = 8
# /readyz calls the queue late after this: a stopped worker shows within seconds.
QUEUE_LATE_SECONDS = 3

# systemd starts a unit with an empty environment plus its EnvironmentFile: the same here.
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")

SETUP_SECONDS = 420  # migrate on a busy machine
START_SECONDS = 120


@dataclass
class Instance:
    name: str
    machine: Machine
    service: Service
    env: dict[str, str]


@dataclass
class Topology:
    folder: Path
    one: Instance
    two: Instance
    worker: Service
    redis: Service
    redis_relay: Relay  # machine two's way to Redis
    database_relay: Relay  # machine two's way to PostgreSQL
    database_url: str
    sink: GatedSmtpSink
    s3_endpoint: str
    facts: dict
    nginx_sites: list[nginx.Site]

    # --- Commands and queries ------------------------------------------------------------

    def manage(self, *args: str, seconds: float = 120) -> str:
        """``manage.py <args>`` as an operator runs it on machine one; its output."""
        result = subprocess.run(  # noqa: S603 - our own command
            [*MANAGE, *args],
            cwd=REPO,
            env=self.one.env,
            capture_output=True,
            text=True,
            timeout=seconds,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """Rows of ``query`` on the run's database (to look at stored state, never to change it)."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def tasks_due(self) -> int:
        """Tasks waiting for a worker or running (django-tasks-db's rows): 0 when idle."""
        return self.sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
            "OR (status = 'READY' AND (run_after <= now() OR run_after >= '9999-01-01'))"
        )[0][0]

    def wait_for_idle_queue(self, seconds: float = 180) -> None:
        if not wait_until(lambda: self.tasks_due() == 0, seconds, 0.5):
            raise AssertionError(
                f"The worker left {self.tasks_due()} task(s) due after {seconds} s:\n"
                f"{self.worker.tail()}"
            )

    # --- The worker -----------------------------------------------------------------------

    def start_worker(self) -> None:
        assert not self.worker.running, "the worker is running already"
        self.worker.start()

    @contextmanager
    def worker_stopped(self) -> Iterator[None]:
        """The worker stopped as systemd stops it (SIGTERM), started again at the end."""
        self.worker.stop()
        try:
            yield
        finally:
            if not self.worker.running:
                self.worker.start()

    # --- What to show when a check fails ---------------------------------------------------

    def services(self) -> list[Service]:
        return [self.one.service, self.two.service, self.worker, self.redis]

    def logs(self, lines: int = 40) -> str:
        parts = [
            f"=== {service.name} ({service.log})\n{service.tail(lines)}"
            for service in self.services()
        ]
        for site in self.nginx_sites:
            for log in (site.root / "error.log", site.root / "site.error.log", site.access_log):
                text = log.read_text(errors="replace") if log.exists() else "(none)"
                tail = "\n".join(text.splitlines()[-lines:])
                parts.append(f"=== nginx {log}\n{tail}")
        return "\n".join(parts)


def _through(url: str, host: str, port: int) -> str:
    """``url`` with its host and port replaced (user, password, path and query kept)."""
    parts = urlsplit(url)
    user = parts.netloc.rpartition("@")[0]
    netloc = f"{user}@{host}:{port}" if user else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _instance_service(name: str, env: dict[str, str], folder: Path) -> tuple[Service, int]:
    port = free_port()
    command = [GUNICORN, "--config", str(REPO / "deploy" / "gunicorn.conf.py")]
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    return Service(f"gunicorn-{name}", command, env, folder / f"gunicorn-{name}.log"), port


def _nginx_site(folder: Path, name: str, upstream_port: int) -> nginx.Site:
    root = folder / f"nginx-{name}"
    root.mkdir()
    site = nginx.render(root, upstream_port)
    # nginx serves static files from STATIC_ROOT, where collectstatic wrote them
    # (config.settings.base: the clone's staticfiles/, as in the deployment example).
    site.static_root.rmdir()
    site.static_root.symlink_to(REPO / "staticfiles")
    return site


def _wait_until_ready(instance: Instance) -> None:
    browser = Browser(keep_cookies=False)

    def ready() -> bool:
        if not instance.service.running:
            raise SmokeSetupError(f"{instance.service.name} stopped:\n{instance.service.tail()}")
        try:
            return browser.get(instance.machine, "/readyz").status == 200
        except OSError:
            return False

    if not wait_until(ready, START_SECONDS, 0.25):
        raise SmokeSetupError(
            f"{instance.name} did not answer /readyz through nginx in {START_SECONDS} s:\n"
            f"{instance.service.tail()}"
        )


def _facts(env: dict[str, str]) -> dict:
    script = (REPO / "tests" / "smoke" / "print_facts.py").read_text()
    result = subprocess.run(  # noqa: S603 - our own command
        [*MANAGE, "shell", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith(FACTS_MARKER):
            return json.loads(line.removeprefix(FACTS_MARKER))
    raise SmokeSetupError(f"print_facts.py printed no facts:\n{result.stdout}\n{result.stderr}")


@contextmanager
def production_topology(folder: Path, server_url: str) -> Iterator[Topology]:
    """Builds the topology in ``folder`` on the PostgreSQL server of ``server_url``."""
    with ExitStack() as stack:
        base_env = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
        base_env["PYTHONUNBUFFERED"] = "1"

        # Shared services.
        database = stack.enter_context(
            postgresql_database(
                server_url,
                f"udr_smoke_{uuid.uuid4().hex[:8]}",
                template=os.environ.get("SMOKE_DATABASE_TEMPLATE") or None,
            )
        )
        redis, redis_port = start_redis(folder, base_env)
        stack.callback(redis.stop)
        endpoint = stack.enter_context(s3_endpoint())
        create_media_buckets(endpoint, PUBLIC_BUCKET, PRIVATE_BUCKET)
        sink = stack.enter_context(gated_smtp_sink())
        database_server = urlsplit(database)
        database_relay = Relay(
            "postgresql", database_server.hostname or "127.0.0.1", database_server.port or 5432
        )
        stack.callback(database_relay.close)
        redis_relay = Relay("redis", "127.0.0.1", redis_port)
        stack.callback(redis_relay.close)

        # /etc/undebutdereseau/env of each machine (deploy/env.example).
        common = base_env | {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": nginx.DOMAIN,
            "CSRF_TRUSTED_ORIGINS": ORIGIN,
            "WAGTAILADMIN_BASE_URL": ORIGIN,
            "TRUSTED_PROXY_COUNT": "1",
            **s3_environment(endpoint, PUBLIC_BUCKET, PRIVATE_BUCKET),
            **sink.environment(),
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT_SECONDS),
            "TASKS_STALE_AFTER_SECONDS": str(STALE_AFTER_SECONDS),
            "READYZ_MAX_QUEUE_AGE_SECONDS": str(QUEUE_LATE_SECONDS),
        }
        one_env = common | {
            "DATABASE_URL": database,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }
        two_env = common | {
            "DATABASE_URL": _through(database, "127.0.0.1", database_relay.port),
            "REDIS_URL": f"redis://127.0.0.1:{redis_relay.port}/0",
        }

        # What an upgrade does before the services start (deploy/upgrade.sh), the two
        # commands side by side.
        def setup(name: str, *args: str, env: dict[str, str] = one_env) -> Service:
            service = Service(name, [*MANAGE, *args], env, folder / f"{name}.log").start()
            stack.callback(service.kill)
            return service

        migrate = setup("migrate", "migrate", "--noinput")
        collectstatic = setup("collectstatic", "collectstatic", "--noinput", "--verbosity", "0")
        migrate.check(SETUP_SECONDS)
        collectstatic.check(SETUP_SECONDS)
        # The content: the demo (it refuses DEBUG off; on for this command alone, as the
        # browser tests and the bench do), loaded while the services start.
        demo = setup("load_demo", "load_demo", env=one_env | {"DEBUG": "1"})

        instances = []
        sites = []
        for name, env in (("one", one_env), ("two", two_env)):
            service, port = _instance_service(name, env, folder)
            service.start()
            stack.callback(service.stop)
            site = _nginx_site(folder, name, port)
            stack.enter_context(nginx.running(site))
            sites.append(site)
            instances.append(Instance(name, Machine(name, site), service, service.env))
        worker = Service("db_worker", [*MANAGE, "db_worker"], one_env, folder / "db_worker.log")
        worker.start()
        stack.callback(worker.stop)

        demo.check(SETUP_SECONDS)
        facts = _facts(one_env)
        for instance in instances:
            _wait_until_ready(instance)
        topology = Topology(
            folder=folder,
            one=instances[0],
            two=instances[1],
            worker=worker,
            redis=redis,
            redis_relay=redis_relay,
            database_relay=database_relay,
            database_url=database,
            sink=sink,
            s3_endpoint=endpoint,
            facts=facts,
            nginx_sites=sites,
        )
        # The demo queued hundreds of tasks (search index, references): the checks start
        # with a worker that has caught up.
        topology.wait_for_idle_queue()
        yield topology
