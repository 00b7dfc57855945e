"""Settings of the ``db_worker`` processes that test_worker_crash starts: the test
settings with the production queue (django-tasks-db) and SMTP, pointed by the environment
(DATABASE_URL, EMAIL_HOST, EMAIL_PORT, TASKS_STALE_AFTER_SECONDS…) at what the test runs."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
