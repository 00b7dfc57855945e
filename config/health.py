"""Health endpoints for a load balancer or a monitor, and what a database outage looks like.

``/healthz`` says the process answers: nothing else is touched (no database, cache, session
or template), so a slow database never makes a load balancer kill healthy processes.

``/readyz`` says whether this instance can serve, with one line per dependency:

- ``database`` (``SELECT 1``) and ``migrations`` (none left to apply): without them no page
  can be built, so the answer is 503 and the load balancer takes the instance out;
- ``cache`` (a key written and read back) and ``queue`` (how long the oldest task that is
  due has waited for a worker): the site survives both, slower or with late emails. They
  turn the status to "degraded" with a 200: Redis and the workers are shared by every
  instance, and a load balancer that took out every instance for them would turn a slow
  site into no site at all.

Neither says anything about anyone: no names, addresses, hosts or error texts (only error
types), since a load balancer's probe is often open to anyone.

Both are outside the language prefixes, exempt from the HTTPS redirect
(``SECURE_REDIRECT_EXEMPT``) and never cached. Django still checks the Host header: the
name the probe sends must be in ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import datetime
import os
import uuid
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min, Q
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

OK, FAILING, LATE = "ok", "failing", "late"

# Set once the migrations are found applied: loading the migration graph takes a few
# hundred milliseconds, and a running process's code never gains a migration.
_migrations_applied = False


@dataclass
class Check:
    status: str
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether an error, or one that led to it, says the database cannot be used now
    (a refused or lost connection, a server shutting down, a lock or statement timeout):
    the visitor should come back later, not be told of a bug."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def check_database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check(FAILING, f"unreachable ({type(error).__name__})")
    return Check(OK)


def check_migrations(database: Check) -> Check:
    global _migrations_applied
    if _migrations_applied:
        return Check(OK)
    if not database.ok:
        return Check(FAILING, "database unreachable")
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Check(FAILING, f"cannot read the migrations ({type(error).__name__})")
    if plan:
        return Check(FAILING, f"{len(plan)} migrations not applied")
    _migrations_applied = True
    return Check(OK)


def check_cache() -> Check:
    # One key per process, a new value each time: an answer from Redis, not from a memory.
    key = f"readyz:{os.getpid()}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        read = cache.get(key)
    except Exception as error:  # any cache backend, any failure
        return Check(FAILING, f"unreachable ({type(error).__name__})")
    if read != value:
        # django-redis ignores its errors (config.cache): a lost write reads back as a miss.
        return Check(FAILING, "a value written could not be read back")
    return Check(OK)


@dataclass
class QueueCheck(Check):
    oldest_wait_seconds: int | None = None


def check_queue(database: Check) -> QueueCheck:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return QueueCheck(OK, "no queue: tasks run as they are enqueued")
    if not database.ok:
        return QueueCheck(FAILING, "database unreachable")

    # A task is due from when it was enqueued, or from its run_after when it has one
    # (django-tasks-db writes the greatest date for "no run_after").
    no_date = get_date_max()
    try:
        oldest = DBTaskResult.objects.ready().aggregate(
            enqueued=Min("enqueued_at", filter=Q(run_after=no_date)),
            due=Min("run_after", filter=~Q(run_after=no_date)),
        )
    except DatabaseError as error:
        return QueueCheck(FAILING, f"cannot read the queue ({type(error).__name__})")
    dates = [date for date in oldest.values() if date is not None]
    if not dates:
        return QueueCheck(OK, "no task waiting", 0)
    wait = max(0, int((timezone.now() - min(dates)) / datetime.timedelta(seconds=1)))
    limit = settings.READYZ_MAX_QUEUE_AGE_SECONDS
    if wait > limit:
        return QueueCheck(LATE, f"the oldest due task has waited {wait} s (limit {limit} s)", wait)
    return QueueCheck(OK, "", wait)


@never_cache
@require_safe
def healthz(request) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request) -> JsonResponse:
    database = check_database()
    checks = {
        "database": database,
        "migrations": check_migrations(database),
        "cache": check_cache(),
        "queue": check_queue(database),
    }
    if not (database.ok and checks["migrations"].ok):
        status, http_status = "failing", 503
    elif all(check.ok for check in checks.values()):
        status, http_status = "ok", 200
    else:
        status, http_status = "degraded", 200
    body = {
        "status": status,
        "checks": {
            name: {key: value for key, value in asdict(check).items() if value not in ("", None)}
            for name, check in checks.items()
        },
    }
    return JsonResponse(body, status=http_status)
