"""Cache-Control and Content-Security-Policy on the responses (accounts.middleware)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.middleware import PrivateCacheControlMiddleware
from tests.casemanagement.factories import ClientFactory
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


def test_a_client_page_is_never_stored_by_a_cache(client, casemanager, netwerk):
    patient = ClientFactory(netwerk=netwerk)
    client.force_login(casemanager)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(reverse("casemanagement:client_list"), {"q": "x"}, headers=headers)
        assert response["Cache-Control"] == "private, no-store"
    response = client.get(reverse("casemanagement:client_detail", args=[patient.pk]))
    assert response.status_code in (200, 403, 404)
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["client_export", "client_export_xlsx"])
def test_an_export_is_never_stored_by_a_cache(client, coordinator, netwerk, name):
    ClientFactory(netwerk=netwerk)
    client.force_login(coordinator)
    response = client.get(reverse(f"casemanagement:{name}"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_api_answer_to_a_token_is_never_stored_by_a_cache(client, coordinator):
    token = Token.objects.create(user=coordinator)
    response = client.get(reverse("api:me"), headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_stay_cacheable(client, netwerk):
    for path in (reverse("signaalteam:meldpunt"), "/bestaat-niet/"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", "")


def test_a_cache_control_the_view_set_is_kept(rf: RequestFactory, coordinator):
    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "no-cache"
        return response

    request = rf.get("/")
    request.user = coordinator
    assert PrivateCacheControlMiddleware(view)(request)["Cache-Control"] == "no-cache"


def test_pages_public_pages_and_errors_have_the_strict_policy(client, coordinator):
    for path in (reverse("accounts:login"), reverse("signaalteam:meldpunt"), "/bestaat-niet/"):
        assert client.get(path)["Content-Security-Policy"] == STRICT
    client.force_login(coordinator)
    assert client.get(reverse("start"), follow=True)["Content-Security-Policy"] == STRICT
    assert client.get(reverse("api:docs"))["Content-Security-Policy"] == STRICT


def test_the_django_admin_allows_inline_styles_and_nothing_more(client, beheerder):
    beheerder.is_staff = beheerder.is_superuser = True
    beheerder.save()
    verify_second_factor(client, beheerder)
    response = client.get("/beheer/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy == STRICT.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def test_the_page_tells_htmx_to_inject_no_style_and_evaluate_nothing(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
