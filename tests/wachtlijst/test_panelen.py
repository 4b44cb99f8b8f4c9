"""The waitlist panel that wachtlijst serves to the netwerk dashboard and to inkoop's
capacity page (wachtlijst.panelen, docs/decisions/0014-no-upward-edges.md)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.casemanagement.factories import AanmeldingFactory, ClientFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
OCTOBER_2026 = dt.datetime(2026, 10, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _paneel(netwerk, query=""):
    return reverse("wachtlijst:wachtlijst_paneel", args=[netwerk.pk]) + query


def _wachtend(netwerk, aantal, datum):
    for _ in range(aantal):
        AanmeldingFactory(client=ClientFactory(netwerk=netwerk), datum=datum)


def _get(client, user, url, **kwargs):
    client.force_login(user)
    with time_machine.travel(OCTOBER_2026):
        return client.get(url, **kwargs)


def test_panel_shows_the_networks_own_waitlist_today(client, netwerk, coordinator):
    _wachtend(netwerk, 6, dt.date(2026, 9, 1))
    AanmeldingFactory(datum=dt.date(2026, 9, 1))  # another network's

    response = _get(client, coordinator, _paneel(netwerk), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Wachtlijst op 1 oktober 2026" in content
    assert ">6<" in content
    assert "Binnen de norm" in content  # 30 days: within the Treeknorm


def test_panel_of_a_past_capacity_year_counts_on_its_last_day(client, netwerk, coordinator):
    _wachtend(netwerk, 2, dt.date(2026, 9, 1))  # after that year: not yet waiting

    content = _get(client, coordinator, _paneel(netwerk, "?jaar=2025"), headers=HTMX)

    assert "Wachtlijst op 31 december 2025" in content.content.decode()
    assert ">0<" in content.content.decode()


@pytest.mark.parametrize("query", ["?jaar=abc", "?jaar=1800", "?jaar=", "?jaar=2026.5"])
def test_panel_with_a_bad_year_shows_today(client, netwerk, coordinator, query):
    response = _get(client, coordinator, _paneel(netwerk, query), headers=HTMX)

    assert response.status_code == 200
    assert "Wachtlijst op 1 oktober 2026" in response.content.decode()


def test_panel_masks_small_counts_for_insurers(client, netwerk, coordinator, verzekeraar):
    _wachtend(netwerk, 4, dt.date(2026, 6, 1))  # 122 days: over the Treeknorm

    coordinator_panel = _get(client, coordinator, _paneel(netwerk), headers=HTMX)
    insurer_panel = _get(client, verzekeraar, _paneel(netwerk), headers=HTMX)

    assert ">4<" in coordinator_panel.content.decode()
    assert "Boven de norm" in coordinator_panel.content.decode()
    insurer = insurer_panel.content.decode()
    assert ">4<" not in insurer
    assert ">&lt;5<" in insurer


def test_panel_without_htmx_is_a_page_of_its_own(client, netwerk, coordinator):
    content = _get(client, coordinator, _paneel(netwerk)).content.decode()

    assert "<html" in content
    assert "<h1>Wachtlijst van Dementienetwerk Haaglanden</h1>" in content
    assert "Wachtlijst op 1 oktober 2026" in content


def test_panel_has_the_visibility_of_the_network_details(
    client, netwerk, other_netwerk, casemanager, coordinator, verzekeraar, signaalteam_user
):
    assert _get(client, verzekeraar, _paneel(netwerk), headers=HTMX).status_code == 200
    assert _get(client, signaalteam_user, _paneel(netwerk), headers=HTMX).status_code == 200
    assert _get(client, casemanager, _paneel(netwerk), headers=HTMX).status_code == 403
    assert _get(client, coordinator, _paneel(other_netwerk), headers=HTMX).status_code == 404


def test_panel_query_count_does_not_grow_with_the_waitlist(
    client, netwerk, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    _wachtend(netwerk, 2, dt.date(2026, 6, 1))
    with time_machine.travel(OCTOBER_2026), django_assert_max_num_queries(10) as few:
        client.get(_paneel(netwerk), headers=HTMX)
    _wachtend(netwerk, 15, dt.date(2026, 8, 1))
    with (
        time_machine.travel(OCTOBER_2026),
        django_assert_max_num_queries(len(few.captured_queries)),
    ):
        client.get(_paneel(netwerk), headers=HTMX)
