"""`make screenshots`: the main page of each role (and the public pages) as PNGs in
docs/screenshots/, for the README, taken from the demo data the browser tests use, so the
pictures stay true to the application. Skipped unless SCREENSHOTS is set: a normal test run
does not rewrite files in the repository."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

from tests.e2e.browser import log_in, wait_for_panels

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.environ.get("SCREENSHOTS"), reason="make screenshots only"),
]

FOLDER = Path(settings.BASE_DIR) / "docs" / "screenshots"
VIEWPORT = {"width": 1366, "height": 900}
# file name -> (role to log in as, or None for the public; page to open after logging in)
SCREENS = {
    "netwerkcoordinator": ("netwerkcoordinator", "/"),
    "casemanager": ("casemanager", "/"),
    "verzekeraar": ("verzekeraar", "/rapporten/downloads/"),
    "signaalteam": ("signaalteam", "/"),
    "beheerder": ("beheerder", "/"),
    "openbaar": (None, "/openbaar/"),
    "meldpunt": (None, "/meldpunt/"),
}


def _save(page: Page, name: str) -> None:
    """A compressed PNG of what the screen shows (256 colours: a few tens of kilobytes)."""
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot()))
    small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    FOLDER.mkdir(parents=True, exist_ok=True)
    small.save(FOLDER / f"{name}.png", optimize=True)


@pytest.mark.parametrize("name", list(SCREENS))
def test_screenshot(demo, new_context, name):
    role, path = SCREENS[name]
    page = new_context(viewport=VIEWPORT).new_page()
    if role:
        log_in(page, role)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    wait_for_panels(page)
    _save(page, name)
