"""The coordinator's werkbak: the start page that says what needs doing today
(docs/decisions/0019)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import AccessLogEntry
from netwerk import services as netwerk_services
from rapportage.werkbak import nza_deadlines
from signaalteam.models import SignaalStatus
from tests.casemanagement.factories import RegisteredAanmeldingFactory
from tests.signaalteam.factories import SignaalFactory

pytestmark = pytest.mark.django_db

VANDAAG = dt.date(2026, 12, 3)


@pytest.fixture
def co_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _wachtenden(netwerk, aantal, start=dt.date(2026, 10, 1)):
    for index in range(aantal):
        RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=start + dt.timedelta(days=index))


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC))
def test_a_coordinator_starts_on_the_werkbak(co_client):
    response = co_client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("rapportage:werkbak")


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC))
def test_werkbak_shows_what_needs_doing(co_client, netwerk, coordinator):
    oud = RegisteredAanmeldingFactory(
        client__netwerk=netwerk, client__achternaam="Oudewacht", datum=dt.date(2026, 9, 1)
    )
    hoog = RegisteredAanmeldingFactory(
        client__netwerk=netwerk,
        client__achternaam="Hoogdringend",
        datum=dt.date(2026, 11, 30),
        urgentie="hoog",
    )
    gesprek = netwerk_services.voortgangsgesprek_create(
        netwerk=netwerk, actor=Actor.of(coordinator), datum=dt.date(2026, 6, 1), deelnemers="A"
    )
    netwerk_services.afspraak_create(
        gesprek=gesprek,
        actor=Actor.of(coordinator),
        omschrijving="Cijfers nasturen",
        eigenaar="Coördinator",
        opvolgdatum=dt.date(2026, 11, 1),
    )
    SignaalFactory(titel="Wachtlijst Delft", netwerken=[netwerk])
    SignaalFactory(
        titel="Al opgelost",
        netwerken=[netwerk],
        status=SignaalStatus.OPGELOST,
        gesloten_op=dt.date(2026, 11, 20),
        oplossing="Extra casemanager ingezet.",
    )

    html = co_client.get(reverse("rapportage:werkbak")).content.decode()

    assert "Boven de Treeknorm" in html and "Dreigt" in html
    # the Hoog referral first, though registered last
    assert html.index("Hoogdringend") < html.index("Oudewacht")
    assert reverse("casemanagement:aanmelding_assign", args=[hoog.pk]) in html
    assert "Cijfers nasturen" in html and "Over tijd" in html
    assert "Wachtlijst Delft" in html and "Al opgelost" not in html
    assert "NZa-cijfers van het netwerk" in html
    # the names shown are client data: their reading is logged
    assert (
        AccessLogEntry.objects.filter(
            user=coordinator, client_id__in=[oud.client_id, hoog.client_id]
        ).count()
        == 2
    )


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC))
def test_werkbak_query_count_does_not_grow(co_client, netwerk, django_assert_max_num_queries):
    _wachtenden(netwerk, 2)
    SignaalFactory(netwerken=[netwerk])
    with django_assert_max_num_queries(40) as few:
        co_client.get(reverse("rapportage:werkbak"))
    _wachtenden(netwerk, 25, start=dt.date(2026, 9, 1))
    for _ in range(12):
        SignaalFactory(netwerken=[netwerk])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = co_client.get(reverse("rapportage:werkbak"))
    assert response.status_code == 200


def test_werkbak_is_the_coordinators_only(client, casemanager, verzekeraar):
    for user in (casemanager, verzekeraar):
        client.force_login(user)
        assert client.get(reverse("rapportage:werkbak")).status_code == 403


def test_nza_deadlines_of_the_quarter(netwerk):
    # 3 October: the providers' figures by 10 October, the network's by 20 October
    in_oktober = nza_deadlines(netwerk, dt.date(2026, 10, 3))
    assert [(d.datum, d.klaar) for d in in_oktober] == [
        (dt.date(2026, 10, 10), False),
        (dt.date(2026, 10, 20), False),
    ]
    # in December the October deadlines are past (and not met), January's are next
    in_december = nza_deadlines(netwerk, VANDAAG)
    assert [d.datum for d in in_december] == [
        dt.date(2026, 10, 10),
        dt.date(2026, 10, 20),
        dt.date(2027, 1, 10),
        dt.date(2027, 1, 20),
    ]
    assert in_december[1].over_tijd(VANDAAG)


def test_the_coordinator_menu_has_the_werkbak_once_and_no_separate_start(client, netwerk):
    from tests.netwerk.factories import coordinator_of

    client.force_login(coordinator_of(netwerk))
    page = client.get(reverse("rapportage:werkbak")).content.decode()
    menu = page[page.index('class="site-nav"') : page.index("</nav>")]
    assert menu.count(reverse("rapportage:werkbak")) == 1
    assert ">Start<" not in menu


def test_the_providers_deadline_is_met_only_when_every_vestiging_confirmed(netwerk):
    """Not because the day passed: in December the October step of a provider that never
    confirmed is over time, and done once its one vestiging confirmed."""
    from decimal import Decimal

    from django.utils import timezone

    from tests.accounts.factories import UserFactory
    from tests.netwerk.factories import AansluitingFactory, VestigingFactory
    from wachtlijst.models import NzaAanlevering, RegelBron

    vestiging = VestigingFactory()
    AansluitingFactory(netwerk=netwerk, organisatie=vestiging.organisatie)
    oktober = nza_deadlines(netwerk, VANDAAG)[0]
    assert (oktober.datum, oktober.klaar) == (dt.date(2026, 10, 10), False)
    assert oktober.over_tijd(VANDAAG)

    NzaAanlevering.objects.create(
        netwerk=netwerk,
        peildatum=dt.date(2026, 10, 1),
        organisatie=vestiging.organisatie,
        vestiging=vestiging,
        agb_code=vestiging.agb_code,
        status=RegelBron.BEVESTIGD,
        wachtend=0,
        zes_weken_of_langer=0,
        in_zorg=0,
        fte_casemanagers=Decimal("1.00"),
        aantal_casemanagers=1,
        vastgelegd_op=timezone.now(),
        vastgelegd_door=UserFactory(),
    )
    assert nza_deadlines(netwerk, VANDAAG)[0].klaar
