"""Protection of the public forms against scripts (contact, volunteer call answers,
structure registration, join codes).

Three layers, each cheap for a person and costly for a script:

- a honeypot field, hidden from people (CSS and ``aria-hidden``), that scripts fill in;
- a time check: the form carries the signed time it was shown (``django.core.signing``,
  so it cannot be forged) and a form sent back sooner than ``ANTISPAM_MIN_SECONDS`` is
  refused with a message and shown again with what was typed;
- rate limits, per client address and per target (a call's places, the email address a
  registration writes to, a join code), counted in the shared cache (Redis in production,
  so every instance counts together). The address is the one ``config.client_ip`` reads,
  the same that django-axes and allauth's limits count.

Past a limit the form is not simply refused: the server issues a signed, single-use
challenge and the browser (static/js/antispam.js, no third party) finds a nonce such that
``sha256(challenge + nonce)`` starts with ``bits`` zero bits, then the form can be sent
again. A person with JavaScript waits a second or two; a person without is told to retry
later and keeps what they typed; a script pays for every submission, more the further it
goes past the limit. A limit where paying does not help (the same email address written to
again) refuses outright.

allauth's ``allauth.core.ratelimit`` reads its rates from ``ACCOUNT_RATE_LIMITS`` only
(switched off in the test settings) and its configurable form is internal: the counters
here are a few lines over the cache instead, with ``add`` then ``incr`` (atomic on Redis).
They are plain cache keys, not ``config.caching``'s versioned ones: publishing a page
must not reset a counter. While Redis is unreachable the counters read as fresh and the
limits are off (the site keeps serving), as allauth's are.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.client_ip import client_ip_address

HONEYPOT_FIELD = "homepage"
STARTED_FIELD = "antispam_started"
CHALLENGE_FIELD = "antispam_challenge"
NONCE_FIELD = "antispam_nonce"
# Fields of the protection itself: templates render them apart, submissions never keep them.
FIELD_NAMES = (HONEYPOT_FIELD, STARTED_FIELD)

_STARTED_SALT = "config.antispam.started"
_CHALLENGE_SALT = "config.antispam.challenge"
_KEY_PREFIX = "antispam"

CONTACT = "contact"
VOLUNTEER_ANSWER = "volunteer-answer"
STRUCTURE_REGISTRATION = "structure-registration"
JOIN_CODE = "join-code"


# --- The form mixin: honeypot and time check ------------------------------------------


def started_token() -> str:
    """The signed time a form is shown at."""
    return signing.Signer(salt=_STARTED_SALT).sign(f"{time.time():.3f}")


def _started_at(token: str) -> float | None:
    try:
        return float(signing.Signer(salt=_STARTED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


class ProtectedFormMixin:
    """A honeypot and the time the form was shown, for a public form.

    Put it first in the bases (``class F(ProtectedFormMixin, forms.ModelForm)``). The view
    asks ``is_from_bot()`` before ``is_valid()``; templates render both fields through
    ``includes/antispam_fields.html``, outside any cached fragment (the time is per view).
    A form whose view cannot answer a bot with a false success (allauth's sign-up) sets
    ``refuse_bots``: a filled honeypot is then an error, in words that do not say which.
    """

    refuse_bots = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Ne remplissez pas ce champ"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[STARTED_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self._started_at: float | None = None
        if self.is_bound:
            name = self.add_prefix(STARTED_FIELD)
            self._started_at = _started_at(self.data.get(name, ""))
            if self._started_at is None:
                # Shown again with a fresh time, so that sending it again works.
                self.data = self.data.copy()
                self.data[name] = started_token()
        else:
            self.initial[STARTED_FIELD] = started_token()

    def is_from_bot(self) -> bool:
        """The honeypot was filled in (read before validation: a bot gets no error)."""
        return bool(self.is_bound and self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.refuse_bots and self.is_from_bot():
            self.add_error(
                None, _("Le formulaire n’a pas pu être envoyé. Réessayez dans quelques minutes.")
            )
        minimum = settings.ANTISPAM_MIN_SECONDS
        if minimum > 0:
            if self._started_at is None:
                self.add_error(
                    None,
                    _(
                        "Le formulaire a expiré ou est incomplet. Vérifiez vos réponses, "
                        "puis renvoyez-le : ce que vous avez saisi est conservé."
                    ),
                )
            elif time.time() - self._started_at < minimum:
                self.add_error(
                    None,
                    _(
                        "Le formulaire a été envoyé trop vite après son affichage. Relisez "
                        "vos réponses, puis renvoyez-le : ce que vous avez saisi est conservé."
                    ),
                )
        for name in FIELD_NAMES:
            cleaned.pop(name, None)
        return cleaned


# --- Rate limits ------------------------------------------------------------------------


@dataclass(frozen=True)
class Challenge:
    """A proof of work the browser must give: ``bits`` leading zero bits."""

    token: str
    bits: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    message: str = ""
    challenge: Challenge | None = None


ALLOWED = Verdict(allowed=True)


def _limit(action: str, scope: str) -> tuple[int, int] | None:
    limits = settings.ANTISPAM_LIMITS.get(action, {})
    value = limits.get(scope)
    return tuple(value) if value else None  # type: ignore[return-value]


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _hit(key: str, seconds: int) -> int:
    """One more hit in the window of ``seconds`` that began with the first hit; the count."""
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key) or 1
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return 1


def _key(action: str, scope: str, value: str) -> str:
    return f"{_KEY_PREFIX}:{action}:{scope}:{_hash(value)}"


def _count(action: str, scope: str, value: str) -> float:
    """Count one hit; answer how far past its limit this makes it (0 when within)."""
    limit = _limit(action, scope)
    if limit is None:
        return 0.0
    amount, seconds = limit
    hits = _hit(_key(action, scope, value), int(seconds))
    return hits / amount if hits > amount else 0.0


def _uncount(action: str, scope: str, value: str) -> None:
    """Take back a hit that sent nothing."""
    if _limit(action, scope) is None:
        return
    try:
        cache.decr(_key(action, scope, value))
    except ValueError:  # expired meanwhile
        pass


def admit(
    request: HttpRequest, action: str, *, target: str = "", target_pays: bool = True
) -> Verdict:
    """Count one submission of ``action`` by this client (and for ``target``), and say
    whether it may go on.

    Past a limit, a submission goes on with a solved challenge (``challenge_solved``);
    otherwise the verdict carries a new challenge to show. Past the target's limit with
    ``target_pays=False`` it is refused whatever the browser does.
    """
    address = client_ip_address(request) or "unknown"
    over_address = _count(action, "address", address)
    over_target = _count(action, "target", target) if target else 0.0
    # A target that does not pay counts what was sent to it only: a refused submission
    # (or one held for a challenge) gives its hit back, so that solving it still works.
    takes_back = bool(target) and not target_pays
    if over_target and takes_back:
        _uncount(action, "target", target)
        return Verdict(
            allowed=False,
            message=gettext(
                "Ce formulaire a déjà été envoyé pour cette adresse e-mail il y a peu. "
                "Réessayez plus tard ; ce que vous avez saisi est conservé."
            ),
        )
    over = max(over_address, over_target)
    if not over or challenge_solved(request, action):
        return ALLOWED
    if takes_back:
        _uncount(action, "target", target)
    return Verdict(
        allowed=False,
        message=gettext(
            "Beaucoup d’envois viennent de partir de votre connexion ou vers la même "
            "destination. Votre navigateur fait une courte vérification automatique ; "
            "renvoyez ensuite le formulaire. Sans JavaScript, réessayez plus tard : ce que "
            "vous avez saisi est conservé."
        ),
        challenge=new_challenge(action, _bits(over)),
    )


# --- Proof of work ----------------------------------------------------------------------


def _bits(over: float) -> int:
    """One more bit (twice the work) each time the hits double past the limit."""
    extra = int(math.log2(over)) if over >= 1 else 0
    return min(settings.ANTISPAM_POW_BITS + extra, settings.ANTISPAM_POW_MAX_BITS)


def new_challenge(action: str, bits: int) -> Challenge:
    value = f"{action}:{secrets.token_urlsafe(12)}:{bits}"
    return Challenge(token=signing.TimestampSigner(salt=_CHALLENGE_SALT).sign(value), bits=bits)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def challenge_solved(request: HttpRequest, action: str) -> bool:
    """The posted challenge is ours, for ``action``, recent, solved, and never used before."""
    token = request.POST.get(CHALLENGE_FIELD, "")
    nonce = request.POST.get(NONCE_FIELD, "")
    if not token or not nonce or len(nonce) > 32:
        return False
    try:
        value = signing.TimestampSigner(salt=_CHALLENGE_SALT).unsign(
            token, max_age=settings.ANTISPAM_CHALLENGE_SECONDS
        )
        token_action, challenge_id, bits = value.split(":")
        required = int(bits)
    except (signing.BadSignature, ValueError):
        return False
    if token_action != action:
        return False
    if leading_zero_bits(hashlib.sha256(f"{token}{nonce}".encode()).digest()) < required:
        return False
    # Once only: the first to add the key uses the challenge up.
    return bool(
        cache.add(
            f"{_KEY_PREFIX}:used:{challenge_id}", True, settings.ANTISPAM_CHALLENGE_SECONDS + 60
        )
    )


def solve(challenge: Challenge) -> str:
    """A nonce that solves ``challenge`` (what static/js/antispam.js does; for tests)."""
    nonce = 0
    while True:
        digest = hashlib.sha256(f"{challenge.token}{nonce}".encode()).digest()
        if leading_zero_bits(digest) >= challenge.bits:
            return str(nonce)
        nonce += 1
