"""Show a message's body in a template: ``{{ message.body|message_html:masked }}``.

``masked`` comes from :func:`members.services.messages.masks_contacts` for the reader;
the rules (escaping, links, masking) are :func:`members.services.messages.render_body`'s.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from members.services.messages import render_body

register = template.Library()


@register.filter
def message_html(body: str, masked: bool = False) -> SafeString:
    return render_body(body or "", mask_contacts=bool(masked))
