"""The members part of `make bench`: who signs in, which pages, the reminder command.

The people are picked in the generated data (tests.bench.members_dataset), each the
heaviest of their kind: the young person of a request with 30 messages, the professional
who received the most requests, a counsellor of the structure with the most young
people. Each gets a session made directly in the session store (nobody types a
password); the load generator sends its cookie. A counsellor's session also holds the
mark RequireSecondFactorMiddleware leaves once it has seen the second factor, as after a
real sign-in with a TOTP code: production code is not changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from pathlib import Path

from tests.bench.members_dataset import EMAIL_DOMAIN, PAGE_MESSAGES

# Issue 4: every member page p95 < 150 ms at 10 clients; the reminder run under 60 s.
MEMBERS_MAX_P95_MS = 150.0
# Issue 16: figures pages and their exports read a whole structure's history.
FIGURES_MAX_P95_MS = 300.0
REMINDERS_MAX_SECONDS = 60.0
# What production uses (config.settings.base): the command queues, a worker sends.
PRODUCTION_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass
class Persona:
    label: str
    user: object
    cookie: str = ""
    request_id: int | None = None  # the young person's request with 30 messages
    structure_size: int = 0  # the counsellor's young people


@dataclass
class CommandResult:
    name: str
    seconds: float
    target_s: float
    returncode: int
    output: list[str] = field(default_factory=list)
    reset_rows: int = 0

    @property
    def passed(self) -> bool:
        return self.returncode == 0 and self.seconds < self.target_s


def _bench_users():
    from members.models import User

    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_active=True)


def find_personas() -> dict[str, Persona]:
    """The heaviest young person, professional and counsellor of the dataset."""
    from django.db.models import Count

    from members.models import HelpRequest, Message, User

    personas: dict[str, Persona] = {}
    # A request page with about 30 messages, read by its young person.
    conversation = (
        Message.objects.filter(request__state="accepted")
        .values("request_id")
        .annotate(count=Count("pk"))
        .filter(count=PAGE_MESSAGES)
        .order_by("request_id")
        .first()
    )
    if conversation:
        help_request = HelpRequest.objects.select_related("young_person").get(
            pk=conversation["request_id"]
        )
        personas["young"] = Persona(
            "young person", help_request.young_person, request_id=help_request.pk
        )
    busiest = (
        HelpRequest.objects.filter(professional__email__endswith=f"@{EMAIL_DOMAIN}")
        .values("professional_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "professional_id")
        .first()
    )
    if busiest:
        personas["professional"] = Persona(
            "professional", User.objects.get(pk=busiest["professional_id"])
        )
    biggest = (
        _bench_users()
        .filter(role="young")
        .values("structure_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "structure_id")
        .first()
    )
    if biggest:
        counsellor = (
            _bench_users()
            .filter(role="counsellor", structure_id=biggest["structure_id"])
            .order_by("pk")
            .first()
        )
        if counsellor:
            personas["counsellor"] = Persona(
                "counsellor", counsellor, structure_size=biggest["count"]
            )
        referent = (
            _bench_users()
            .filter(role="referent", structure_id=biggest["structure_id"])
            .order_by("pk")
            .first()
        )
        if referent:
            personas["referent"] = Persona("referent", referent, structure_size=biggest["count"])
    moderator = User.objects.filter(role="moderator", is_active=True).order_by("pk").first()
    if moderator:
        personas["moderator"] = Persona("moderator", moderator)
    contact = _company_contact()
    if contact:
        personas["company"] = Persona("company contact", contact)
    return personas


def _company_contact():
    """The contact of the company with the most volunteers (made once in the bench's
    database: the generated data has none)."""
    from django.db.models import Count

    from members.models import ProfessionalProfile, User

    busiest = (
        ProfessionalProfile.objects.exclude(company=None)
        .values("company_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "company_id")
        .first()
    )
    if busiest is None:
        return None
    contact, _ = User.objects.get_or_create(
        email=f"bench.entreprise.{busiest['company_id']}@{EMAIL_DOMAIN}",
        defaults={
            "role": "company_contact",
            "company_id": busiest["company_id"],
            "first_name": "Contact",
            "last_name": "Entreprise",
        },
    )
    return contact


def open_session(user) -> str:
    """A signed-in session for ``user`` in the bench's session store; the cookie value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from members.accounts.middleware import RequireSecondFactorMiddleware

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.requires_mfa:
        # What the middleware stores once it has seen the account's TOTP device.
        store[RequireSecondFactorMiddleware.SESSION_KEY] = user.pk
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _url(name: str, *args, query: str = "") -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


