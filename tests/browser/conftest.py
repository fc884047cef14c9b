"""A live server for browser tests: a real WSGI server on a free loopback port, its own
database with the demo data, and Playwright driving Chromium (the system one when present)."""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.demo import DEMO_PASSWORD
from app.extensions import db
from tests.databases import config_for, migrate_to_latest, throwaway_database

SYSTEM_CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            # Stop Chromium calling out to the network on a closed machine.
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }
    if os.path.exists(SYSTEM_CHROMIUM):
        args["executable_path"] = SYSTEM_CHROMIUM
    return args


@pytest.fixture(scope="session")
def live_server():
    """The app served for real, with demo data. Yields its base URL."""
    with throwaway_database("browser") as url:
        migrate_to_latest(url)
        # Every test signs in from 127.0.0.1: lift the sign-in limit (it has its own unit tests).
        app = create_app(config_for(url, SIGN_IN_RATE_LIMIT="10000 per minute"))
        with app.app_context():
            from app.demo import seed_demo

            seed_demo()
            db.session.commit()  # as `flask seed-demo` does: services never commit
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)
            with app.app_context():
                db.engine.dispose()


@pytest.fixture
def console_errors(page):
    """What went wrong in the browser: script errors (a CSP refusal shows up here) and any
    stylesheet, script or image that failed to load. Pages themselves may answer 4xx (a form
    with errors is a 400), so the browser's own note about those is left out."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    return errors


class Visitor:
    """Signs in through the real form and takes screenshots for the CI artifacts."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/sign-in")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(self.base_url + "/")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def visitor(page, live_server) -> Visitor:
    return Visitor(page, live_server)
