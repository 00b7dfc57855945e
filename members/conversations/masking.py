"""Contact details masked in a minor's exchanges (DESIGN.md, "Minors and safety").

When the young person of a request is a minor, the phone numbers, email addresses and
social-network accounts typed into its messages and free texts are masked for the young
person and the professional (:func:`masks_contacts`); the counsellors and the moderators
read them. Texts are stored as typed: masking happens when they are shown.

Detection runs on a normalised copy of the text: Unicode NFKC (full-width, circled or
mathematical digits and letters become ASCII, no-break and thin spaces become spaces), any
other decimal digit as its ASCII digit, invisible characters (zero-width spaces, soft
hyphens) dropped, dashes made "-". Each normalised character remembers the character of the
original text it came from, and what is masked is the matching span of the ORIGINAL text:
the rest of the message shows as typed.

Found (tests/members/conversations/test_masking.py holds the corpus, one example a case):

- French numbers, ten digits from 0[1-9], whatever the grouping and the separators between
  the digits (spaces of any kind, . - / _ ( ) [ ] · • * ~ |, up to three in a row):
  06 12 34 56 78, 06/12/34/56/78, 06 1234 5678, 0 6 1 2 3 4 5 6 7 8; with the country code
  (+33 6…, 0033 6…, +33 (0)6…, 33 6…); international numbers, + or 00 then 7 to 15 digits;
- email addresses, with or without "mailto:", the @ spaced or written [at], (at), {at},
  "arobase", or " at " (with a spelled-out dot or a webmail's domain), the dot spaced or
  written [dot], (point), " point ", " dot "; an address at a webmail without its ending
  (lucas@gmail);
- social accounts: a handle standing alone (@lucas_m75), or after an app's name
  (snap, snapchat, insta, instagram, ig, tiktok, whatsapp, telegram, discord, facebook, fb,
  messenger, twitter, bereal, skype, kik) with ":", "=", "->", an @, or a handle holding a
  digit, "_", "." or "#" ("snapchat lucas75"), or "mon snap c'est lucas";
- links to those sites' profiles (instagram.com/…, wa.me/…, t.me/…, snapchat.com/add/…,
  tiktok.com/@…, facebook.com/…, discord.gg/…, linkedin.com/in/…), with or without
  https:// or www., and any link holding a phone number or an email address.

Left alone, so that ordinary messages read as typed: dates (12/03/2025, 2024-01-15, 06/12),
times and opening hours (14h30, 14:30, 08.30-12.30), postcodes, prices, years, ages, request
numbers, a list of numbers separated by commas, an app's name without a handle ("on se parle
sur insta ?"), "@+" and "@ bientôt".

Not covered (the corpus lists them as expected failures): numbers spelled out in words
("zéro six douze…"), letters standing for digits ("O6" with the letter O), a number split by
words or by more than three separators in a row, a national number written without its
leading 0 ("6 12 34 56 78"), a handle written before the app's name ("lucas75 sur snap"), a
plain word right after the app's name ("sur snap lucas"; "snap: lucas", "snap lucas75" and
"mon snap c'est lucas" are masked), "chez" for "at".
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.translation import gettext as _

from members.access import Side, sides_of
from members.models import HelpRequest, User

# The sides that never see a minor's contact details.
MASKED_SIDES = frozenset({Side.YOUNG_PERSON, Side.PROFESSIONAL})
UNMASKED_SIDES = frozenset({Side.COUNSELLOR, Side.MODERATOR})


def mask_label() -> str:
    """What stands in for a masked contact detail, in the active language."""
    return _("[coordonnées masquées]")


def applies_to(help_request: HelpRequest) -> bool:
    """Whether contact details are masked in ``help_request``'s exchanges (for someone):
    its young person is a minor, or deleted, or without a profile (the safe side)."""
    profile = getattr(help_request.young_person, "young_profile", None)
    return profile is None or profile.is_minor


def masks_contacts(user: User, help_request: HelpRequest) -> bool:
    """Whether ``user`` reads ``help_request``'s texts with contact details masked."""
    sides = sides_of(user, help_request)
    if sides & UNMASKED_SIDES or not sides & MASKED_SIDES:
        return False
    return applies_to(help_request)


