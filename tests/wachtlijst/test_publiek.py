"""The public page of a network's NZa figures: no login, figures only (no names, BSN, dates
of birth, nor who published or why a quarter was corrected), "<5" for small counts, the
average wait only when at least 5 people wait, accessible Dutch markup."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import User
from casemanagement.models import Client
from tests.casemanagement.factories import aanbieder_in
from tests.netwerk.factories import VestigingFactory, coordinator_of
from tests.wachtlijst.test_nza import P, aanmelding, build_world, count_queries, days, grow
from wachtlijst.nza.services import (
    nza_kwartaal_concept,
    nza_kwartaal_correctie,
    nza_kwartaal_publish,
)

JULI = dt.date(2026, 7, 1)


def publiek_url(netwerk) -> str:
    return reverse("wachtlijst:publiek", args=[netwerk.slug])


def publish(netwerk, peildatum, user):
    return nza_kwartaal_publish(
        kwartaal=nza_kwartaal_concept(netwerk=netwerk, peildatum=peildatum, actor=Actor.system()),
        actor=Actor.of(user),
    )


@pytest.fixture
def world(netwerk):
    world = build_world(netwerk)
    for client in Client.objects.all():  # names no page text can contain by accident
        client.voornaam = f"Geheimvoornaam{client.pk}"
        client.achternaam = f"Geheimachternaam{client.pk}"
        client.save()
    return world


@pytest.fixture
def coordinator(netwerk):
    return coordinator_of(netwerk, user__naam="Coördinator Geheimnaam")


def test_anyone_reads_the_latest_published_figures_without_logging_in(client, world, coordinator):
    publish(world.netwerk, P, coordinator)
    response = client.get(publiek_url(world.netwerk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cijfers op 1 oktober 2026" in html
    assert 'class="getal">9</td>' in html  # waiting
    assert 'class="getal">&lt;5</td>' in html  # 3 waiting 6+ weeks, 3 in care, 4 casemanagers
    assert "27,2 dagen" in html  # 9 people wait: the average is shown
    assert "2,3" in html  # fte as is
    assert "Alfa Noord" in html and "Centraal aangemeld" in html


def test_public_page_shows_no_personal_data(client, world, coordinator):
    kwartaal = publish(world.netwerk, P, coordinator)
    nza_kwartaal_publish(
        kwartaal=nza_kwartaal_correctie(
            kwartaal=kwartaal, actor=Actor.of(coordinator), reden="Dubbele aanmelding Geheimreden"
        ),
        actor=Actor.of(coordinator),
    )
    html = client.get(publiek_url(world.netwerk)).content.decode()
    assert "geheim" not in html.lower()  # client names, the coordinator, the reason
    for client_row in Client.objects.all():
        assert client_row.bsn not in html
    for naam in User.objects.values_list("naam", flat=True):
        assert naam not in html
    assert "1940" not in html  # the clients' year of birth
    assert "Dit is een gecorrigeerde versie." in html


def test_small_networks_show_less_than_five_and_no_average(client, netwerk):
    organisatie = aanbieder_in(netwerk)
    VestigingFactory(organisatie=organisatie, naam="Klein", agb_code="14000001")
    aanmelding(netwerk, P - days(30), organisatie)
    publish(netwerk, P, coordinator_of(netwerk))
    html = client.get(publiek_url(netwerk)).content.decode()
    assert 'class="getal">1</td>' not in html
    # waiting: the total and the vestiging; nobody waits 6 weeks, is in care or is a
    # casemanager: zero describes nobody and is shown (docs/decisions/0016)
    assert html.count('class="getal">&lt;5</td>') == 2
    assert html.count('class="getal">0</td>') == 6
    assert "30,0" not in html and "30 dagen" not in html
    assert "niet getoond (minder dan 5 mensen wachten)" in html


def test_previous_published_quarters_are_listed_below_and_concepts_never(
    client, world, coordinator
):
    publish(world.netwerk, JULI, coordinator)
    publish(world.netwerk, P, coordinator)
    nza_kwartaal_concept(netwerk=world.netwerk, peildatum=dt.date(2026, 4, 1), actor=Actor.system())
    html = client.get(publiek_url(world.netwerk)).content.decode()
    laatste, eerdere = html.split('id="eerder-kop"')
    assert "1 oktober 2026" in laatste
    assert "1 juli 2026" in eerdere
    assert "1 april 2026" not in html


def test_a_correction_replaces_the_figures_once_published(client, world, coordinator):
    kwartaal = publish(world.netwerk, P, coordinator)
    aanmelding(world.netwerk, P - days(70), world.alfa)
    correctie = nza_kwartaal_correctie(
        kwartaal=kwartaal, actor=Actor.of(coordinator), reden="Te laat"
    )
    assert 'class="getal">9</td>' in client.get(publiek_url(world.netwerk)).content.decode()
    nza_kwartaal_publish(kwartaal=correctie, actor=Actor.of(coordinator))
    html = client.get(publiek_url(world.netwerk)).content.decode()
    # the correction moved one person: beside the 9 published before, a 10 would say so, so
    # the cells it changed by fewer than 5 are hidden (decision 0016), and the old figure
    # is gone too
    assert 'class="getal">10</td>' not in html
    assert 'class="getal">9</td>' not in html
    assert 'class="getal">x</td>' in html
    assert "Er zijn nog geen eerdere kwartalen gepubliceerd." in html


def test_friendly_message_when_nothing_is_published_yet(client, world):
    nza_kwartaal_concept(netwerk=world.netwerk, peildatum=P, actor=Actor.system())
    response = client.get(publiek_url(world.netwerk))
    assert response.status_code == 200
    assert "nog geen gepubliceerde cijfers" in response.content.decode()
    assert "Alfa Noord" not in response.content.decode()


def test_unknown_network_is_404(client, netwerk):
    assert client.get("/openbaar/bestaat-niet/wachtlijst/").status_code == 404


def test_public_page_is_accessible_dutch_markup(client, world, coordinator):
    publish(world.netwerk, JULI, coordinator)
    publish(world.netwerk, P, coordinator)
    html = client.get(publiek_url(world.netwerk)).content.decode()
    assert '<html lang="nl">' in html
    headings = re.findall(r"<h([1-6])", html)
    assert headings[0] == "1" and headings.count("1") == 1
    assert all(int(b) - int(a) <= 1 for a, b in itertools.pairwise(headings))
    tables = html.count("<table>")
    assert tables == 3
    assert html.count("<caption>") == tables
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "<th>" not in html and "<th " in html
    assert "<5" not in html  # always escaped: &lt;5


def test_public_page_takes_a_fixed_number_of_queries(client, netwerk):
    coordinator = coordinator_of(netwerk)
    grow(netwerk, 2)
    publish(netwerk, JULI, coordinator)
    publish(netwerk, P, coordinator)
    before = count_queries(lambda: client.get(publiek_url(netwerk)))
    grow(netwerk, 15)
    publish(netwerk, dt.date(2026, 4, 1), coordinator)
    kwartaal = nza_kwartaal_correctie(
        kwartaal=netwerk.nza_kwartalen.get(peildatum=P, status="gepubliceerd"),
        actor=Actor.of(coordinator),
        reden="Meer aanbieders",
    )
    nza_kwartaal_publish(kwartaal=kwartaal, actor=Actor.of(coordinator))
    assert kwartaal.regels.count() == 17
    # the earlier published versions are read too: a correction is suppressed against them
    # (decision 0016), still a fixed number however many rows and versions
    assert count_queries(lambda: client.get(publiek_url(netwerk))) == before <= 5
