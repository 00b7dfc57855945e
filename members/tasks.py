"""Emails of the members area, sent in the background (django-tasks)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_member_email(to: list[str], template: str, context: dict[str, Any], language: str) -> None:
    """Render ``templates/members/emails/<template>_subject.txt`` and ``<template>.txt``
    in ``language`` and send them. The context holds plain values only (JSON)."""
    with translation.override(language):
        subject = render_to_string(f"members/emails/{template}_subject.txt", context)
        body = render_to_string(f"members/emails/{template}.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
        fail_silently=False,
    )
