"""The systemd units of deploy/systemd/: valid for systemd, each scheduled command on its
timer, every command they start exists, and the site's services run confined."""

from __future__ import annotations

import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest
from django.core.management import get_commands

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
APP = "/srv/undebutdereseau/app"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")

SCHEDULES = {
    "undebutdereseau-send-request-reminders": ("send_request_reminders", "hourly"),
    "undebutdereseau-send-notification-digest": (
        "send_notification_digest",
        "*-*-* 07:00:00 Europe/Paris",
    ),
    "undebutdereseau-purge-inactive-members": (
        "purge_inactive_members",
        "*-*-* 03:30:00 Europe/Paris",
    ),
    "undebutdereseau-prune-task-results": (
        "prune_db_task_results --min-age-days 30",
        "*-*-* 04:00:00 Europe/Paris",
    ),
    "undebutdereseau-prune-outbox": ("prune_outbox --days 90", "*-*-* 04:15:00 Europe/Paris"),
    "undebutdereseau-recover-stale-tasks": ("recover_stale_tasks", "*:0/5"),
}
SITE_SERVICES = ["undebutdereseau-web", "undebutdereseau-worker", *SCHEDULES]


def unit(name: str) -> ConfigParser:
    parser = ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNITS / name)
    return parser


def manage_py_command(service: str) -> str:
    exec_start = unit(f"{service}.service")["Service"]["ExecStart"]
    assert exec_start.startswith(f"{APP}/.venv/bin/python manage.py "), exec_start
    return exec_start.removeprefix(f"{APP}/.venv/bin/python manage.py ")


@pytest.fixture
def installed_units(tmp_path):
    """The units with their programs at this checkout's paths, so that systemd finds them."""
    python = Path(sys.executable)
    for source in UNITS.iterdir():
        text = source.read_text()
        text = text.replace(f"{APP}/.venv/bin/python", str(python))
        text = text.replace(f"{APP}/.venv/bin/gunicorn", str(python.with_name("gunicorn")))
        text = text.replace(APP, str(REPO))
        (tmp_path / source.name).write_text(text)
    return tmp_path


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed")
def test_systemd_finds_nothing_to_say_about_the_units(installed_units):
    files = sorted(installed_units.iterdir())
    assert {path.suffix for path in files} == {".service", ".timer"}

    result = subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "verify", "--man=no", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        cwd=installed_units,
    )

    # verify exits 0 on an unknown key or a bad value: any line about our units is a fault.
    about_ours = [
        line for line in (result.stdout + result.stderr).splitlines() if "undebutdereseau" in line
    ]
    assert result.returncode == 0, result.stderr
    assert about_ours == []


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed")
def test_systemd_reports_a_broken_unit(installed_units):
    # The check above would pass vacuously if systemd-analyze said nothing at all.
    broken = installed_units / "undebutdereseau-web.service"
    broken.write_text(broken.read_text().replace("ProtectSystem=strict", "ProtectSystem=very"))

    result = subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "verify", "--man=no", str(broken)],
        capture_output=True,
        text=True,
        check=False,
        cwd=installed_units,
    )

    assert "undebutdereseau-web.service" in result.stderr
    assert "ProtectSystem" in result.stderr or "protect system" in result.stderr


def test_each_scheduled_command_has_its_timer():
    for name, (command, calendar) in SCHEDULES.items():
        assert manage_py_command(name) == command
        service = unit(f"{name}.service")["Service"]
        assert service["Type"] == "oneshot"
        timer = unit(f"{name}.timer")
        assert timer["Timer"]["OnCalendar"] == calendar
        assert timer["Install"]["WantedBy"] == "timers.target"
    timers = {path.stem for path in UNITS.glob("*.timer")}
    assert timers == {*SCHEDULES, "undebutdereseau-backup"}


def test_every_command_the_units_start_exists():
    commands = get_commands()
    started = {
        manage_py_command(name).split()[0] for name in [*SCHEDULES, "undebutdereseau-worker"]
    }

    assert started - set(commands) == set()


def test_the_worker_always_comes_back_and_the_web_reloads_gracefully():
    worker = unit("undebutdereseau-worker.service")["Service"]
    web = unit("undebutdereseau-web.service")["Service"]

    assert manage_py_command("undebutdereseau-worker") == "db_worker"
    assert worker["Restart"] == "always"
    assert web["Type"] == "notify"
    assert web["ExecStart"] == (f"{APP}/.venv/bin/gunicorn --config {APP}/deploy/gunicorn.conf.py")
    assert web["ExecReload"] == "/bin/kill -s HUP $MAINPID"


@pytest.mark.parametrize("name", SITE_SERVICES)
def test_the_site_runs_as_its_own_user_confined_to_its_media(name):
    service = unit(f"{name}.service")["Service"]

    assert service["User"] == service["Group"] == "undebutdereseau"
    assert service["EnvironmentFile"] == "/etc/undebutdereseau/env"
    assert service["WorkingDirectory"] == APP
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "yes"
    assert service["CapabilityBoundingSet"] == ""
    writable = service["ReadWritePaths"].split()
    assert writable == [
        "-/var/www/undebutdereseau/media",
        "-/var/www/undebutdereseau/private-media",
    ]


def test_the_backup_runs_the_backup_script_as_a_limited_root():
    service = unit("undebutdereseau-backup.service")["Service"]

    assert service["ExecStart"] == f"{APP}/deploy/backup.sh"
    assert service["ReadWritePaths"] == "/var/backups/undebutdereseau"
    assert service["NoNewPrivileges"] == "yes"
    assert set(service["CapabilityBoundingSet"].split()) == {
        "CAP_DAC_READ_SEARCH",
        "CAP_SETUID",
        "CAP_SETGID",
    }
