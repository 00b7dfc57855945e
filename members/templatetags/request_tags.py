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
from html import escape

from django import template
from django.db.models import Model
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dates import MONTHS
from django.utils.encoding import force_str
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from members.models.accounts import public_name_of

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


def _escaped_request_url_parts(language: str | None) -> tuple[str, str]:
    """What comes before and after the pk in a request page's URL, escaped for HTML."""
    parts = _url_parts("members:request-detail", get_urlconf(), get_script_prefix(), language)
    return escape(parts[0]), escape(parts[1])


@register.filter
def request_url(pk: int) -> str:
    """The request page of request ``pk``, as ``{% url 'members:request-detail' %}``."""
    return pk_url("members:request-detail", pk)


@register.filter
def professional_url(pk: int) -> str:
    """A professional's page in the directory, as ``{% url 'members:professional' %}``."""
    return pk_url("members:professional", pk)


@register.filter
def notification_url(pk: int) -> str:
    """Opening notification ``pk``, as ``{% url 'members:notification-open' %}``."""
    return pk_url("members:notification-open", pk)


@register.filter
def message_report_url(pk: int) -> str:
    """The report page of message ``pk``, as ``{% url 'members:message-report' %}``."""
    return pk_url("members:message-report", pk)


@register.simple_tag(takes_context=True)
def request_table_rows(context: template.Context, rows) -> SafeString:
    """The ``<tr>`` of requests/includes/request_table.html, one a request of ``rows``.

    Built here rather than in a ``{% for %}``: the template spent ~0.1 ms a row on variable
    lookups, filters and a plural, which made a counsellor's list of 150 requests cost
    ~17 ms. What does not change from row to row (labels, the URL's shape, month names,
    in the active language) is looked up once; every text is escaped, as autoescape does.
    The output is the template's: the same cells, the date as ``|date:"j F Y"`` in the
    current time zone. Columns follow the reader's role: no young person column for a
    young person, no professional column for a professional, who sees the young person's
    public name only.
    """
    from members.models import HelpRequest

    role = context["user"].role
    language = get_language()
    kinds = _labels(HelpRequest, "kind", language)
    states = _labels(HelpRequest, "state", language)
    before, after = _escaped_request_url_parts(language)
    # html.escape is what django.utils.html.escape does, without its lazy-string wrapper.
    deleted = escape(gettext("Membre supprimé"))
    months: dict[int, str] = {}
    html = []
    for help_request in rows:
        kind = escape(_label(kinds, help_request.kind))
        unread = getattr(help_request, "unread_count", 0)
        badge = (
            ' <span class="badge unread-badge">'
            + escape(
                ngettext("%(counter)s message non lu", "%(counter)s messages non lus", unread)
                % {"counter": unread}
            )
            + "</span>"
            if unread
            else ""
        )
        row = f'<tr><td><a href="{before}{int(help_request.pk)}{after}">{kind}</a>{badge}</td>'
        if role != "young":
            name = _person_name(help_request, "young", public=role == "professional")
            row += f"<td>{escape(name) if name else deleted}</td>"
        if role != "professional":
            name = _person_name(help_request, "professional")
            row += f"<td>{escape(name) if name else deleted}</td>"
        state = escape(str(help_request.state))
        row += (
            f'<td><span class="badge request-state request-state-{state}">'
            f"{escape(_label(states, help_request.state))}</span></td>"
        )
        sent = "—"
        if help_request.sent_at:
            day = template_localtime(help_request.sent_at)
            if day.month not in months:
                months[day.month] = escape(str(MONTHS[day.month]))
            sent = f"{day.day} {months[day.month]} {day.year:04d}"
        html.append(f"{row}<td>{sent}</td></tr>")
    return mark_safe("\n".join(html))  # noqa: S308 - every text in it escaped above


def _person_name(help_request, side: str, *, public: bool = False) -> str:
    """The full name (``User.get_full_name``) or, if ``public``, the public name of the
    request's young person or professional (``side``), from the names
    ``HelpRequestQuerySet.with_people_names`` read; "" for a deleted member."""
    first_name = getattr(help_request, f"{side}_first_name")
    if first_name is None:
        return ""
    last_name = getattr(help_request, f"{side}_last_name")
    if public:
        return public_name_of(first_name, last_name)
    return f"{first_name} {last_name}".strip()


