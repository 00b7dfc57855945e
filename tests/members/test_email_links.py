"""Links in emails are on the site's configured address (WAGTAILADMIN_BASE_URL), port
included: `PORT=8800 make run` sets it to http://127.0.0.1:8800, and an invitation sent
then must not point to port 8000."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from config.site_url import absolute_url

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"https?://[^\s\"'<>]+")


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8800")
def test_a_referents_invitation_links_to_the_port_the_site_is_served_on(
    client, referent, django_capture_on_commit_callbacks
):
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:team-invite"),
            {"first_name": "Nadia", "last_name": "Roux", "email": "nadia@example.org"},
        )

    assert response.status_code == 302
    (message,) = mail.outbox
    links = LINK.findall(message.body)
    assert any("/invitation/" in link for link in links)
    assert all(link.startswith("http://127.0.0.1:8800/") for link in links), links
    # The HTML part: the same links, clickable, on the same address.
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    hrefs = re.findall(r'<a href="([^"]+)"', html)
    assert any("/invitation/" in href for href in hrefs)
    assert all(href.startswith("http://127.0.0.1:8800/") for href in hrefs), hrefs


@override_settings(WAGTAILADMIN_BASE_URL="https://reseau.example.org/")
def test_absolute_url_joins_the_configured_address_and_keeps_absolute_urls():
    assert absolute_url("/fr/espace/") == "https://reseau.example.org/fr/espace/"
    assert absolute_url("https://autre.example.org/x/") == "https://autre.example.org/x/"


MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_run_gives_the_site_the_address_runserver_listens_on(tmp_path):
    """`PORT=8800 make run`: every command it runs (load_demo, runserver) sees
    WAGTAILADMIN_BASE_URL=http://127.0.0.1:8800, so emails link to port 8800."""
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "$WAGTAILADMIN_BASE_URL $*"\n')
    python.chmod(0o755)
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than the fake Python: nothing to install
    os.utime(stamp, (time.time() + 60, time.time() + 60))

    result = subprocess.run(  # noqa: S603
        [MAKE, "-s", "-C", str(ROOT), "run", "PORT=8800", f"PY={python}", f"STAMP={stamp}"],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"},
    )

    lines = result.stdout.splitlines()
    assert "http://127.0.0.1:8800 manage.py load_demo" in lines
    assert "http://127.0.0.1:8800 manage.py runserver 127.0.0.1:8800" in lines


def test_no_module_builds_the_sites_address_by_hand():
    """One helper (config.site_url) reads the setting; the others call it."""
    readers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("config", "home", "members", "network", "outbox", "stories")
        for path in (ROOT / folder).rglob("*.py")
        if "settings.WAGTAILADMIN_BASE_URL" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["config/site_url.py"]
