"""The login cookie in Debian's Chromium against `oversight serve` (app/web.py): a login
carries over to a new page of the same browser (a dossier link opened in a new tab), a
logout ends it there too, the cookie is HttpOnly and SameSite=Strict, and a forged, expired
or revoked cookie shows the login page. The routes refuse requests from other sites."""

from __future__ import annotations

import datetime as dt
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from app import auth, sessions
from tests.app.test_app_pages import (  # noqa: F401 (fixtures)
    browser,
    log_in,
    served,
    wait_for_cookie,
)

LOGIN_WAIT = 90_000


def a_leader(city: dict) -> dict[str, str]:
    return city["db"].read(
        "MATCH (p:Person)-[:HOLDS_POST {role: '一把手'}]->(:Unit) "
        "RETURN p.pid AS pid, p.name AS name ORDER BY pid LIMIT 1"
    )[0]


def shows_login(page: Any) -> bool:
    page.get_by_label("密码").wait_for(timeout=LOGIN_WAIT)
    page.wait_for_timeout(1000)
    return page.locator("h1").all_inner_texts() == ["登录"] and "已登录" not in page.inner_text(
        "body"
    )


@pytest.mark.browser
def test_browser_a_login_carries_over_to_a_new_page_and_a_logout_ends_it_there(
    served: str,  # noqa: F811
    browser: Any,  # noqa: F811
    city: dict,
) -> None:
    leader = a_leader(city)
    context = browser.new_context(locale="zh-CN")
    first = context.new_page()
    log_in(first, f"{served}/flags")  # (/overview, the default page, is at /)
    cookie = wait_for_cookie(context, present=True)
    assert cookie is not None, "no session cookie after the login"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    lifetime = cookie["expires"] - time.time()
    assert 11.9 * 3600 < lifetime <= 12 * 3600 + 5  # the absolute lifetime, 12 h
    assert sessions.COOKIE not in first.evaluate("document.cookie")  # scripts cannot read it
    # the token is stored only as its hash
    stored = city["db"].read("MATCH (s:AppSession) RETURN s.token_hash AS h")
    assert sessions.token_hash(cookie["value"]) in {row["h"] for row in stored}
    assert cookie["value"] not in first.url

    # a dossier link opened in a NEW page of the same browser: no login, the dossier
    second = context.new_page()
    second.goto(f"{served}/person?id={leader['pid']}", wait_until="domcontentloaded")
    second.get_by_text(f"{leader['name']} · {leader['pid']}").wait_for(timeout=240_000)
    assert "已登录" in second.inner_text("body")
    assert second.get_by_label("密码").count() == 0

    # logout in the first page; the second page's reload asks for the login again
    first.get_by_role("button", name="退出登录").click()
    first.get_by_label("密码").wait_for(timeout=LOGIN_WAIT)
    second.reload(wait_until="domcontentloaded")
    assert shows_login(second)
    assert wait_for_cookie(context, present=False) is None, "the cookie outlived the logout"
    context.close()


@pytest.mark.browser
def test_browser_a_forged_expired_or_revoked_cookie_shows_the_login(
    served: str,  # noqa: F811
    browser: Any,  # noqa: F811
    city: dict,
) -> None:
    db = city["db"]
    settings = auth.Settings()
    now = dt.datetime.now(dt.UTC)
    expired, _ = sessions.create(db, "analyst1", settings, now=now - dt.timedelta(hours=13))
    idle, _ = sessions.create(db, "analyst1", settings, now=now - dt.timedelta(minutes=45))
    revoked, kept = sessions.create(db, "analyst1", settings)
    sessions.end(db, kept["token_hash"])
    valid, _ = sessions.create(db, "analyst1", settings)
    cases = {
        "forged": "forged-" + "x" * 40,
        "expired": expired,
        "idle": idle,
        "revoked": revoked,
    }
    for what, token in cases.items():
        context = browser.new_context(locale="zh-CN")
        context.add_cookies([{"name": sessions.COOKIE, "value": token, "url": served}])
        page = context.new_page()
        page.goto(f"{served}/flags", wait_until="domcontentloaded")
        assert shows_login(page), what
        context.close()
    # control: the same way in with a valid token opens the page (so the above can fail)
    context = browser.new_context(locale="zh-CN")
    context.add_cookies([{"name": sessions.COOKIE, "value": valid, "url": served}])
    page = context.new_page()
    page.goto(f"{served}/flags", wait_until="domcontentloaded")
    page.get_by_text("已登录").wait_for(timeout=LOGIN_WAIT)
    assert "analyst1" in page.inner_text("body")
    context.close()


def post(url: str, body: bytes, origin: str | None) -> int:
    headers = {"Origin": origin} if origin else {}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.browser
def test_the_cookie_routes_refuse_other_sites_and_unknown_codes(served: str) -> None:  # noqa: F811
    set_url = served + sessions.SET_COOKIE_PATH
    clear_url = served + sessions.CLEAR_COOKIE_PATH
    assert post(set_url, b"made-up-code", served) == 403
    assert post(set_url, b"made-up-code", "http://evil.example") == 403
    assert post(set_url, b"made-up-code", None) == 403
    assert post(clear_url, b"", "http://evil.example") == 403
    assert post(clear_url, b"", served) == 204
    # no GET: a link or an <img> cannot use them (the address falls to the app's pages)
    with urllib.request.urlopen(set_url, timeout=10) as answer:
        assert answer.headers.get("set-cookie") is None
        assert b"<html" in answer.read(2000).lower()
