"""The shell scripts of deploy/: they parse, shellcheck finds nothing, they read the
environment file as systemd does, never put the database password on a command line, and
upgrade.sh runs its steps in order behind the maintenance page."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SCRIPTS = sorted(DEPLOY.glob("*.sh"))
SHELLCHECK = shutil.which("shellcheck")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_script_parses(script):
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)  # noqa: S603, S607

    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not SHELLCHECK, reason="shellcheck is not installed (apt-get install shellcheck)"
)
def test_shellcheck_finds_nothing():
    result = subprocess.run(  # noqa: S603
        [SHELLCHECK, "--external-sources", *map(str, SCRIPTS)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )

    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "script", [p for p in SCRIPTS if p.name != "common.sh"], ids=lambda p: p.name
)
def test_scripts_are_executable_and_strict(script):
    assert script.stat().st_mode & stat.S_IXUSR
    assert "set -euo pipefail" in script.read_text()


def test_every_script_says_how_to_use_it():
    for name in ("backup.sh", "restore.sh", "upgrade.sh", "manage.sh"):
        result = subprocess.run(  # noqa: S603
            [str(DEPLOY / name), "--help"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, (name, result.stderr)
        assert "Usage:" in result.stdout, name
    wrong = subprocess.run(  # noqa: S603
        [str(DEPLOY / "restore.sh")], capture_output=True, text=True, check=False
    )
    assert wrong.returncode == 2
    assert "Usage: restore.sh" in wrong.stderr


def bash_with_common(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        ["bash", "-c", f'set -euo pipefail; . "{DEPLOY}/common.sh"; {script}'],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ["PATH"], **(env or {})},
    )


def test_the_environment_file_is_read_as_systemd_reads_it(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_bytes(
        b"# comment\n"
        b"\n"
        b'SECRET_KEY="a secret with spaces, $HOME and `backticks`"\n'
        b"EMAIL_HOST_PASSWORD='single'\n"
        b"  INDENTED = value with = sign\r\n"
        b"ALLOWED_HOSTS=undebutdereseau.fr,www.undebutdereseau.fr\n"
        b"ALREADY_SET=from the file\n"
        b"NO_NEWLINE_AT_END=last"
    )

    result = bash_with_common(
        f'load_env_file "{env_file}"; '
        'printf "%s|" "$SECRET_KEY" "$EMAIL_HOST_PASSWORD" "$INDENTED" "$ALLOWED_HOSTS" '
        '"$ALREADY_SET" "$NO_NEWLINE_AT_END"; env | grep -c "^SECRET_KEY="',
        env={"ALREADY_SET": "from the environment"},
    )

    assert result.returncode == 0, result.stderr
    values, exported = result.stdout.rsplit("|", 1)
    assert values.split("|") == [
        "a secret with spaces, $HOME and `backticks`",
        "single",
        "value with = sign",
        "undebutdereseau.fr,www.undebutdereseau.fr",
        "from the environment",
        "last",
    ]
    assert exported.strip() == "1"


def test_a_line_that_is_not_a_variable_stops_the_script(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("DEBUG=0\nrm -rf /\n")

    result = bash_with_common(f'load_env_file "{env_file}"; echo reached')

    assert result.returncode == 1
    assert "not KEY=value: rm -rf /" in result.stderr
    assert "reached" not in result.stdout


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql://udr:p%40ss%3Aw0rd@db.example.org:6432/undebutdereseau?sslmode=require",
            {
                "PGHOST": "db.example.org",
                "PGPORT": "6432",
                "PGUSER": "udr",
                "PGPASSWORD": "p@ss:w0rd",
                "PGDATABASE": "undebutdereseau",
                "PGSSLMODE": "require",
            },
        ),
        # Local socket and peer authentication: no password at all.
        ("postgresql:///undebutdereseau", {"PGDATABASE": "undebutdereseau"}),
        (
            "postgres://%2Fvar%2Frun%2Fpostgresql/udr",
            {"PGHOST": "/var/run/postgresql", "PGDATABASE": "udr"},
        ),
        (
            "postgresql://u@[2001:db8::5]:5433/udr",
            {"PGHOST": "2001:db8::5", "PGPORT": "5433", "PGUSER": "u", "PGDATABASE": "udr"},
        ),
    ],
)
def test_database_url_becomes_libpq_variables(url, expected):
    result = bash_with_common(
        'export_database_env; env | grep "^PG" | sort', env={"DATABASE_URL": url, "PGUSER": "stale"}
    )

    assert result.returncode == 0, result.stderr
    assert dict(line.split("=", 1) for line in result.stdout.splitlines()) == expected


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = bash_with_common("export_database_env", env={"DATABASE_URL": "sqlite:///db.sqlite3"})

    assert result.returncode == 1
    assert "not a PostgreSQL URL" in result.stderr


def write_stub(folder: Path, name: str, body: str = "") -> None:
    """A command that logs how it was called (and whether the maintenance flag was there)."""
    path = folder / name
    path.write_text(
        f"""#!/usr/bin/env bash
