"""`desk serve`'s guard: loopback by default, a shared secret for anything else, and no page,
script or websocket for a request without it."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from desk.serve.secret import COOKIE, SecretError, session_value
from desk.serve.server import DeskServer, ServeError, is_loopback

SECRET = "correct horse battery staple"


@pytest.fixture
async def client():
    server = DeskServer(["--store", "desk.json"], host="0.0.0.0", port=0, secret=SECRET)
    async with TestClient(TestServer(await server._make_app())) as client:
        yield client


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.9", "localhost", "::1", "[::1]"])
def test_loopback_needs_no_secret(host):
    assert is_loopback(host)
    DeskServer([], host=host, port=8000)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "desk.example.org"])
def test_any_other_address_needs_a_secret(host):
    assert not is_loopback(host)
    with pytest.raises(ServeError, match="needs a shared secret"):
        DeskServer([], host=host, port=8000)


def test_a_short_secret_is_refused():
    with pytest.raises(SecretError, match="at least 12"):
        DeskServer([], host="0.0.0.0", port=8000, secret="hunter2")


@pytest.mark.parametrize("path", ["/", "/ws", "/static/js/textual.js", "/download/x"])
async def test_a_request_without_the_secret_is_refused(client, path):
    response = await client.get(path, allow_redirects=False)
    assert response.status == 401
    assert COOKIE not in response.cookies


async def test_the_front_page_asks_for_the_secret(client):
    response = await client.get("/")
    assert response.status == 401
    page = await response.text()
    assert 'type="password"' in page and "shared secret" in page


@pytest.mark.parametrize("wrong", ["", "correct horse battery", SECRET + "!", SECRET.upper()])
async def test_a_wrong_secret_is_refused(client, wrong):
    login = await client.post("/login", data={"token": wrong}, allow_redirects=False)
    assert login.status == 403
    assert COOKIE not in login.cookies
    by_address = await client.get("/", params={"token": wrong}, allow_redirects=False)
    assert by_address.status == 401
    assert (await client.get("/ws", cookies={COOKIE: wrong})).status == 401


async def test_the_login_form_admits_with_a_cookie_that_is_not_the_secret(client):
    login = await client.post("/login", data={"token": SECRET}, allow_redirects=False)
    assert login.status == 303 and login.headers["Location"] == "/"
    cookie = login.cookies[COOKIE]
    assert cookie.value == session_value(SECRET) and SECRET not in cookie.value
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    page = await client.get("/")
    assert page.status == 200
    assert "textual.js" in await page.text()
    assert (await client.get("/static/js/textual.js")).status == 200


async def test_the_secret_in_the_address_is_swapped_for_the_cookie(client):
    response = await client.get("/", params={"token": SECRET}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    assert response.cookies[COOKIE].value == session_value(SECRET)


async def test_another_sites_page_cannot_use_the_cookie(client):
    await client.post("/login", data={"token": SECRET}, allow_redirects=False)
    response = await client.get("/ws", headers={"Origin": "https://evil.example"})
    assert response.status == 403


def test_desk_serve_off_loopback_without_a_secret_says_so(desk_cli, store_path, monkeypatch):
    monkeypatch.delenv("DESK_SERVE_TOKEN", raising=False)
    result = desk_cli(store_path, "serve", "--host", "0.0.0.0", "--port", "1")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "desk: listening on 0.0.0.0 needs a shared secret: set DESK_SERVE_TOKEN or pass "
        "--token-file (see the README)"]
