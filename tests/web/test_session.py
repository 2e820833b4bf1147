"""The page's sign-in session (api/web/access.py): it lasts BLANKO_PAGE_SESSION_S, then the
page asks for the key again.

Through FastAPI's TestClient on the real app; cookies older than the session are made
with `session_token(settings, now=...)`, the function the sign-in itself uses.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.web import access

KEY = "kunci-rahasia-42"
HX = {"HX-Request": "true"}
HOUR = 3600


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30,
                    api_key=KEY)


@pytest.fixture(scope="module")
def locked(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_session_lasts_twelve_hours_by_default_and_the_env_var_sets_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(api_key=KEY).page_session_s == 12 * HOUR
    monkeypatch.setenv("BLANKO_PAGE_SESSION_S", "600")
    assert Settings(api_key=KEY).page_session_s == 600
    monkeypatch.setenv("BLANKO_PAGE_SESSION_S", "5")  # under a minute: refused
    with pytest.raises(ValueError, match="page_session_s"):
        Settings(api_key=KEY)


def test_a_cookie_is_valid_until_its_session_ends_and_not_after(settings: Settings) -> None:
    signed_in = 1_800_000_000.0
    token = access.session_token(settings, now=signed_in)
    assert token is not None and KEY not in token
    # 12 h = 43,200 s: valid at 43,199 s after the sign-in, refused at 43,200 s.
    assert access.session_valid(settings, token, now=signed_in)
    assert access.session_valid(settings, token, now=signed_in + 12 * HOUR - 1)
    assert not access.session_valid(settings, token, now=signed_in + 12 * HOUR)
    # Signed in the future (a clock set back, a forged time): refused.
    assert not access.session_valid(settings, token, now=signed_in - 1)
    # Another time under the same signature, or another key's cookie: refused.
    issued, _, signature = token.partition(".")
    assert not access.session_valid(settings, f"{int(issued) + HOUR}.{signature}",
                                    now=signed_in + 2 * HOUR)
    other = Settings(api_key="another-key")
    assert not access.session_valid(settings, access.session_token(other, now=signed_in),
                                    now=signed_in)
    for junk in ("", ".", "abc.def", signature, f"{issued}.", f"-5.{signature}",
                 f"\u00b2.{signature}", f"{issued}0000000000.{signature}"):
        assert not access.session_valid(settings, junk, now=signed_in), junk


def test_signing_in_sets_a_cookie_with_max_age(locked: TestClient) -> None:
    signed = locked.post("/web/login", data={"key": KEY, "lang": "en"}, follow_redirects=False)
    locked.cookies.clear()
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "Max-Age=43200" in cookie and "HttpOnly" in cookie and KEY not in cookie


def test_an_expired_or_absent_cookie_sends_the_planner_back_to_sign_in(
        locked: TestClient, settings: Settings) -> None:
    stale = access.session_token(settings, now=time.time() - 13 * HOUR)
    fresh = access.session_token(settings)
    assert stale is not None and fresh is not None
    for cookies in ({access.COOKIE: stale}, {}):
        locked.cookies.clear()
        locked.cookies.update(cookies)
        page = locked.get("/?lang=en")
        assert 'id="login"' in page.text and 'id="planner"' not in page.text
        # The page says how long a sign-in lasts.
        assert "keeps the session for 12 hours" in page.text
        # An htmx action: 401, and HX-Redirect takes the browser to the sign-in.
        refused = locked.post("/web/plan", data={"lang": "en"}, headers=HX)
        assert refused.status_code == 401 and refused.headers["hx-redirect"] == "/"
        # Without htmx (a script): the plain 401 problem, no redirect.
        plain = locked.post("/web/plan", data={"lang": "en"})
        assert plain.status_code == 401 and "hx-redirect" not in plain.headers
    locked.cookies.clear()
    locked.cookies.set(access.COOKIE, fresh)
    assert 'id="planner"' in locked.get("/?lang=en").text
    locked.cookies.clear()


def test_the_sign_in_says_how_long_in_indonesian(locked: TestClient) -> None:
    locked.cookies.clear()
    page = locked.get("/?lang=id")
    assert "menyimpan sesinya selama 12 jam" in page.text