# Normalisation ------------------------------------------------------------------------

# Soft hyphen, joiners, zero-width spaces, direction marks, word joiner, byte order mark.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d")


@functools.lru_cache(maxsize=4096)
def _normal_char(char: str) -> str:
    """What one non-ASCII character reads as, for detection."""
    if char in _INVISIBLE:
        return ""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    normal = unicodedata.normalize("NFKC", char)
    if normal in _DASHES:
        return "-"
    if normal.isspace():
        return " "
    return normal


# What NFKC leaves that detection reads otherwise: invisible characters, dashes, decimal
# digits of other scripts.
_SPECIAL_RE = re.compile("[" + "".join(sorted(_INVISIBLE | _DASHES)) + "]|(?![0-9])\\d")


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """The text detection reads, and for each of its characters the index of the original
    character it comes from (None: the same text, the common case)."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _SPECIAL_RE.search(text)):
        return text, None
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = char if char.isascii() else _normal_char(char)
        chars.append(normal)
        origin.extend([index] * len(normal))
    return "".join(chars), origin


# Phone numbers -------------------------------------------------------------------------

# What may stand between the digits of a number: spaces, punctuation, brackets. Not ":"
# (times) nor "," (lists, decimals).
_SEP = r"[\s.\-/_()\[\]·•*~|]"
# A run of digit groups with up to three separators between two groups; a "+" before it.
_RUN_RE = re.compile(rf"(?:\+{_SEP}{{0,2}})?[0-9]+(?:{_SEP}{{1,3}}[0-9]+)*")
_GROUP_RE = re.compile(r"[0-9]+")
_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")


def _is_phone(digits: str, plus: bool) -> bool:
    if plus or digits.startswith("00"):
        # International (the French +33 6…, +33 (0)6… and 0033 6… included).
        if not plus:
            digits = digits[2:]
        return 7 <= len(digits) <= 15 and digits[0] != "0"
    if digits.startswith("0"):
        return len(digits) == 10 and digits[1] != "0"
    if digits.startswith("33"):  # the country code without its "+"
        rest = digits[2:].removeprefix("0")
        return len(rest) == 9 and rest[0] != "0"
    return False


def _calendar_groups(norm: str, groups: list[tuple[int, int]], k: int) -> int:
    """How many groups from ``k`` on write a date or a time range (0: none)."""

    def digits(i: int) -> str:
        return norm[groups[i][0] : groups[i][1]]

    def sep(i: int) -> str:  # between group i - 1 and group i
        return norm[groups[i - 1][1] : groups[i][0]]

    left = len(groups) - k
    if left >= 3:
        a, b, c = digits(k), digits(k + 1), digits(k + 2)
        same = sep(k + 1) == sep(k + 2) and sep(k + 1) in ("/", ".", "-")
        if same and len(a) <= 2 and len(b) <= 2 and _YEAR_RE.fullmatch(c):
            return 3  # 12/03/2025
        if same and _YEAR_RE.fullmatch(a) and len(b) <= 2 and len(c) <= 2:
            return 3  # 2024-01-15
    if left >= 4:
        hours = [digits(k + i) for i in range(4)]
        inner, outer = sep(k + 1), sep(k + 2)
        if (
            inner == "."
            and sep(k + 3) == inner
            and outer != inner
            and all(len(part) <= 2 for part in hours)
            and int(hours[0]) <= 23
            and int(hours[2]) <= 23
            and int(hours[1]) <= 59
            and int(hours[3]) <= 59
        ):
            return 4  # 08.30-12.30
    if left >= 2 and sep(k + 1) == "/" and len(digits(k)) <= 2 and len(digits(k + 1)) <= 2:
        before = sep(k) if k else ""
        after = sep(k + 2) if left >= 3 else ""
        day, month = int(digits(k)), int(digits(k + 1))
        if "/" not in before and "/" not in after and 1 <= day <= 31 and 1 <= month <= 12:
            return 2  # 06/12, a day without its year
    return 0


def _phone_spans(norm: str) -> list[tuple[int, int]]:
    spans = []
    for run in _RUN_RE.finditer(norm):
        groups = [match.span() for match in _GROUP_RE.finditer(norm, run.start(), run.end())]
        plus_at = run.start() if norm[run.start()] == "+" else None
        # Dates and time ranges cut a run in pieces that are read on their own.
        pieces: list[list[tuple[int, int]]] = [[]]
        k = 0
        while k < len(groups):
            skip = _calendar_groups(norm, groups, k)
            if skip:
                pieces.append([])
                k += skip
            else:
                pieces[-1].append(groups[k])
                k += 1
        for piece in pieces:
            spans.extend(_phones_in(norm, piece, plus_at if piece[:1] == groups[:1] else None))
    return spans


def _phones_in(
    norm: str, groups: list[tuple[int, int]], plus_at: int | None
) -> list[tuple[int, int]]:
    """The numbers in a run of digit groups: from each group, the longest number that ends
    with a group; the search goes on after it."""
    spans = []
    i = 0
    while i < len(groups):
        plus = plus_at is not None and i == 0
        if not plus and norm[groups[i][0]] not in "03":  # no number starts so
            i += 1
            continue
        best = None
        digits = ""
        for j in range(i, len(groups)):
            digits += norm[groups[j][0] : groups[j][1]]
            if len(digits) > 17:
                break
            if _is_phone(digits, plus):
                best = j
        if best is None:
            i += 1
            continue
        start, end = (plus_at if plus else groups[i][0]), groups[best][1]
        if start and norm[start - 1] == "(" and ")" in norm[start:end]:
            start -= 1  # "(06) 12 34 56 78": the bracket goes with the number
        spans.append((start, end))
        i = best + 1
    return spans


# Email addresses -------------------------------------------------------------------------

_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT_RE = (
    rf"(?P<at>\s*@\s*|\s*{_OPEN}\s*(?:at|@|ar{{1,2}}obase)\s*{_CLOSE}\s*"
    r"|\s+(?:at|ar{1,2}obase)\s+)"
)
_DOT = rf"(?:\s*\.\s*|\s*{_OPEN}\s*(?:dot|point|\.)\s*{_CLOSE}\s*|\s+(?:dot|point)\s+)"
EMAIL_RE = re.compile(
    rf"(?<![\w.+\-])(?:mailto:\s*)?[\w.+\-]*\w{_AT_RE}(?P<domain>[\w\-]+(?:{_DOT}[\w\-]+)*)",
    re.IGNORECASE,
)
_DOT_RE = re.compile(_DOT, re.IGNORECASE)
# Endings accepted after a spaced or spelled-out dot ("example . fr", "example point fr"),
# where a sentence's full stop could stand: "Salut @ tous. Bises" is not an address.
KNOWN_ENDINGS = frozenset(
    "fr com net org eu be ch ca lu mc re gp mq gf yt nc pf pm uk de es it pt nl io me co "
    "info biz ma dz tn sn ci cm".split()
)
# Webmails: "lucas@gmail" is an address, and "lucas at gmail.com" one too.
WEBMAILS = frozenset(
    "gmail googlemail hotmail outlook live msn yahoo ymail icloud me orange wanadoo free "
    "sfr neuf laposte proton protonmail gmx aol yandex bbox".split()
)


def _email_end(norm: str, match: re.Match) -> int | None:
    """Where the address ``match`` found ends, or None when it is not one: its last label
    must be an ending (letters after a plain dot, a known ending after a spaced or
    spelled-out one), else the labels after the last valid ending are left out."""
    starts = [match.start("domain")]
    ends = []
    seps = []
    for dot in _DOT_RE.finditer(norm, starts[0], match.end()):
        ends.append(dot.start())
        seps.append(dot.group())
        starts.append(dot.end())
    ends.append(match.end())
    bare_at = match.group("at").strip().lower() == "at"
    first = norm[starts[0] : ends[0]].lower()
    while len(starts) >= 2:
        ending = norm[starts[-1] : ends[-1]]
        sep = seps[-1]
        if sep == ".":
            valid = len(ending) >= 2 and ending.isalpha()
        else:
            valid = ending.lower() in KNOWN_ENDINGS
        spelled = any(char.isalpha() for char in sep)
        if valid and (not bare_at or spelled or first in WEBMAILS):
            return ends[-1]
        starts.pop()
        ends.pop()
        seps.pop()
    if first in WEBMAILS and not bare_at:
        return ends[0]
    return None


def _matches(regex: re.Pattern, norm: str, accept) -> list[tuple[int, int]]:
    """The spans ``accept(match)`` gives for the matches of ``regex``; after a match it
    refuses, the search starts again one character further (not after the match, which
    may hold the start of a good one)."""
    spans = []
    position = 0
    while (match := regex.search(norm, position)) is not None:
        span = accept(match)
        if span is None:
            position = match.start() + 1
        else:
            spans.append(span)
            position = max(span[1], match.start() + 1)
    return spans


def _email_spans(norm: str) -> list[tuple[int, int]]:
    def accept(match: re.Match) -> tuple[int, int] | None:
        end = _email_end(norm, match)
        return None if end is None else (match.start(), end)

    return _matches(EMAIL_RE, norm, accept)


# Social accounts ---------------------------------------------------------------------------

# "@+", "@2m1", "@ bientôt"…: "à plus", "à demain" in text speak.
_NOT_HANDLES = frozenset("plus pluss toute tte tout demain 2m1 bientot bientôt".split())
_HANDLE_RE = re.compile(r"(?<![\w@.+\-])@(?P<name>\w[\w.]{0,28}\w|\w)(?![\w@])")
_TIME_RE = re.compile(r"[0-9]{1,2}h[0-9]{0,2}", re.IGNORECASE)

_APPS = (
    r"snap(?:chat)?|insta(?:gram)?|ig|tik\s?tok|whats\s?app|telegram|t[eé]l[eé]gram|discord"
    r"|facebook|fb|messenger|twitter|be\s?real|skype|kik"
)
_APP_RE = re.compile(
    rf"\b(?:(?P<own>mon|ma|my)\s+)?(?:{_APPS})\b"
    r"(?P<link>\s*(?:->|=>|[:=>→])\s*|\s+c\s*['’ ]\s*est\s+|\s*(?=@)|\s+)"
    r"(?P<handle>@?\w(?:[\w.\-#]{0,38}\w)?)",
    re.IGNORECASE,
)
_HANDLE_LIKE_RE = re.compile(r"[0-9_.#]")

_SOCIAL_SITES = (
    r"instagram\.com|instagr\.am|wa\.me|whatsapp\.com|t\.me|telegram\.(?:me|org|dog)"
    r"|snapchat\.com|tiktok\.com|facebook\.com|fb\.com|fb\.me|m\.me|messenger\.com"
    r"|discord\.gg|discord\.com|discordapp\.com|twitter\.com|x\.com|linktr\.ee|bere\.al"
    r"|linkedin\.com/in"
)
_SOCIAL_URL_RE = re.compile(
    rf"(?<![\w@.\-/])(?:https?://)?(?:[\w\-]+\.)*?(?:{_SOCIAL_SITES})/[^\s<>\"'\[\]{{}}«»]+",
    re.IGNORECASE,
)


def _handle_spans(norm: str, lower: str) -> list[tuple[int, int]]:
    def standalone(match: re.Match) -> tuple[int, int] | None:
        name = match.group("name")
        if name.lower() in _NOT_HANDLES or name.isdigit() or _TIME_RE.fullmatch(name):
            return None
        return match.span()

    def after_app(match: re.Match) -> tuple[int, int] | None:
        link = match.group("link").strip()
        handle = match.group("handle")
        if handle.lower() in _NOT_HANDLES:
            return None
        strong = link in ("->", "=>", ":", "=", ">", "→") or handle.startswith("@")
        possessive = bool(match.group("own")) and link[:1] in ("c", "C")
        handle_like = bool(_HANDLE_LIKE_RE.search(handle)) and any(
            char.isalpha() for char in handle
        )
        if strong or possessive or handle_like:
            return match.span("handle")
        return None

    spans = _matches(_HANDLE_RE, norm, standalone) if "@" in norm else []
    if any(hint in lower for hint in _APP_HINTS):
        spans += _matches(_APP_RE, norm, after_app)
    return spans


# Links ---------------------------------------------------------------------------------

URL_RE = re.compile(r"(?<![\w.@/])(?:https?://|www\.)[^\s<>\"'\[\]{}«»]+", re.IGNORECASE)
# A phone number as digits in an address (wa.me/33612345678).
_DIGITS_RE = re.compile(r"(?<![0-9])(?:33|0)[1-9][0-9]{8}(?![0-9])")
TRAILING = ".,;:!?)"


def trim_url(url: str) -> tuple[str, str]:
    """The link and what follows it: final punctuation is not part of an address."""
    tail = ""
    while url and url[-1] in TRAILING:
        # Keep a closing parenthesis that closes one of the address's own.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    return url, tail


def _link_spans(norm: str, lower: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Links to a social profile, and links holding a contact detail found elsewhere."""
    spans = []
    if "/" in norm and any(hint in lower for hint in _SITE_HINTS):
        for match in _SOCIAL_URL_RE.finditer(norm):
            url, _tail = trim_url(match.group())
            spans.append((match.start(), match.start() + len(url)))
    if "http" not in lower and "www." not in lower:
        return spans
    for match in URL_RE.finditer(norm):
        url, _tail = trim_url(match.group())
        start, end = match.start(), match.start() + len(url)
        holds = any(s < end and start < e for s, e in found) or _DIGITS_RE.search(url)
        if holds:
            spans.append((start, end))
    return spans


