"""/healthz and /readyz, for a load balancer: each check and what each failure answers.

The database failing for real is proved in test_degraded_database.py (the site run with a
database it cannot reach).
"""

from __future__ import annotations

import datetime
import json
import socket

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config import health
from config.settings import base

pytestmark = pytest.mark.django_db

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def migrations_not_known_yet(monkeypatch):
    """The process remembers applied migrations once seen: each test starts without that."""
    monkeypatch.setattr(health, "_migrations_applied", False)


def readiness(client):
    response = client.get(reverse("readyz"))
    return response, json.loads(response.content)


def queued_task(age: datetime.timedelta, **fields) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        task_path="home.tasks.nothing",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=fields.pop("run_after", datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)),
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - age)
    return task


def test_healthz_answers_without_database_cache_or_session(client, django_assert_num_queries):
    with (
        override_settings(CACHES=base.redis_caches(f"redis://127.0.0.1:{closed_port()}/0")),
        django_assert_num_queries(0),
    ):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("name", ["healthz", "readyz"])
def test_probes_over_plain_http_are_not_redirected(client, name):
    assert client.get(reverse(name)).status_code == 200
    assert client.get("/fr/").status_code == 301


def test_readyz_is_ok_when_everything_is(client):
    response, body = readiness(client)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "queue": "ok",
    }


def test_readyz_fails_while_a_migration_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="home").order_by("-id").first().delete()

    response, body = readiness(client)

    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["checks"]["migrations"] == {
        "status": "failing",
        "reason": "1 migrations not applied",
    }


def test_readyz_remembers_applied_migrations_once_seen(client, django_assert_max_num_queries):
    readiness(client)

    with django_assert_max_num_queries(2):  # SELECT 1, and nothing from the migration table
        response, body = readiness(client)

    assert body["checks"]["migrations"]["status"] == "ok"


def test_a_cache_down_is_degraded_not_failing(client):
    """Redis is shared by every instance: taking them all out for it would stop the site."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=base.redis_caches(url)):
        response, body = readiness(client)

    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "failing"
    assert "127.0.0.1" not in response.content.decode()


@override_settings(TASKS=QUEUED, READYZ_MAX_QUEUE_AGE_SECONDS=600)
def test_a_late_worker_queue_is_degraded(client):
    queued_task(datetime.timedelta(minutes=15))
    queued_task(datetime.timedelta(minutes=1))

    response, body = readiness(client)

    assert response.status_code == 200
    assert body["status"] == "degraded"
    queue = body["checks"]["queue"]
    assert queue["status"] == "late"
    assert 900 <= queue["oldest_wait_seconds"] < 1000


@override_settings(TASKS=QUEUED, READYZ_MAX_QUEUE_AGE_SECONDS=600)
def test_tasks_not_due_yet_or_done_do_not_make_the_queue_late(client):
    an_hour = datetime.timedelta(hours=1)
    queued_task(an_hour, run_after=timezone.now() + an_hour)
    queued_task(an_hour, status="SUCCESSFUL")
    queued_task(an_hour, status="RUNNING")

    response, body = readiness(client)

    assert body["status"] == "ok"
    assert body["checks"]["queue"] == {
        "status": "ok",
        "reason": "no task waiting",
        "oldest_wait_seconds": 0,
    }


@override_settings(TASKS=QUEUED, READYZ_MAX_QUEUE_AGE_SECONDS=600)
def test_a_task_due_later_counts_from_when_it_became_due(client):
    queued_task(
        datetime.timedelta(hours=2), run_after=timezone.now() - datetime.timedelta(minutes=2)
    )

    _response, body = readiness(client)

    assert body["checks"]["queue"]["status"] == "ok"
    assert 100 <= body["checks"]["queue"]["oldest_wait_seconds"] < 200


def test_readyz_says_nothing_about_anyone(client, django_user_model):
    django_user_model.objects.create_user(email="ines@example.org", password="x" * 12)

    response, body = readiness(client)

    assert set(body) == {"status", "checks"}
    assert "@" not in response.content.decode()
    assert not response.cookies
