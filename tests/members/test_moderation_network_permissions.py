"""The Moderators group reads reports, requests and messages; editors get none of it."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

NETWORK_PERMISSIONS = {"view_report", "change_report", "view_helprequest", "view_message"}


def test_moderators_group_may_handle_reports_and_read_requests():
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert NETWORK_PERMISSIONS <= codenames
    # Reading only: nobody edits or deletes a request or a message in the admin.
    assert not {"change_helprequest", "delete_helprequest", "change_message"} & codenames


def test_editors_group_gets_none_of_it():
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert not NETWORK_PERMISSIONS & codenames