# The API ---------------------------------------------------------------------------------


# Cheap tests that tell which detectors may find something in a text: most messages
# hold no digit, no @ and no app's name, and skip the regular expressions that would.
_DIGIT_RE = re.compile(r"[0-9]")
_AT_HINT_RE = re.compile(r"[\s\[({<]at[\s\])}>]")
_APP_HINTS = (
    "snap insta ig tik whats gram discord facebook fb messenger twitter real skype kik"
).split()
_SITE_HINTS = (
    "instagr wa.me whatsapp t.me telegram snapchat tiktok facebook fb. m.me "
    "messenger discord twitter x.com linktr bere.al linkedin".split()
)


def find_contacts(text: str) -> list[tuple[int, int]]:
    """The spans ``(start, end)`` of ``text`` that hold a contact detail, in order, none
    overlapping another."""
    if not text:
        return []
    norm, origin = _normalise(text)
    lower = norm.lower()
    found = []
    if _DIGIT_RE.search(norm):
        found += _phone_spans(norm)
    if "@" in norm or "obase" in lower or _AT_HINT_RE.search(lower):
        found += _email_spans(norm)
    found += _handle_spans(norm, lower)
    found += _link_spans(norm, lower, found)
    if not found:
        return []
    found.sort()
    merged = [list(found[0])]
    for start, end in found[1:]:
        if start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if origin is None:
        return [(start, end) for start, end in merged]
    return [(origin[start], origin[end - 1] + 1) for start, end in merged]


def has_contacts(text: str) -> bool:
    return bool(find_contacts(text))


def split_contacts(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces ``(piece, is_contact)``, in order; the pieces join to ``text``."""
    pieces = []
    position = 0
    for start, end in find_contacts(text):
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text) or not pieces:
        pieces.append((text[position:], False))
    return pieces


def hide_contacts(text: str) -> str:
    """``text`` with each contact detail (and a link holding one) replaced by the mask."""
    if not text:
        return text
    mask = mask_label()
    return "".join(mask if contact else piece for piece, contact in split_contacts(text))