def _label(labels: dict, value) -> str:
    try:
        return labels[value]
    except (KeyError, TypeError):
        return force_str(value)


@register.simple_tag(takes_context=True)
def conversation_items(context: template.Context, conversation) -> SafeString:
    """The ``<li>`` of requests/_conversation.html, one a message ``Entry``
    (members.services.messages.conversation), as the template's loop wrote them (~0.15 ms
    a message there): labels and month names looked up once, every text escaped; the
    message's HTML (``entry.html``) is already safe. A message whose contact details are
    masked for this reader says why under it."""
    user = context["user"]
    moderator = user.is_moderator
    removed = escape(gettext("Retiré par la modération"))
    report = escape(gettext("Signaler"))
    masked_note = escape(
        gettext(
            "Coordonnées masquées : dans un échange avec un·e mineur·e, les numéros de "
            "téléphone, adresses e-mail et comptes de réseaux sociaux ne sont pas partagés. "
            "Le conseiller ou la conseillère qui suit l’échange voit le message complet."
        )
    )
    language = get_language()
    before, after = (
        escape(part)
        for part in _url_parts(
            "members:message-report", get_urlconf(), get_script_prefix(), language
        )
    )
    months: dict[int, str] = {}
    items = []
    for entry in conversation:
        message = entry.message
        moment = template_localtime(message.created_at)
        if moment.month not in months:
            months[moment.month] = escape(str(MONTHS[moment.month]))
        classes = "message"
        if entry.mine:
            classes += " message-mine"
        if entry.hidden:
            classes += " message-hidden"
        name = escape(entry.author_name)
        item = (
            f'<li class="{classes}" id="message-{int(message.pk)}">'
            f'<p class="message-meta"><strong>{name}</strong> · '
            f'<time datetime="{escape(moment.isoformat())}">'
            f"{moment.day} {months[moment.month]} {moment.year:04d}, "
            f"{moment.hour:02d}:{moment.minute:02d}</time>"
        )
        if entry.hidden and moderator:
            item += f' · <span class="badge badge-rejected">{removed}</span>'
        item += f'</p><div class="message-body">{conditional_escape(entry.html)}</div>'
        if entry.masked:
            item += f'<p class="message-masked help">{masked_note}</p>'
        if entry.can_report:
            whose = escape(message_of(entry.author_name))
            item += (
                f'<p class="message-report"><a href="{before}{int(message.pk)}{after}">'
                f'{report}<span class="visually-hidden"> {whose}</span></a></p>'
            )
        items.append(f"{item}</li>")
    return mark_safe("\n".join(items))  # noqa: S308 - every text in it escaped above


# Where French elides "de" before a name: "le message d’Inès", "le message de Karim".
_ELIDING = frozenset("aeiouyàâäéèêëîïôöùûüœæ")


def message_of(name: str) -> str:
    """ "le message de Karim", "le message d’Inès": the visually hidden end of a report
    link. Both forms are msgids, the other languages translate each one."""
    if name[:1].lower() in _ELIDING and name[:2].lower() not in ("ya", "ye", "yo", "yu"):
        return gettext("le message d’%(name)s") % {"name": name}
    return gettext("le message de %(name)s") % {"name": name}


@register.filter
def young_person_url(pk: int) -> str:
    """A young person's page (profile ``pk``), as ``{% url 'members:young-person' %}``."""
    return pk_url("members:young-person", pk)


def days_ago_note(note: str, days: int) -> str:
    """The note under a request of a counsellor's dashboard list: "stale" (sent ``days``
    ago, still unanswered) or "long" (accepted ``days`` ago). Literal msgids, so that
    makemessages finds them, and a sentence of its own for today."""
    if note == "stale":
        if days <= 0:
            return gettext("Envoyée aujourd’hui")
        return ngettext("Envoyée il y a %(days)s jour", "Envoyée il y a %(days)s jours", days) % {
            "days": days
        }
    if days <= 0:
        return gettext("Acceptée aujourd’hui")
    return ngettext("Acceptée il y a %(days)s jour", "Acceptée il y a %(days)s jours", days) % {
        "days": days
    }


# The note under a request of a counsellor's dashboard list: the number of days it counts.
_NOTE_DAYS = {"stale": "days_waiting", "long": "days_accepted"}


