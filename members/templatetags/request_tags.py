"""Cheap forms of what the requests lists and dashboards show on every row.

``{{ help_request|choice_label:"kind" }}`` is ``help_request.get_kind_display`` and
``{{ help_request.pk|request_url }}`` is ``{% url 'members:request-detail' pk=… %}`` (and
``message_report_url`` is ``{% url 'members:message-report' pk=… %}``), with
the same output. Django's versions cost about 0.1 ms a call (``get_FOO_display`` builds a
dict of every translated label; ``reverse`` walks the URL resolver), which made a list of
200 requests spend most of its time there. Here the labels of each field and the URL's
shape are computed once per language (and URL configuration), then looked up.
"""

from __future__ import annotations

import functools

from django import template
from django.db.models import Model
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.translation import get_language

register = template.Library()

# A pk no request has: it marks where the pk goes in the reversed URL.
_PK_MARK = "987654321"


@functools.cache
def _labels(model: type[Model], field_name: str, language: str | None) -> dict:
    """{value: label} of a field with choices, in ``language`` (the active one)."""
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def choice_label_of(obj: Model, field_name: str) -> str:
    """What ``obj.get_<field_name>_display()`` returns, from the cached labels."""
    value = getattr(obj, field_name)
    labels = _labels(type(obj), field_name, get_language())
    try:
        return labels[value]
    except (KeyError, TypeError):
        return force_str(value, strings_only=True)


@register.filter
def choice_label(obj: Model, field_name: str) -> str:
    return choice_label_of(obj, field_name)


@functools.cache
def _url_parts(
    name: str, urlconf: str | None, prefix: str, language: str | None
) -> tuple[str, str]:
    url = reverse(name, kwargs={"pk": int(_PK_MARK)})
    before, _mark, after = url.partition(_PK_MARK)
    return before, after


def pk_url(name: str, pk: int) -> str:
    """``reverse(name, kwargs={"pk": pk})`` for a URL whose only argument is an int pk."""
    before, after = _url_parts(name, get_urlconf(), get_script_prefix(), get_language())
    return f"{before}{int(pk)}{after}"


@register.filter
def request_url(pk: int) -> str:
    """The request page of request ``pk``, as ``{% url 'members:request-detail' %}``."""
    return pk_url("members:request-detail", pk)


@register.filter
def message_report_url(pk: int) -> str:
    """The report page of message ``pk``, as ``{% url 'members:message-report' %}``."""
    return pk_url("members:message-report", pk)
