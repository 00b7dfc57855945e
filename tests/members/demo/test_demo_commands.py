"""The demo's commands: `load_demo` prints every account, and both demo commands refuse
to run with DEBUG off."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from members import demo
from members.enums import Role
from members.models import User

pytestmark = pytest.mark.usefixtures("home_page")


def test_load_demo_prints_every_member_account_the_code_command_and_the_outbox(db):
    out = io.StringIO()

    # As under `PORT=8800 make run`.
    with override_settings(DEBUG=True, WAGTAILADMIN_BASE_URL="http://127.0.0.1:8800"):
        call_command("load_demo", stdout=out)

    output = out.getvalue()
    for spec in demo.MEMBERS:
        assert spec.email in output and spec.password in output
    assert "python manage.py demo_totp_code <email>" in output
    assert "Courriels envoyés par le site : http://127.0.0.1:8800/dev/courriels/" in output
    assert User.objects.get(email=demo.MODERATOR_EMAIL).role == Role.MODERATOR


@pytest.mark.parametrize("command", [("load_demo",), ("demo_totp_code", demo.MODERATOR_EMAIL)])
def test_demo_commands_refuse_to_run_with_debug_off(db, command):
    """The demo's passwords are in the README and its two-factor secrets in the code: a
    production site (DEBUG off) never gets them."""
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG=1"):
        call_command(*command, stdout=io.StringIO(), stderr=io.StringIO())

    assert not User.objects.filter(email=demo.MODERATOR_EMAIL).exists()
