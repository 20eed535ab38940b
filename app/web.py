"""The app as `oversight serve` runs it: app/streamlit_app.py plus two small routes that set
and clear the login cookie (app/sessions.py).

A Streamlit script cannot send response headers, so the only way to an HttpOnly cookie is a
route of the web server itself: `streamlit run app/web.py` finds `app` below (an `st.App`,
Streamlit's ASGI application, in the installed 1.67) and serves the pages and these routes
together, in one process, so the route reads the one-time codes the page's script run left
in app/sessions.py.

Both routes take POST from the app's own pages only (the `Origin` of the request must be
the app's): another site can neither plant a session nor log the user out.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app import sessions
from app.auth import Settings

APP_SCRIPT = Path(__file__).resolve().with_name("streamlit_app.py")
MAX_BODY = 512


def same_origin(request: Request) -> bool:
    """A request sent by a page of this app (a same-origin fetch carries Origin)."""
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    if not origin or not host:
        return False
    if request.headers.get("sec-fetch-site") not in (None, "same-origin"):
        return False
    return origin in (f"http://{host}", f"https://{host}")


async def set_session_cookie(request: Request) -> Response:
    if not same_origin(request):
        return Response(status_code=403)
    body = await request.body()
    token = sessions.take(body[:MAX_BODY].decode("ascii", errors="replace").strip())
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = request.url.scheme == "https"
    response.headers.append(
        "set-cookie", sessions.cookie_header(token, Settings.from_env(), secure)
    )
    return response


async def clear_session_cookie(request: Request) -> Response:
    if not same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.headers.append(
        "set-cookie", sessions.clear_cookie_header(request.url.scheme == "https")
    )
    return response


app = st.App(
    APP_SCRIPT,
    routes=[
        Route(sessions.SET_COOKIE_PATH, set_session_cookie, methods=["POST"]),
        Route(sessions.CLEAR_COOKIE_PATH, clear_session_cookie, methods=["POST"]),
    ],
)
