"""Waiting people who already receive wijkverpleging (Aanmelding.ontvangt_wijkverpleging,
decision 0025): recorded at registration (page and API), counted among those waiting on the
coordinator's waitlist and in the national inventory, where an insurer sees a small count as
"<5" and a total that would give it away as "x" (accounts.disclosure)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import disclosure
from accounts.models import Role
from casemanagement.models import Aanmelding, Afmeldreden
from netwerk.models import Netwerk
from tests.casemanagement.factories import AanmeldingFactory, CasemanagerFactory, ClientFactory
from tests.netwerk.factories import (
    NetwerkFactory,
    ZorgverzekeraarFactory,
    coordinator_of,
    national_user,
    verzekeraar_user,
)
from wachtlijst.landelijk import selectors as landelijk
from wachtlijst.landelijk.permissions import zichtbare_inventarisatie
from wachtlijst.selectors import samenvatting

pytestmark = pytest.mark.django_db

P = dt.date(2026, 10, 1)


def wachtend(netwerk, *, wijkverpleging: bool, afgemeld: bool = False) -> Aanmelding:
    return AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        netwerk=netwerk,
        datum=P - dt.timedelta(days=20),
        ontvangt_wijkverpleging=wijkverpleging,
        afgemeld_op=P - dt.timedelta(days=2) if afgemeld else None,
        afmeldreden=Afmeldreden.AFZIEN if afgemeld else "",
    )


@pytest.fixture
def twee():
    """Groot: 8 waiting, 6 of them with wijkverpleging. Klein: 5 waiting, 3 with
    wijkverpleging (and one with it who left the list: not counted)."""
    regio = ZorgverzekeraarFactory()
    groot = NetwerkFactory(naam="Dementienetwerk Groot", preferente_zorgverzekeraar=regio)
    klein = NetwerkFactory(naam="Dementienetwerk Klein", preferente_zorgverzekeraar=regio)
    for i in range(8):
        wachtend(groot, wijkverpleging=i < 6)
    for i in range(5):
        wachtend(klein, wijkverpleging=i < 3)
    wachtend(klein, wijkverpleging=True, afgemeld=True)
    return groot, klein, regio


def test_only_those_waiting_on_the_peildatum_are_counted(twee):
    _groot, klein, _regio = twee

    assert samenvatting(Aanmelding.objects.filter(netwerk=klein), P).aantal_wijkverpleging == 3
    inventaris = landelijk.inventarisatie(Netwerk.objects.all(), P)
    assert [r.samenvatting.aantal_wijkverpleging for r in inventaris.regels] == [6, 3]
    assert inventaris.totalen.aantal_wijkverpleging == 9


def test_inventory_hides_a_small_count_and_the_total_that_would_reveal_it(twee):
    inventaris = landelijk.inventarisatie(Netwerk.objects.all(), P)

    getoond = zichtbare_inventarisatie(inventaris, onderdrukken=True)
    groot, klein = (r.samenvatting.aantal_wijkverpleging for r in getoond.regels)
    assert groot == 6
    assert klein == disclosure.KLEIN
    # 9 - 6 would give the 3 away: the total gives way (the networks' own rows stay)
    assert disclosure.is_onderdrukt(getoond.totalen.aantal_wijkverpleging)

    heel = zichtbare_inventarisatie(inventaris, onderdrukken=False)
    assert heel.totalen.aantal_wijkverpleging == 9


def test_insurer_sees_less_than_five_on_the_page_and_null_with_a_flag_in_the_api(client, twee):
    _groot, _klein, regio = twee
    insurer = verzekeraar_user(regio)
    client.force_login(insurer)

    html = client.get(f"/wachtlijst/landelijk/?peildatum={P}").content.decode()
    rij = html.split("Dementienetwerk Klein</a>")[1].split("</tr>")[0]
    assert rij.rstrip().endswith('<td class="getal">&lt;5</td>')
    assert "waarvan x al met wijkverpleging" in html

    api = APIClient()
    api.force_authenticate(insurer)
    body = api.get(f"/api/v1/wachtlijst/landelijk/?peildatum={P}").json()
    klein = next(r for r in body["netwerken"] if r["netwerk"]["naam"] == "Dementienetwerk Klein")
    assert klein["aantal_wijkverpleging"] is None
    assert klein["aantal_wijkverpleging_onderdrukt"] is True
    assert body["totalen"]["aantal_wijkverpleging_onderdrukt"] is True


def test_national_roles_see_the_counts_whole(client, twee):
    client.force_login(national_user(Role.SIGNAALTEAM))

    html = client.get(f"/wachtlijst/landelijk/?peildatum={P}").content.decode()

    assert "waarvan 9 al met wijkverpleging" in html
    rij = html.split("Dementienetwerk Klein</a>")[1].split("</tr>")[0]
    assert rij.rstrip().endswith('<td class="getal">3</td>')


def test_coordinator_sees_the_count_on_the_waitlist(client, twee):
    _groot, klein, _regio = twee
    client.force_login(coordinator_of(klein))

    html = client.get(f"/netwerken/{klein.pk}/wachtlijst/?peildatum={P}").content.decode()

    assert "waarvan 3 al met wijkverpleging" in html


def test_registration_through_the_api_records_wijkverpleging(netwerk):
    from netwerk.models import Gemeente
    from tests.casemanagement.factories import valid_bsn
    from tests.netwerk.factories import WerkgebiedFactory

    WerkgebiedFactory(netwerk=netwerk, gemeente=Gemeente.objects.get(cbs_code="GM0518"))
    cm = CasemanagerFactory(netwerk=netwerk)
    api = APIClient()
    api.force_authenticate(cm.user)
    body = {
        "bsn": valid_bsn(),
        "voornaam": "Johanna",
        "achternaam": "Jansen",
        "geboortedatum": "1942-03-14",
        "gemeente": "GM0518",
        "datum": "2026-09-01",
        "verwijzer_type": "wijkverpleging",
        "ontvangt_wijkverpleging": True,
    }

    response = api.post("/api/v1/aanmeldingen/", body, format="json")

    assert response.status_code == 201, response.json()
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.ontvangt_wijkverpleging is True
    detail = api.get(f"/api/v1/aanmeldingen/{aanmelding.pk}/").json()
    assert detail["ontvangt_wijkverpleging"] is True
    # not sent: False (no or not known), the documented default
    body.update(bsn=valid_bsn(), achternaam="Pietersen")
    assert api.post("/api/v1/aanmeldingen/", body | {"ontvangt_wijkverpleging": False}).json()
    assert Aanmelding.objects.filter(ontvangt_wijkverpleging=False).count() == 1


def test_registration_form_offers_and_records_wijkverpleging(client, netwerk):
    from django.utils import timezone

    from tests.casemanagement.factories import gemeente_in, valid_bsn

    cm = CasemanagerFactory(netwerk=netwerk)
    client.force_login(cm.user)
    url = reverse("casemanagement:client_create")
    assert 'name="ontvangt_wijkverpleging"' in client.get(url).content.decode()
    data = {
        "bsn": valid_bsn(),
        "voornaam": "Grietje",
        "achternaam": "Hoogland",
        "geboortedatum": "1941-03-02",
        "geslacht": "vrouw",
        "gemeente": gemeente_in(netwerk).pk,
        "diagnose_status": "geen",
        "datum": timezone.localdate().isoformat(),
        "verwijzer_type": "wijkverpleging",
        "urgentie": "normaal",
        "ontvangt_wijkverpleging": "on",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert Aanmelding.objects.get().ontvangt_wijkverpleging is True
