import importlib
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env


def test_env_bool_refuses_an_ambiguous_value(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes please")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("DEBUG")


def test_env_int_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("EMAIL_PORT", 25)


def _run_check_deploy(extra_env):
    """Run `check --deploy` in a fresh interpreter with production settings only."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", **extra_env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=clean,
        check=False,
    )


def test_base_settings_refuse_to_start_without_a_secret_key():
    result = _run_check_deploy({"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = _run_check_deploy(
        {
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "undebutdereseau.fr",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_base_settings_default_to_debug_off(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("DEBUG", raising=False)
    base = importlib.import_module("config.settings.base")
    assert importlib.reload(base).DEBUG is False


def test_postgresql_connections_run_without_jit_and_sqlite_is_left_alone(monkeypatch):
    from config.settings.base import without_jit

    monkeypatch.delenv("DB_DISABLE_JIT", raising=False)
    postgresql = without_jit({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}})
    with_options = without_jit(
        {
            "ENGINE": "django.db.backends.postgresql",
            "OPTIONS": {"options": "-c search_path=udr", "sslmode": "require"},
        }
    )
    sqlite = without_jit({"ENGINE": "django.db.backends.sqlite3"})

    assert postgresql["OPTIONS"]["options"] == "-c jit=off"
    # Options given by DATABASE_URL are kept: jit=off is appended to them.
    assert with_options["OPTIONS"] == {
        "options": "-c search_path=udr -c jit=off",
        "sslmode": "require",
    }
    assert "OPTIONS" not in sqlite


def test_db_disable_jit_off_leaves_the_connection_options_alone(monkeypatch):
    """PgBouncer in transaction mode refuses the `options` startup parameter."""
    from config.settings.base import without_jit

    monkeypatch.setenv("DB_DISABLE_JIT", "0")
    bare = without_jit({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}})
    given = without_jit(
        {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c a=b"}}
    )

    assert bare["OPTIONS"] == {}
    assert given["OPTIONS"] == {"options": "-c a=b"}
