import pytest

from outbox import tasks
from tests.support.smtp import FLAKY_BACKEND, mail_server


@pytest.fixture
def database_backend(settings):
    """The production queue: django-tasks-db's backend, which can run a task later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def flaky_mail_server(settings, monkeypatch):
    """A mail server that refuses what it is told to (``.down()``, ``.up()``, ``.reset(n)``),
    and delivers the rest to ``django.core.mail.outbox``."""
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    monkeypatch.setattr(tasks, "INLINE_PAUSE", 0)
    yield mail_server.reset()
    mail_server.reset()
