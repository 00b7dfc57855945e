"""Accepting an invitation (the young-people helper implements the page)."""

from django.http import Http404


def accept_invitation(request, token: str):
    raise Http404
