"""The contact page's form and its answer to a POST, protected against scripts
(config.antispam): a honeypot, a time check and a rate limit per address."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from config import antispam

if TYPE_CHECKING:
    from home.models import ContactPage


class ProtectedFormBuilder(FormBuilder):
    """Wagtail's form builder, whose forms carry the honeypot and the time check."""

    def get_form_class(self) -> type[BaseForm]:
        return type("WagtailForm", (antispam.ProtectedFormMixin, BaseForm), self.formfields)


def serve_contact(
    page: ContactPage, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Wagtail's ``FormMixin.serve``, with the protection between validation and storage."""
    if request.method != "POST":
        context = page.get_context(request)
        context["form"] = page.get_form(page=page, user=request.user)
        return TemplateResponse(request, page.get_template(request), context)
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    if form.is_from_bot():
        # The same thank-you page; nothing is stored, nobody is emailed.
        return page.render_landing_page(request, None, *args, **kwargs)
    verdict = None
    if form.is_valid():
        verdict = antispam.admit(request, antispam.CONTACT)
        if verdict.allowed:
            submission = page.process_form_submission(form)
            return page.render_landing_page(request, submission, *args, **kwargs)
        form.add_error(None, verdict.message)
    context = page.get_context(request)
    context.update(form=form, challenge=verdict.challenge if verdict else None)
    status = 200 if verdict is None else 429
    return TemplateResponse(request, page.get_template(request), context, status=status)
