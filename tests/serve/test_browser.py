"""The bar: the desk in a real browser. `desk serve` on a loopback port behind a shared
secret, Debian's headless chromium (driven by Selenium through chromedriver) opens it, sees
the seed story in the queue, approves it with a key, and the store has it approved."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from desk.serve.secret import COOKIE

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "stories" / "000_132f97d57f8e284e.txt"
SEED_HEADLINE = "Erdogan seeks Putin to help contain Idlib violence"
SECRET = "a shared secret for the browser test"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--window-size=1400,900")
# xterm.js draws on a canvas, so the page has no text to read: this catches the terminal
# object as textual.js creates it, and the test reads xterm's own screen buffer.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    if (value && value.buffer) { window.__deskTerminal = value; }
    Object.defineProperty(this, 'terminal',
      {value, writable: true, configurable: true, enumerable: true});
  },
});
"""
SCREEN_TEXT = """
const term = window.__deskTerminal;
if (!term) { return ''; }
const buffer = term.buffer.active, lines = [];
for (let i = 0; i < buffer.length; i++) { lines.push(buffer.getLine(i).translateToString(true)); }
return lines.join('\\n');
"""


def _tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}")
                                   else None)
    if not found:
        pytest.skip(f"browser test: no {name} here (apt-get install chromium chromium-driver)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def desk_folder(tmp_path, desk_cli):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / SEED.name)
    store = tmp_path / "desk.json"
    result = desk_cli(store, "ingest", "--inbox", str(inbox))
    assert result.returncode == 0, result.stderr
    return tmp_path


@pytest.fixture
def served(desk_folder, desk_cmd):
    """`desk serve` on a free loopback port with the secret set; its whole process group
    (the server and each desk it started) is killed at the end."""
    command, env = desk_cmd
    port = _free_port()
    argv = command(desk_folder / "desk.json", "serve", "--port", str(port),
                   "--inbox", str(desk_folder / "inbox"), "--out", str(desk_folder / "out"))
    proc = subprocess.Popen(argv, env={**env, "DESK_SERVE_TOKEN": SECRET}, cwd=desk_folder,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("desk serve: http://127.0.0.1:"), (line, proc.poll())
        _until("the port to listen", lambda: _listening(port), timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _status(url: str, **headers: str) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _until(what: str, condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def browser(tmp_path):
    chromium, chromedriver = _tool("chromium"), _tool("chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the [test] extra")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=chromedriver)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": CATCH_TERMINAL})
        yield driver
    finally:
        driver.quit()


def test_a_request_without_the_secret_is_refused(served):
    assert _status(served + "/") == 401
    assert _status(served + "/ws") == 401
    assert _status(served + "/static/js/textual.js") == 401
    assert _status(served + "/ws", Cookie=f"{COOKIE}=guess") == 401


def test_the_desk_in_a_browser_approves_the_seed(served, browser, desk_folder, desk_cli):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(served + "/")
    assert "shared secret" in browser.page_source  # refused until the secret is given
    browser.find_element(By.NAME, "token").send_keys(SECRET + "\n")
    screen = _until("the queue with the seed's headline",
                    lambda: (text := browser.execute_script(SCREEN_TEXT))
                    and SEED_HEADLINE in text and text)
    assert "new" in screen
    terminal = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    ActionChains(browser).move_to_element(terminal).click().perform()
    ActionChains(browser).send_keys("a").perform()

    def approved() -> dict | None:
        result = desk_cli(desk_folder / "desk.json", "list", "--json")
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        return next((row for row in rows if row["status"] == "approved"), None)

    row = _until("the store to hold the approval", approved, timeout=30)
    assert row["headline"] == SEED_HEADLINE and row["filename"]
    _until("the desk to show it approved",
           lambda: "approved" in browser.execute_script(SCREEN_TEXT), timeout=15)
