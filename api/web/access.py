"""The page behind the API key: when the server sets BLANKO_API_KEY, the page is no door
around it.

The planner types the key once into a sign-in form (POST /web/login). The server
checks it against the key in constant time and answers with a session cookie that
holds not the key but an HMAC-SHA256 of a fixed label under the key (so the cookie is
worthless once the key changes, and the key never sits in the browser): HttpOnly (no
script can read it), SameSite=Strict (no other site's form can post with it) and
Secure when the page is served over HTTPS. Every /web action then requires that
cookie, or the X-API-Key header itself; /v1 keeps requiring the header alone, so the
cookie opens the page and nothing else. Without a key set, everything is open, as
the API is.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

from api.problems import ApiProblem
from api.settings import Settings

COOKIE = "blanko_page"
_LABEL = b"blanko page session v1"


def session_token(settings: Settings) -> str | None:
    """The cookie's value for this server's key (None when no key is set)."""
    if settings.api_key is None:
        return None
    key = settings.api_key.get_secret_value().encode()
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()


def key_matches(settings: Settings, given: str | None) -> bool:
    """Whether `given` is the server's key (constant-time); True when no key is set."""
    if settings.api_key is None:
        return True
    expected = settings.api_key.get_secret_value().encode()
    return given is not None and hmac.compare_digest(given.encode(), expected)


def allowed(request: Request) -> bool:
    """The request may use the page: no key is set, or it carries the key or the cookie."""
    settings: Settings = request.app.state.settings
    token = session_token(settings)
    if token is None:
        return True
    header = request.headers.get("x-api-key")
    if header is not None and key_matches(settings, header):
        return True
    cookie = request.cookies.get(COOKIE)
    return cookie is not None and hmac.compare_digest(cookie.encode(), token.encode())


def require(request: Request) -> None:
    """Dependency of every page action: 401 unless `allowed`."""
    if not allowed(request):
        raise ApiProblem(401, "unauthorized", "Unauthorized",
                         "Sign in on the page with the API key first (or send X-API-Key).",
                         headers={"WWW-Authenticate": 'ApiKey header="X-API-Key"'})