@register.simple_tag
def counsellor_items(rows, note: str = "") -> SafeString:
    """The ``<li>`` of a counsellor's dashboard list (formerly a request_item.html include,
    ~0.06 ms a request there, 50 a page), with the list's ``note``: "stale" (days
    waiting), "long" (days since accepted), "to_read" (the last message's date) or none.
    Labels looked up once a list; every text escaped, as autoescape does."""
    from members.models import HelpRequest

    language = get_language()
    kinds = _labels(HelpRequest, "kind", language)
    before, after = _escaped_request_url_parts(language)
    deleted = escape(gettext("Membre supprimé"))
    months: dict[int, str] = {}
    items = []
    for help_request in rows:
        young_name = _person_name(help_request, "young")
        pro_name = _person_name(help_request, "professional")
        item = (
            f'<li><a href="{before}{int(help_request.pk)}{after}">'
            f"{escape(_label(kinds, help_request.kind))}</a>"
            f" — {escape(young_name) if young_name else deleted}"
            f" → {escape(pro_name) if pro_name else deleted}"
        )
        text = ""
        if note in _NOTE_DAYS:
            text = days_ago_note(note, getattr(help_request, _NOTE_DAYS[note]))
        elif note == "to_read":
            when = ""
            if help_request.last_message_at:
                moment = template_localtime(help_request.last_message_at)
                if moment.month not in months:
                    months[moment.month] = str(MONTHS[moment.month])
                when = f"{moment.day} {months[moment.month]}, {moment.hour:02d}:{moment.minute:02d}"
            text = gettext("Dernier message le %(date)s") % {"date": when}
        if text:
            item += f'\n<br><span class="help">{escape(text)}</span>'
        items.append(f"{item}\n</li>")
    return mark_safe("\n".join(items))  # noqa: S308 - every text in it escaped above


@register.simple_tag
def young_people_items(profiles) -> SafeString:
    """The ``<li>`` of the young people a counsellor follows on their dashboard, each with
    their open requests (``profile.open_requests``), as the template's nested loops wrote
    them (~0.07 ms a request there): labels looked up once, every text escaped."""
    from members.models import HelpRequest

    language = get_language()
    kinds = _labels(HelpRequest, "kind", language)
    states = _labels(HelpRequest, "state", language)
    before, after = _escaped_request_url_parts(language)
    person_before, person_after = (
        escape(part)
        for part in _url_parts("members:young-person", get_urlconf(), get_script_prefix(), language)
    )
    deleted = escape(gettext("Membre supprimé"))
    nothing_open = escape(gettext("Aucune demande en cours."))
    items = []
    for profile in profiles:
        item = (
            f'<li>\n<a href="{person_before}{int(profile.pk)}{person_after}">'
            f"{escape(profile.user.get_full_name())}</a>\n"
        )
        requests = []
        for help_request in profile.open_requests:
            pro_name = _person_name(help_request, "professional")
            state = escape(str(help_request.state))
            requests.append(
                f'<li><a href="{before}{int(help_request.pk)}{after}">'
                f"{escape(_label(kinds, help_request.kind))}</a>"
                f" — {escape(pro_name) if pro_name else deleted}"
                f' <span class="badge request-state request-state-{state}">'
                f"{escape(_label(states, help_request.state))}</span></li>"
            )
        if requests:
            item += "<ul>\n" + "\n".join(requests) + "\n</ul>"
        else:
            item += f'<br><span class="help">{nothing_open}</span>'
        items.append(f"{item}\n</li>")
    return mark_safe("\n".join(items))  # noqa: S308 - every text in it escaped above


@register.simple_tag
def people_items(profiles, with_age: bool = False) -> SafeString:
    """The ``<li>`` of a list of young people on a counsellor's dashboard: each one's full
    name and, ``with_age``, their age, as the template's loop wrote them."""
    items = []
    for profile in profiles:
        item = escape(profile.user.get_full_name())
        if with_age:
            age = profile.age
            item += " — " + escape(ngettext("%(age)s an", "%(age)s ans", age) % {"age": age})
        items.append(f"<li>{item}</li>")
    return mark_safe("".join(items))  # noqa: S308 - every text in it escaped above