def discover(target_class) -> tuple[list, list[str], dict[str, Persona]]:
    """The member pages to measure (``target_class`` is tests.bench.run.Target), notes on
    those that could not be built, and who they are measured as."""
    from urllib.parse import urlencode

    from members.models import ProfessionalProfile, Sector

    personas = find_personas()
    notes = []
    for persona in personas.values():
        persona.cookie = open_session(persona.user)
    young, pro, counsellor = (personas.get(k) for k in ("young", "professional", "counsellor"))
    targets = []

    def add(name, persona, url_name, *args, query="", max_p95_ms=MEMBERS_MAX_P95_MS):
        if persona is None:
            notes.append(f"{name}: nobody in the dataset to measure it with")
            return
        url = _url(url_name, *args, query=query)
        targets.append(
            target_class(name, url, members=True, cookie=persona.cookie, max_p95_ms=max_p95_ms)
        )

    sector = Sector.objects.filter(code="F").first()
    search = {"q": "electricien chantier"}
    if sector:
        search["sector"] = sector.pk
    add("directory", young, "members:directory")
    add("directory search", young, "members:directory", query=urlencode(search))
    busiest_profile = (
        ProfessionalProfile.objects.filter(user=pro.user).values_list("pk", flat=True).first()
        if pro
        else None
    )
    if busiest_profile:
        add("professional page", young, "members:professional", busiest_profile)
    if young is not None and young.request_id:
        add(
            f"request ({PAGE_MESSAGES} messages)", young, "members:request-detail", young.request_id
        )
    else:
        notes.append(f"request page: no accepted request with {PAGE_MESSAGES} messages")
    add("young dashboard", young, "members:dashboard")
    add("professional dashboard", pro, "members:dashboard")
    add("counsellor dashboard", counsellor, "members:dashboard")
    add("requests (counsellor)", counsellor, "members:requests")
    add("requests (professional)", pro, "members:requests")
    add("notifications", pro, "members:notifications")
    # Issue 16: a structure's figures over its whole history, and their exports.
    referent = personas.get("referent")
    all_time = {"period": "dates", "start": "2020-01-01", "end": date.today().isoformat()}
    figures = {"max_p95_ms": FIGURES_MAX_P95_MS}
    add("figures (referent)", referent, "members:impact", query=urlencode(all_time), **figures)
    add(
        "figures CSV (referent)",
        referent,
        "members:impact-export",
        query=urlencode(all_time | {"format": "csv"}),
        **figures,
    )
    add(
        "requests XLSX (counsellor)",
        counsellor,
        "members:impact-requests-export",
        query=urlencode(all_time | {"format": "xlsx"}),
        **figures,
    )
    # The association's figures (every structure) and a company's, over the current year.
    moderator, company = personas.get("moderator"), personas.get("company")
    add("figures (association)", moderator, "members:impact-network", **figures)
    add(
        "figures CSV (association)",
        moderator,
        "members:impact-network-export",
        query="format=csv",
        **figures,
    )
    add("figures (company)", company, "members:company-figures", **figures)
    return targets, notes, personas


def describe_personas(personas: dict[str, Persona]) -> list[str]:
    """One line per person: who the member pages are measured as."""
    from members.models import HelpRequest, Message

    lines = []
    young = personas.get("young")
    if young:
        lines.append(
            f"young person #{young.user.pk}: {young.user.help_requests.count()} requests, "
            f"request #{young.request_id} with "
            f"{Message.objects.filter(request_id=young.request_id).count()} messages"
        )
    pro = personas.get("professional")
    if pro:
        lines.append(
            f"professional #{pro.user.pk}: "
            f"{HelpRequest.objects.filter(professional=pro.user).count()} requests received"
        )
    counsellor = personas.get("counsellor")
    if counsellor:
        lines.append(
            f"counsellor #{counsellor.user.pk}: structure #{counsellor.user.structure_id} "
            f"({counsellor.structure_size} young people, "
            f"{HelpRequest.objects.filter(structure_id=counsellor.user.structure_id).count()} "
            "requests)"
        )
    for key in ("moderator", "company"):
        if key in personas:
            person = personas[key]
            lines.append(f"{person.label} #{person.user.pk}: their figures page")
    referent = personas.get("referent")
    if referent:
        lines.append(f"referent #{referent.user.pk}: the same structure's figures and exports")
    return lines


def queued_emails() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult")
        return cursor.fetchone()[0]


def time_reminders(repo: Path, settings_module: str) -> CommandResult:
    """``manage.py send_request_reminders`` on the bench database, timed from the shell's
    point of view (interpreter and Django start-up included), the pool reset first, its
    emails queued in the database as in production (none is sent)."""
    from django.db import connections

    from tests.bench import members_dataset

    reset_rows = members_dataset.reset_reminder_windows()
    connections.close_all()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "BENCH_TASKS_BACKEND": PRODUCTION_TASKS_BACKEND,
    }
    began = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "send_request_reminders"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    output = [line for line in completed.stdout.splitlines() if line.strip()]
    output.append(f"{queued_emails()} emails queued for the worker")
    if completed.returncode:
        output += completed.stderr.strip().splitlines()[-5:]
    return CommandResult(
        "send_request_reminders",
        seconds,
        REMINDERS_MAX_SECONDS,
        completed.returncode,
        output,
        reset_rows,
    )
