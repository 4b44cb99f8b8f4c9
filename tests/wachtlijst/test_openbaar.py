"""/openbaar/: the public index of the networks' waitlist pages, linked from every page."""

import pytest
from django.urls import reverse

from tests.netwerk.factories import NetwerkFactory

pytestmark = pytest.mark.django_db


def test_openbaar_lists_every_network_with_a_link_to_its_public_page(
    client, django_assert_max_num_queries
):
    netwerken = [NetwerkFactory() for _ in range(3)]
    with django_assert_max_num_queries(3):
        response = client.get("/openbaar/")
    assert response.status_code == 200
    html = response.content.decode()
    for netwerk in netwerken:
        assert reverse("wachtlijst:publiek", args=[netwerk.slug]) in html
    assert "Nog geen cijfers gepubliceerd" in html
    assert reverse("signaalteam:meldpunt") in html


def test_public_pages_link_to_the_index(client):
    netwerk = NetwerkFactory()
    for path in (
        reverse("signaalteam:meldpunt"),
        reverse("wachtlijst:publiek", args=[netwerk.slug]),
        reverse("accounts:login"),
    ):
        assert 'href="/openbaar/"' in client.get(path).content.decode(), path
