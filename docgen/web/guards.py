"""What every request must pass before docgen's page or API answers it.

Registrant data is confidential and the server runs on a lawyer's machine or a
firm's internal host, so:

* **Host** must be one the server was started for (loopback names by default):
  a page on another site that rebinds its DNS name to 127.0.0.1 is refused.
* **Access token** (``--token``; required when listening beyond loopback): by
  ``Authorization: Bearer``, or once in the page's URL (``?token=``), which sets an
  HttpOnly, SameSite=Strict cookie for the rest of the session.
* **CSRF**: every POST and DELETE carries ``X-Docgen-CSRF`` with the token the page
  was served with; another site's form or script cannot read it, and the custom
  header forces a CORS preflight, which this server never grants.
* **Headers** on every answer: a Content-Security-Policy (scripts only from this
  server and the Office.js address; frames only from Office's own sites, for the
  task pane in Office on the web), ``nosniff``, no referrer, no caching.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
TOKEN_COOKIE = "docgen_token"
CSRF_HEADER = "x-docgen-csrf"
OFFICE_FRAMES = ("https://*.officeapps.live.com https://*.office.com https://*.office365.com "
                 "https://*.microsoft.com https://*.sharepoint.com")


# RFC 7230 Host: a name or IPv4 address, or an IPv6 address in brackets, then an
# optional port. Anything else (userinfo "a:1@b", "[::1].evil", spaces) matches nothing.
_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]{2,45})\]|(?P<name>[a-z0-9](?:[a-z0-9.-]{0,251}"
                   r"[a-z0-9])?))(?::[0-9]{1,5})?")


def _host_name(host: str) -> str:
    """``Host`` header -> the name alone: no port, no IPv6 brackets, lower case; "" for a
    header that is not a host name at all."""
    found = _HOST.fullmatch(host.strip().lower())
    if found is None:
        return ""
    return found.group("v6") or found.group("name")


def _allowed_name(host: str) -> str:
    """A name the server was started for (``--host``, ``--allow-host``): ``::1`` or
    ``[::1]``, a name, an address."""
    host = host.strip().lower()
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


class Guard:
    """ASGI middleware applying the rules above to every HTTP request."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str], csrf: str,
                 token: str | None = None, office_js: str = "") -> None:
        self.app = app
        self.hosts = frozenset(_allowed_name(h) for h in hosts) - {""}
        self.csrf = csrf
        self.token = token
        script = " ".join(filter(None, ["'self'", _origin(office_js)]))
        self.policy = (f"default-src 'self'; script-src {script}; style-src 'self'; "
                       "img-src 'self' data:; frame-src 'self'; connect-src 'self'; "
                       f"object-src 'none'; base-uri 'none'; form-action 'self'; "
                       f"frame-ancestors 'self' {OFFICE_FRAMES}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        set_cookie = self._cookie_to_set(scope, headers)
        policy = self.policy

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"),
                         (b"cache-control", b"no-store")]
                present = {k.lower() for k, _v in message.get("headers", [])}
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", policy.encode()))
                if set_cookie:
                    extra.append((b"set-cookie", set_cookie.encode()))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        if refusal is not None:
            status, text = refusal
            body = json.dumps({"error": text}).encode()
            await send_with_headers({"type": "http.response.start", "status": status,
                                     "headers": [(b"content-type", b"application/json"),
                                                 (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if _host_name(headers.get("host", "")) not in self.hosts:
            return 400, "this server does not answer for that host name"
        if self.token is not None and not self._has_token(scope, headers):
            return 401, "this docgen server needs its access token; open the address it printed"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not secrets.compare_digest(
                headers.get(CSRF_HEADER, "").encode(), self.csrf.encode()):
            return 403, "request refused: it did not come from docgen's own page; reload the page"
        if scope["method"] == "OPTIONS":
            return 403, "cross-origin requests are not allowed"
        return None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        assert self.token is not None
        offered = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(auth[7:].strip())
        cookie: SimpleCookie = SimpleCookie()
        with contextlib.suppress(Exception):  # a malformed cookie header is no token
            cookie.load(headers.get("cookie", ""))
        if TOKEN_COOKIE in cookie:
            offered.append(cookie[TOKEN_COOKIE].value)
        offered += parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
        return any(secrets.compare_digest(t.encode(), self.token.encode())
                   for t in offered if t)

    def _cookie_to_set(self, scope: Scope, headers: dict[str, str]) -> str:
        if self.token is None or scope.get("path") != "/":
            return ""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
        if not any(secrets.compare_digest(t.encode(), self.token.encode()) for t in query):
            return ""
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        return f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict{secure}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
