"""The requests lists read their first page in the order of an index (migration
members/0009), whatever the number of requests."""

import pytest
from django.db import connection

from members.models import HelpRequest
from tests.members.factories import ProfessionalFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="plans of PostgreSQL"),
]


def first_page_plan(queryset):
    with connection.cursor() as cursor:
        # A handful of rows: without this, sorting them is cheaper than any index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    return queryset.order_by("-updated_at", "-pk")[:50].explain()


def test_a_professionals_list_is_read_in_index_order():
    professional = ProfessionalFactory()
    requests = HelpRequest.objects.visible_to(professional).select_related(
        "young_person", "professional", "structure"
    )

    assert "members_hel_profess_096787_idx" in first_page_plan(requests)


def test_a_structures_list_is_read_in_index_order(counsellor):
    requests = HelpRequest.objects.visible_to(counsellor).select_related(
        "young_person", "professional", "structure"
    )

    assert "members_hel_structu_7e490b_idx" in first_page_plan(requests)
