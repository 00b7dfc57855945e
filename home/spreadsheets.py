"""Spreadsheets exported from the admin: no cell a spreadsheet could run.

Every export of the site (structures, people, answers to volunteer calls, messages of
the contact form) goes through Wagtail's ``SpreadsheetExportMixin``. What people typed
on the public site ends up in those cells: a first name or a message starting with
``=``, ``+``, ``-`` or ``@`` would be read by Excel or LibreOffice as a formula
(``=HYPERLINK(...)`` sending the sheet's data away, ``+cmd|...`` running a program).
As OWASP advises for CSV injection, such a cell gets a leading apostrophe, which the
spreadsheet shows as text and never runs. The views mix in
:class:`SafeSpreadsheetExportMixin`; :func:`neutralise_cell` is the one rule.
"""

from __future__ import annotations

from typing import Any

from wagtail.contrib.forms.views import SubmissionsListView

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """``value`` as text a spreadsheet shows and never evaluates; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Put before a Wagtail listing view (a ``SpreadsheetExportMixin``): every value and
    heading of its CSV and XLSX exports goes through :func:`neutralise_cell`."""

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        return neutralise_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field: str) -> str:
        # The contact form's headings are the labels editors gave its fields.
        return neutralise_cell(super().get_heading(queryset, field))


class ContactSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """The messages of the contact form and their export. Who may open them is decided
    by the ``filter_form_submissions_for_user`` hook (members/wagtail_hooks.py)."""
