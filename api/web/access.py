"""The page behind the API key: when the server sets BLANKO_API_KEY, the page is no door
around it.

The planner types the key once into a sign-in form (POST /web/login). The server
checks it against the key in constant time and answers with a session cookie that
holds not the key but the sign-in time and an HMAC-SHA256 of a fixed label and that
time under the key (so the cookie is worthless once the key changes, and the key
never sits in the browser): HttpOnly (no script can read it), SameSite=Strict (no
other site's form can post with it), Secure when the page is served over HTTPS, and
Max-Age BLANKO_PAGE_SESSION_S (12 hours by default). The server itself refuses a
cookie older than that (a copied cookie does not outlive its session), so the
browser's expiry is not the only guard. Every /web action then requires that
cookie, or the X-API-Key header itself; /v1 keeps requiring the header alone, so the
cookie opens the page and nothing else. Without a key set, everything is open, as
the API is. A page action refused for want of a session answers htmx with
HX-Redirect to the page, which shows the sign-in form again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import time

from fastapi import Request

from api.problems import FORM_LANG, ApiProblem
from api.settings import Settings

COOKIE = "blanko_page"
_LABEL = b"blanko page session v2"


def session_token(settings: Settings, now: float | None = None) -> str | None:
    """The cookie's value for this server's key, signed in at `now` (Unix seconds, default
    the clock): '<seconds>.<hex HMAC-SHA256>'; None when no key is set."""
    if settings.api_key is None:
        return None
    issued = int(time.time() if now is None else now)
    return f"{issued}.{_signature(settings, issued)}"


def session_valid(settings: Settings, cookie: str | None, now: float | None = None) -> bool:
    """Whether `cookie` is a session of this server's key, signed in at most
    BLANKO_PAGE_SESSION_S seconds before `now` (and not in the future); constant-time."""
    if settings.api_key is None or cookie is None:
        return False
    issued_text, dot, signature = cookie.partition(".")
    # ASCII digits only: str.isdigit() also takes '²', which int() refuses.
    if not dot or not (issued_text.isascii() and issued_text.isdigit()) \
            or len(issued_text) > 12:
        return False
    issued = int(issued_text)
    if not hmac.compare_digest(signature.encode(), _signature(settings, issued).encode()):
        return False
    age = (time.time() if now is None else now) - issued
    return 0 <= age < settings.page_session_s


def key_matches(settings: Settings, given: str | None) -> bool:
    """Whether `given` is the server's key (constant-time); True when no key is set."""
    if settings.api_key is None:
        return True
    expected = settings.api_key.get_secret_value().encode()
    return given is not None and hmac.compare_digest(given.encode(), expected)


def allowed(request: Request) -> bool:
    """The request may use the page: no key is set, or it carries the key or the cookie."""
    settings: Settings = request.app.state.settings
    if settings.api_key is None:
        return True
    header = request.headers.get("x-api-key")
    if header is not None and key_matches(settings, header):
        return True
    return session_valid(settings, request.cookies.get(COOKIE))


async def require(request: Request) -> None:
    """Dependency of every page action: 401 unless `allowed`; to htmx (the page's own
    requests) with HX-Redirect to the page, whose sign-in form asks for the key again.
    The 401 is in the language of the form that was sent (its `lang`: the page's), as
    every other answer to it (api.problems.problem_language)."""
    if not allowed(request):
        if request.method == "POST":
            with contextlib.suppress(Exception):  # no form, or a bad one: no language
                lang = (await request.form()).get("lang")
                if isinstance(lang, str):
                    request.scope.setdefault("state", {})[FORM_LANG] = lang
        headers = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'}
        if request.headers.get("hx-request") == "true":
            headers["HX-Redirect"] = "/"
        raise ApiProblem(401, "unauthorized", "Unauthorized",
                         "Sign in on the page with the API key first (or send X-API-Key).",
                         headers=headers)


def _signature(settings: Settings, issued: int) -> str:
    assert settings.api_key is not None
    key = settings.api_key.get_secret_value().encode()
    return hmac.new(key, _LABEL + b"|" + str(issued).encode(), hashlib.sha256).hexdigest()
