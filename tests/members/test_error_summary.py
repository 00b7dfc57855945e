"""Every form with errors opens with one error summary (templates/includes/error_summary.html):
how many fields to correct, a link to each field, focused on load by a static script."""

import re

import pytest
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