flag=-; [ -e "$MAINTENANCE_FLAG" ] && flag=M
line="{name}${{*:+ $*}}"
echo "$flag ${{line//$STUB_APP\\//}}" >>"$STUB_LOG"
if [ -n "${{FAIL_ON:-}}" ] && [[ "$line" == *"$FAIL_ON"* ]]; then exit 1; fi
{body}
exit 0
"""
    )
    path.chmod(0o755)


def test_backup_never_puts_the_database_password_on_a_command_line(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("pg_dump", "pg_restore", "psql"):
        write_stub(bin_dir, name, body='echo "PGPASSWORD=$PGPASSWORD" >>"$STUB_LOG"; echo 15.0')
    env_file = tmp_path / "env"
    env_file.write_text(
        "DATABASE_URL=postgresql://udr:Tr%C3%A8s-secret@db.example.org/udr\n"
        f"BACKUP_DIR={tmp_path / 'backups'}\n"
        f"MEDIA_ROOT={tmp_path / 'media'}\n"
        f"PRIVATE_MEDIA_ROOT={tmp_path / 'private'}\n"
        f"APP_USER={subprocess.run(['id', '-un'], capture_output=True, text=True).stdout.strip()}\n"  # noqa: S607
    )

    result = subprocess.run(  # noqa: S603
        [str(DEPLOY / "backup.sh")],
        env={
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "UDR_ENV_FILE": str(env_file),
            "STUB_LOG": str(log),
            "STUB_APP": str(REPO),
            "MAINTENANCE_FLAG": str(tmp_path / "none"),
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    calls = log.read_text()
    assert "pg_dump --format=custom" in calls
    assert "PGPASSWORD=Très-secret" in calls  # in its environment, which only its user reads
    command_lines = [line for line in calls.splitlines() if not line.startswith("PGPASSWORD=")]
    assert not any("secret" in line for line in command_lines)


# --- upgrade.sh ----------------------------------------------------------------------------

ENABLED = "undebutdereseau-worker.service undebutdereseau-send-request-reminders.timer"


@pytest.fixture
def upgrade(tmp_path):
    """upgrade.sh in a copy of the application folder whose every outside command is a
    stub: returns a function that runs it and gives the log of the calls."""
    app = tmp_path / "app"
    (app / "deploy").mkdir(parents=True)
    for name in ("upgrade.sh", "common.sh"):
        shutil.copy2(DEPLOY / name, app / "deploy" / name)
    (app / ".venv" / "bin").mkdir(parents=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    write_stub(app / "deploy", "backup.sh")
    write_stub(app / "deploy", "manage.sh")
    write_stub(app / ".venv" / "bin", "pip")
    write_stub(app / ".venv" / "bin", "python")
    write_stub(
        bin_dir,
        "systemctl",
        body=f'[ "$1" != list-unit-files ] || printf "%s enabled enabled\\n" {ENABLED}',
    )
    write_stub(
        bin_dir,
        "git",
        body='[ "$1" = rev-parse ] && echo 0123abc; [ "$1" = log ] && echo "A change"; true',
    )
    write_stub(bin_dir, "curl")
    write_stub(bin_dir, "id", body='[ "$1" = -u ] && echo 0 || /usr/bin/id "$@"')
    env_file = tmp_path / "env"
    env_file.write_text(
        "DJANGO_SETTINGS_MODULE=config.settings.base\nALLOWED_HOSTS=undebutdereseau.fr\n"
    )
    flag = tmp_path / "maintenance.on"
    log = tmp_path / "calls.log"

    def run(*args: str, fail_on: str = "") -> tuple[subprocess.CompletedProcess, list[str]]:
        result = subprocess.run(  # noqa: S603
            [str(app / "deploy" / "upgrade.sh"), *args],
            env={
                "PATH": f"{bin_dir}:{os.environ['PATH']}",
                "UDR_ENV_FILE": str(env_file),
                "MAINTENANCE_FLAG": str(flag),
                "STUB_LOG": str(log),
                "STUB_APP": str(app),
                "FAIL_ON": fail_on,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        calls = log.read_text().splitlines() if log.exists() else []
        return result, [call for call in calls if " id " not in f" {call} "]

    run.flag = flag
    return run


def test_upgrade_runs_every_step_in_order_behind_the_maintenance_page(upgrade):
    result, calls = upgrade()

    assert result.returncode == 0, result.stdout + result.stderr
    assert calls == [
        "M systemctl list-unit-files --no-legend --state=enabled "
        "undebutdereseau-worker.service undebutdereseau-*.timer",
        f"M systemctl stop {ENABLED}",
        "M backup.sh",
        "M git rev-parse HEAD",
        "M git pull --ff-only --quiet",
        "M git rev-parse --short 0123abc",
        "M git rev-parse --short HEAD",
        "M git log -1 --format=%s",
        "M pip install --quiet --require-virtualenv -r requirements.txt",
        "M python manage.py check --deploy",
        "M manage.sh migrate --noinput",
        "M python manage.py collectstatic --noinput --verbosity 0",
        "M python manage.py compile_translations",
        "M systemctl restart undebutdereseau-web.service",
        f"M systemctl start {ENABLED}",
        "M curl --silent --fail --max-time 5 --output /dev/null --header Host: undebutdereseau.fr "
        "--header X-Forwarded-Proto: https http://127.0.0.1:8000/healthz",
        "- git describe --always --tags",
    ]
    assert not upgrade.flag.exists()


def test_upgrade_to_a_tag_checks_it_out(upgrade):
    result, calls = upgrade("--no-backup", "v1.4.0")

    assert result.returncode == 0, result.stderr
    assert "M backup.sh" not in calls
    assert "M git fetch --tags --quiet origin" in calls
    assert "M git checkout --quiet v1.4.0" in calls


def test_a_failed_migration_leaves_the_site_in_maintenance_with_what_to_do(upgrade):
    result, calls = upgrade(fail_on="manage.sh migrate")

    assert result.returncode != 0
    assert upgrade.flag.exists()
    assert not any("restart" in call or "collectstatic" in call for call in calls)
    assert "still showing the maintenance page" in result.stderr
    assert "systemctl start undebutdereseau-worker.service" in result.stderr


def test_the_example_environment_file_passes_djangos_deploy_checks():
    # As the services read it, with a real secret instead of the placeholder.
    script = (
        f'load_env_file "{DEPLOY}/env.example"; '
        'export SECRET_KEY="$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"; '
        f'cd "{REPO}"; "{sys.executable}" manage.py check --deploy --fail-level WARNING'
    )

    result = bash_with_common(script, env={"HOME": os.environ.get("HOME", "/tmp")})  # noqa: S108

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
