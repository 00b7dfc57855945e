"""Every form with errors opens with one error summary (templates/includes/error_summary.html):
how many fields to correct, a link to each field, focused on load by a static script."""

import functools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.members.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def _summary(content: str) -> str:
    found = re.search(r"<div class=\"form-errors error-summary\".*?</div>", content, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_an_empty_request_form_opens_with_a_summary_linking_to_each_field(client, young_person):
    professional = ProfessionalFactory()
    client.force_login(young_person)

    response = client.post(
        reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk}),
        {"send": "1"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    content = response.content.decode()
    summary = _summary(content)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "data-error-summary" in summary
    assert f"Il y a {len(form.errors)} erreur" in summary
    for name in form.errors:
        field = form[name]
        target = field.id_for_label or f"{field.auto_id}_0"
        assert f'href="#{target}"' in summary
        assert f'id="{target}"' in content
    assert "js/error-summary.js" in content
    # The summary comes before the first field.
    assert content.index("data-error-summary") < content.index('id="id_hopes"')


# Every form that can come back with errors has the summary -------------------------------

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SUMMARY = "includes/error_summary.html"
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
# What a person types or chooses in: a visible input, a textarea, a select, or a Django
# form's fields rendered by an include or a variable.
CONTROLS = re.compile(
    r"<(?:textarea|select)\b|<input\b(?![^>]*type=\"hidden\")|\{%\s*include\b"
    r"|\{\{\s*(?:form|field)\b|as_field_group",
    re.I,
)
INCLUDE = re.compile(r"\{%\s*include\s+\"([^\"]+)\"")
# Forms with fields whose errors never come back in the form, each with why.
EXEMPT = {
    ("members/onboarding/applicants.html", 0): "one row per applicant: an invalid birth date "
    "comes back as a message above the list, naming the applicant (members.onboarding.views)",
    ("members/onboarding/applicants.html", 1): "the optional reason cannot be invalid",
}
# The Wagtail admin's pages show errors the admin's way.
ADMIN_FOLDERS = ("members/moderation/", "home/admin/", "wagtail_localize/")


@functools.cache
def shows_summary(name: str) -> bool:
    """Whether the template ``name`` or one it includes renders the error summary."""
    path = TEMPLATES / name
    if not path.exists():  # a library's template: not ours to check
        return False
    text = path.read_text()
    return SUMMARY in text or any(shows_summary(child) for child in INCLUDE.findall(text))


def forms_to_check():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(ADMIN_FOLDERS):
            continue
        for index, found in enumerate(FORM.finditer(path.read_text())):
            attributes, body = found.groups()
            method = re.search(r"method=\"([^\"]+)\"", attributes, re.I)
            yield name, index, (method.group(1).lower() if method else "get"), body


def needs_summary(method: str, body: str) -> bool:
    if method == "post":
        # A form of hidden fields and buttons (sign out, resend, mark as read) has nothing
        # to correct.
        return bool(CONTROLS.search(body.replace("{% csrf_token %}", "")))
    # A GET form rendering a Django form's fields (filters) can come back with errors; a
    # plain search box cannot.
    return "form_field.html" in body or "as_field_group" in body or "{{ field" in body


def test_every_form_that_can_come_back_with_errors_opens_with_the_summary():
    missing = []
    checked = 0
    for name, index, method, body in forms_to_check():
        if method.startswith("{{"):
            continue  # allauth's form element: its fields element is checked below
        if (name, index) in EXEMPT or not needs_summary(method, body):
            continue
        checked += 1
        if SUMMARY not in body and not any(shows_summary(child) for child in INCLUDE.findall(body)):
            missing.append(f"{name} (form {index + 1})")
    assert missing == []
    assert checked > 30  # the scan found the forms
    # allauth's own pages built from elements render their fields through this one.
    assert shows_summary("allauth/elements/fields.html")


def test_a_wrong_password_opens_the_sign_in_page_with_the_summary(client):
    from tests.members.factories import YoungPersonFactory

    YoungPersonFactory(email="ines@example.org")
    response = client.post(
        reverse("account_login"), {"login": "ines@example.org", "password": "pas-le-bon"}
    )
    summary = _summary(response.content.decode())
    assert "sauf le mot de passe, à retaper" in summary


def test_a_team_invitation_with_errors_opens_with_the_summary(client, structure):
    from tests.members.factories import ReferentFactory

    client.force_login(ReferentFactory(structure=structure))
    response = client.post(reverse("members:team-invite"), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    summary = _summary(response.content.decode())
    assert 'href="#id_email"' in summary
