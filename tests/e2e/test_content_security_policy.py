"""Pages that are not our own markup work under their Content-Security-Policy: Swagger UI
under the strict one, the Django admin under its own. Every other page is visited by the
journeys and the accessibility walk; every browser context fails its test on a violation
(see conftest)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netwerk.models import Netwerk
from tests.e2e.browser import log_in
from tests.e2e.demo import HAAGLANDEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_api_docs_show_the_operations_under_their_policy(demo, page):
    log_in(page, "netwerkcoordinator")
    response = page.goto("/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_text("Dementienetwerk API").first).to_be_visible()


def test_django_admin_works_under_its_policy(demo, page):
    log_in(page, "beheerder")
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    for path in (
        "/beheer/",
        "/beheer/netwerk/netwerk/",
        f"/beheer/netwerk/netwerk/{haaglanden.pk}/change/",
        f"/beheer/netwerk/netwerk/{haaglanden.pk}/history/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("#content")).to_be_visible()
