"""A small browser for the smoke run: HTTPS to one machine's nginx (the site's name in SNI,
the certificate checked), cookies, forms read from the page and sent back with what the
user types, uploads, and the client address of the connection (any 127.0.0.0/8 address is
a different client for nginx)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import socket
import ssl
import struct
import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

from django.urls import reverse
from django.utils import translation

from tests.deploy import nginx

DOMAIN = nginx.DOMAIN
ORIGIN = f"https://{DOMAIN}"


def url(name: str, *args) -> str:
    """The address of a view, in French (the site's default language)."""
    with translation.override("fr"):
        return reverse(name, args=args)


@dataclass
class Machine:
    """One machine of the topology as a browser reaches it: its nginx."""

    name: str
    site: nginx.Site

    @cached_property
    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.site.certificate))


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    path: str
    machine: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def __repr__(self) -> str:
        return f"<{self.status} {self.path} via {self.machine}>"


class _Connection(http.client.HTTPSConnection):
    def __init__(self, machine: Machine, source_address: str) -> None:
        super().__init__(
            "127.0.0.1",
            machine.site.https_port,
            context=machine.context,
            timeout=60,
            source_address=(source_address, 0),
        )

    def connect(self) -> None:
        sock = socket.create_connection(
            (self.host, self.port), self.timeout, source_address=self.source_address
        )
        self.sock = self._context.wrap_socket(sock, server_hostname=DOMAIN)


def site_path(url: str) -> str | None:
    """The path (and query) of ``url`` when it is an address of the site, else None."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != DOMAIN:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Browser:
    """Cookies are kept per browser, whatever machine answered (one site, one domain)."""

    def __init__(self, source_address: str = "127.0.0.1", *, keep_cookies: bool = True) -> None:
        self.source_address = source_address
        self.keep_cookies = keep_cookies
        self.cookies: dict[str, str] = {}

    def request(
        self,
        machine: Machine,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = {"Host": DOMAIN, "User-Agent": "udr-smoke", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = _Connection(machine, self.source_address)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read(), path, machine.name)
        finally:
            connection.close()
        if self.keep_cookies:
            self._store_cookies(response.headers.get_all("Set-Cookie") or [])
        return response

    def _store_cookies(self, headers: list[str]) -> None:
        for header in headers:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(
        self,
        machine: Machine,
        path: str,
        *,
        follow: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """GET ``path``, following the site's redirects (not those to another host)."""
        response = self.request(machine, "GET", path, headers=headers)
        for _ in range(10):
            if not (follow and response.status in (301, 302, 303, 307, 308)):
                return response
            target = site_path(urljoin(response.path, response.location))
            if target is None:
                return response
            response = self.request(machine, "GET", target, headers=headers)
        raise AssertionError(f"Too many redirects from {path}")

    def post(
        self,
        machine: Machine,
        path: str,
        fields: list[tuple[str, str]],
        files: dict[str, tuple[str, bytes, str]] | None = None,
        *,
        referer: str | None = None,
    ) -> Response:
        """POST a form as a browser does: with the page's origin, as Django's CSRF check
        over HTTPS wants it. ``files``: field name -> (file name, content, content type)."""
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        headers = {
            "Content-Type": content_type,
            "Origin": ORIGIN,
            "Referer": ORIGIN + (referer or path),
        }
        return self.request(machine, "POST", path, body=body, headers=headers)

    def submit(
        self,
        machine: Machine,
        page: Response,
        with_field: str,
        values: dict[str, str | list[str]] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        """Submit the form of ``page`` that has a field named ``with_field``: what the page
        filled in, with ``values`` typed over it."""
        form = find_form(page, with_field)
        action = site_path(urljoin(page.path, form.action or page.path))
        assert action is not None, f"The form of {page.path} posts to another site: {form.action}"
        return self.post(machine, action, form.values(values or {}), files, referer=page.path)


# --- Forms ------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def values(self, typed: dict[str, str | list[str]]) -> list[tuple[str, str]]:
        kept = [(name, value) for name, value in self.fields if name not in typed]
        for name, value in typed.items():
            kept += [(name, item) for item in ([value] if isinstance(value, str) else value)]
        return kept


class _FormParser(HTMLParser):
    """The forms of a page with what a browser would send untouched: text inputs, checked
    boxes, selected options, text areas (no file, no submit button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        # The open select: its name, whether several options may be chosen, and its options
        # as [value or None (then its text), text, selected].
        self._select: tuple[str, bool, list[list]] | None = None
        self._in_option = False
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(action=attributes.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name", "")
        if tag == "input" and name:
            self._form.names.add(name)
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._form.fields.append((name, attributes.get("value", "on")))
                return
            self._form.fields.append((name, attributes.get("value", "")))
        elif tag == "select" and name:
            self._form.names.add(name)
            self._select = (name, "multiple" in attributes, [])
        elif tag == "option" and self._select is not None:
            self._select[2].append([attributes.get("value"), "", "selected" in attributes])
            self._in_option = True
        elif tag == "textarea" and name:
            self._form.names.add(name)
            self._textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._in_option and self._select is not None:
            self._select[2][-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._in_option = False
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, options = self._select
            values = [(text.strip() if value is None else value, on) for value, text, on in options]
            chosen = [value for value, selected in values if selected]
            if not chosen and values and not multiple:
                chosen = [values[0][0]]
            self._form.fields += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None


def forms_of(page: Response) -> list[Form]:
    parser = _FormParser()
    parser.feed(page.text)
    return parser.forms


def find_form(page: Response, with_field: str) -> Form:
    for form in forms_of(page):
        if with_field in form.names:
            return form
    raise AssertionError(
        f"No form with a field {with_field!r} on {page.path} ({page.status}):\n{page.text[:2000]}"
    )


def multipart(
    fields: list[tuple[str, str]], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = f"smoke-{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- Second factor ----------------------------------------------------------------------


def totp(secret: str, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    """The TOTP code of ``secret`` (base32) at ``at`` (RFC 6238, as authenticator apps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time() if at is None else at) // period
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def code_valid_for_a_while(secret: str, period: int = 30, margin: float = 3) -> str:
    """A code that stays valid for ``margin`` seconds at least: near the end of a period,
    wait for the next one rather than send a code that expires on the way."""
    remaining = period - time.time() % period
    if remaining < margin:
        time.sleep(remaining + 0.05)
    return totp(secret, period=period)


def sign_in(
    browser: Browser, machine: Machine, email: str, password: str, totp_secret: str = ""
) -> Response:
    """allauth's sign-in form, then the second factor when asked; the last answer (a
    redirect on success)."""
    page = browser.get(machine, url("account_login"))
    response = browser.submit(machine, page, "login", {"login": email, "password": password})
    if totp_secret and response.status == 302 and response.location == url("mfa_authenticate"):
        page = browser.get(machine, response.location)
        response = browser.submit(
            machine, page, "code", {"code": code_valid_for_a_while(totp_secret)}
        )
    return response
