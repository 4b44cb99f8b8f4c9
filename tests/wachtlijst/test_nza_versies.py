"""A corrected NZa quarter is a new version; the reader who got v1 gets v2 as well, so v2 is
suppressed against v1 (issue 14, decision 0016): a cell that moved by 1 to 4 persons is
hidden, with a complement, in every output that shows versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import disclosure
from tests.netwerk.factories import coordinator_of
from wachtlijst.models import KwartaalStatus, NzaKwartaal, NzaKwartaalRegel
from wachtlijst.nza.selectors import zichtbaar_kwartaal, zichtbare_kwartalen

pytestmark = pytest.mark.django_db

P = dt.date(2026, 7, 1)


def versie(netwerk, nummer: int, wachtend: list[int], door) -> NzaKwartaal:
    """A published version of the quarter on P; the one before it becomes "vervangen"."""
    NzaKwartaal.objects.filter(
        netwerk=netwerk, peildatum=P, status=KwartaalStatus.GEPUBLICEERD
    ).update(status=KwartaalStatus.VERVANGEN)
    kwartaal = NzaKwartaal.objects.create(
        netwerk=netwerk,
        peildatum=P,
        versie=nummer,
        reden="" if nummer == 1 else "Dubbele aanmelding",
        aangemaakt_op=timezone.now(),
        aantal_wachtend=sum(wachtend),
        aantal_zes_weken_of_langer=0,
        aantal_in_zorg=0,
        fte_casemanagers=Decimal(0),
        aantal_casemanagers=0,
        gemiddelde_wachtdagen=Decimal("20.0"),
    )
    for i, n in enumerate(wachtend):
        NzaKwartaalRegel.objects.create(
            kwartaal=kwartaal,
            volgorde=i,
            agb_code=f"{i + 1:08d}",
            vestiging_naam=f"Vestiging {i}",
            organisatie_naam=f"Aanbieder {i}",
            wachtend=n,
            zes_weken_of_langer=0,
            in_zorg=0,
            fte_casemanagers=Decimal(0),
            aantal_casemanagers=0,
        )
    NzaKwartaal.objects.filter(pk=kwartaal.pk).update(
        status=KwartaalStatus.GEPUBLICEERD, gepubliceerd_op=timezone.now(), gepubliceerd_door=door
    )
    kwartaal.refresh_from_db()
    return kwartaal


@pytest.fixture
def versies(netwerk):
    coordinator = coordinator_of(netwerk)
    v1 = versie(netwerk, 1, [22, 23], coordinator)
    v2 = versie(netwerk, 2, [22, 25], coordinator)  # the correction moved 2 persons
    return v1, v2


def test_a_cell_that_moved_by_two_persons_is_hidden_in_the_correction(versies):
    v1, v2 = versies
    eerst = zichtbaar_kwartaal(v1, onderdrukken=True)
    assert [r.wachtend for r in eerst.regels] == [22, 23] and eerst.aantal_wachtend == 45
    daarna = zichtbaar_kwartaal(v2, onderdrukken=True)
    assert daarna.regels[0].wachtend == 22
    assert disclosure.is_onderdrukt(daarna.regels[1].wachtend)
    assert disclosure.is_onderdrukt(daarna.aantal_wachtend)
    # the average over a hidden total goes with it
    assert disclosure.is_onderdrukt(daarna.gemiddelde_wachtdagen)
    # the coordinator sees everything
    assert zichtbaar_kwartaal(v2, onderdrukken=False).aantal_wachtend == 47
    # the list reads both in two queries, each version as it was shown
    assert zichtbare_kwartalen([v2, v1], onderdrukken=True)[v2.pk] == daarna


def test_a_correction_by_five_or_more_is_shown(netwerk):
    coordinator = coordinator_of(netwerk)
    versie(netwerk, 1, [22, 23], coordinator)
    v2 = versie(netwerk, 2, [22, 30], coordinator)
    assert zichtbaar_kwartaal(v2, onderdrukken=True).aantal_wachtend == 52


def test_every_output_with_versions_hides_the_moved_cell(netwerk, verzekeraar, versies):
    v1, v2 = versies
    web = Client()
    web.force_login(verzekeraar)
    api = APIClient()
    api.force_authenticate(verzekeraar)

    data = api.get(
        reverse("api:nza-kwartaal", args=[netwerk.pk]) + f"?peildatum={P:%Y-%m-%d}"
    ).json()
    assert data["versie"] == 2
    assert data["totaal"]["aantal_wachtend_onderdrukt"] is True
    assert data["vestigingen"][1]["wachtend_onderdrukt"] is True

    for naam in ("wachtlijst:nza_export_csv", "wachtlijst:nza_export_xlsx"):
        response = web.get(reverse(naam, args=[v2.pk]))
        inhoud = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"25" not in inhoud and b"47" not in inhoud, naam
    for html in (
        web.get(reverse("wachtlijst:nza_detail", args=[v2.pk])).content.decode(),
        web.get(reverse("wachtlijst:nza_list", args=[netwerk.pk])).content.decode(),
        Client().get(reverse("wachtlijst:publiek", args=[netwerk.slug])).content.decode(),
    ):
        assert ">25<" not in html and ">47<" not in html
    # v1 itself stays as it was published
    html = web.get(reverse("wachtlijst:nza_detail", args=[v1.pk])).content.decode()
    assert ">45<" in html and ">23<" in html
