"""The beheerder's page of the delivery keys of every network (docs/decisions/0018)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from casemanagement.aanlevering.models import Aanlevering, AanleverSleutel, AanleverStatus, Kanaal
from casemanagement.aanlevering.sleutels import sleutel_issue, sleutel_revoke
from netwerk.models import Organisatie
from tests.casemanagement.aanlevering.test_aanlevering import _batch, _lever, _wereld
from tests.casemanagement.factories import aanbieder_in, valid_bsn
from tests.netwerk.factories import coordinator_of

pytestmark = pytest.mark.django_db

LIJST = reverse("casemanagement:aanlevering_sleutels_beheer")


def _intrekken(sleutel):
    return reverse("casemanagement:aanlevering_sleutel_intrekken_beheer", args=[sleutel.pk])


def _uitgeven(netwerk, organisatie, naam="ECD"):
    return sleutel_issue(
        actor=Actor.of(coordinator_of(netwerk)),
        netwerk=netwerk,
        organisatie=organisatie,
        naam=naam,
    )


def _aanlevering(sleutel, status, dagen_geleden):
    aanlevering = Aanlevering.objects.create(
        netwerk=sleutel.netwerk,
        organisatie=sleutel.organisatie,
        sleutel=sleutel,
        kanaal=Kanaal.API,
        status=status,
    )
    ontvangen = timezone.now() - dt.timedelta(days=dagen_geleden)
    Aanlevering.objects.filter(pk=aanlevering.pk).update(ontvangen_op=ontvangen)


def _rij(page: str, tekst: str) -> str:
    """The table row that holds the text."""
    begin = page.rindex("<tr>", 0, page.index(tekst))
    return page[begin : page.index("</tr>", begin)]


def test_beheerder_sees_the_keys_of_every_network_with_their_use(
    beheerder_client, beheerder, netwerk, other_netwerk
):
    haaglanden = aanbieder_in(netwerk)
    twente = aanbieder_in(other_netwerk)
    sleutel, _plat = _uitgeven(netwerk, haaglanden, naam="ECD Haaglanden")
    ingetrokken, _plat = _uitgeven(other_netwerk, twente, naam="ECD Twente")
    sleutel_revoke(actor=Actor.of(beheerder), sleutel=ingetrokken)
    _aanlevering(sleutel, AanleverStatus.VERWERKT, dagen_geleden=40)
    _aanlevering(sleutel, AanleverStatus.VERWERKT, dagen_geleden=20)
    _aanlevering(sleutel, AanleverStatus.GEWEIGERD, dagen_geleden=1)

    page = beheerder_client.get(LIJST).content.decode()

    rij = _rij(page, "ECD Haaglanden")
    assert netwerk.naam in rij and haaglanden.naam in rij
    assert f"dnk_{sleutel.prefix}_" in rij
    assert "2 aanleveringen in 30 dagen" in rij  # two of its three in the last 30 days
    assert "Laatste: Geweigerd: niets verwerkt" in rij  # the last receipt
    assert sleutel.aangemaakt_door.naam in rij
    assert f'href="{_intrekken(sleutel)}"' in rij
    rij = _rij(page, "ECD Twente")
    assert other_netwerk.naam in rij and "Ingetrokken op" in rij and beheerder.naam in rij
    assert f'href="{_intrekken(ingetrokken)}"' not in rij
    assert "0 aanleveringen in 30 dagen" in rij and "nooit gebruikt" in rij
    assert "Laatste:" not in rij


def test_the_list_filters_by_network_organisation_and_status(
    beheerder_client, beheerder, netwerk, other_netwerk
):
    eerste, tweede = aanbieder_in(netwerk), aanbieder_in(netwerk)
    _uitgeven(netwerk, eerste, naam="Sleutel A")
    b, _plat = _uitgeven(netwerk, tweede, naam="Sleutel B")
    _uitgeven(other_netwerk, aanbieder_in(other_netwerk), naam="Sleutel C")
    sleutel_revoke(actor=Actor.of(beheerder), sleutel=b)

    def namen(**filters):
        page = beheerder_client.get(LIJST, filters)
        return {s.naam for s in page.context["page"]}

    assert namen() == {"Sleutel A", "Sleutel B", "Sleutel C"}
    assert namen(netwerk=netwerk.pk) == {"Sleutel A", "Sleutel B"}
    assert namen(organisatie=tweede.pk) == {"Sleutel B"}
    assert namen(status="actief") == {"Sleutel A", "Sleutel C"}
    assert namen(netwerk=netwerk.pk, status="ingetrokken") == {"Sleutel B"}
    # a filter that makes no sense is a message on the form, never a 500
    response = beheerder_client.get(LIJST, {"netwerk": "abc", "status": "kapot"})
    assert response.status_code == 200
    assert response.context["filters"].errors


def test_the_list_is_paginated_with_its_filters_and_its_queries_do_not_grow(
    beheerder_client, netwerk, other_netwerk, django_assert_max_num_queries
):
    organisatie = aanbieder_in(netwerk)
    sleutel, _plat = _uitgeven(netwerk, organisatie)
    _aanlevering(sleutel, AanleverStatus.VERWERKT, dagen_geleden=1)
    with django_assert_max_num_queries(30) as weinig:
        beheerder_client.get(LIJST, {"netwerk": netwerk.pk})

    for nummer in range(30):
        sleutel, _plat = _uitgeven(netwerk, aanbieder_in(netwerk), naam=f"Extra {nummer}")
        _aanlevering(sleutel, AanleverStatus.GEWEIGERD, dagen_geleden=2)
        _aanlevering(sleutel, AanleverStatus.VERWERKT, dagen_geleden=1)
        _uitgeven(other_netwerk, aanbieder_in(other_netwerk))
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        response = beheerder_client.get(LIJST, {"netwerk": netwerk.pk})

    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"]) == 25
    page = response.content.decode()
    assert f"?netwerk={netwerk.pk}&amp;pagina=2" in page
    tweede = beheerder_client.get(LIJST, {"netwerk": netwerk.pk, "pagina": 2})
    assert len(tweede.context["page"]) == 6


def test_beheerder_issues_a_key_for_any_network_shown_once_and_it_delivers(
    beheerder_client, netwerk, other_netwerk
):
    organisatie, _casemanager = _wereld(netwerk, "GM0518", "petra@zorg.example.nl")
    aanbieder_in(other_netwerk)

    response = beheerder_client.post(
        LIJST, {"aanbieder": f"{netwerk.pk}-{organisatie.pk}", "naam": "ECD"}
    )

    plat = response.context["nieuwe_sleutel"]
    assert plat.startswith("dnk_") and plat in response.content.decode()
    sleutel = AanleverSleutel.objects.get()
    assert (sleutel.netwerk, sleutel.organisatie) == (netwerk, organisatie)
    assert plat not in beheerder_client.get(LIJST).content.decode()
    assert _lever(plat, _batch(valid_bsn(), valid_bsn())).status_code == 201


def test_a_provider_not_affiliated_in_the_network_gets_no_key(
    beheerder_client, netwerk, other_netwerk
):
    elders = aanbieder_in(other_netwerk)
    nergens = Organisatie.objects.create(naam="Nergens aangesloten")
    for waarde in (f"{netwerk.pk}-{elders.pk}", f"{netwerk.pk}-{nergens.pk}", "x", ""):
        response = beheerder_client.post(LIJST, {"aanbieder": waarde, "naam": "ECD"})
        assert response.status_code == 200
        assert response.context["form"].errors["aanbieder"]
    response = beheerder_client.post(LIJST, {"aanbieder": f"{other_netwerk.pk}-{elders.pk}"})
    assert response.context["form"].errors["naam"]
    assert not AanleverSleutel.objects.exists()


def test_beheerder_revokes_a_key_after_confirming(beheerder_client, beheerder, netwerk):
    sleutel, plat = _uitgeven(netwerk, _wereld(netwerk, "GM0518", "petra@zorg.example.nl")[0])

    bevestigen = beheerder_client.get(_intrekken(sleutel))

    assert bevestigen.status_code == 200
    assert f"dnk_{sleutel.prefix}_" in bevestigen.content.decode()
    sleutel.refresh_from_db()
    assert sleutel.is_actief
    response = beheerder_client.post(_intrekken(sleutel), follow=True)
    assert "is ingetrokken" in response.content.decode()
    sleutel.refresh_from_db()
    assert not sleutel.is_actief and sleutel.ingetrokken_door == beheerder
    assert _lever(plat, _batch(valid_bsn(), valid_bsn())).status_code == 401
    # once more: nothing changes, the page says so
    response = beheerder_client.post(_intrekken(sleutel), follow=True)
    assert "al ingetrokken" in response.content.decode()


def test_only_the_beheerder_opens_every_networks_keys(client, netwerk, coordinator, casemanager):
    sleutel, _plat = _uitgeven(netwerk, aanbieder_in(netwerk))
    for user in (coordinator, casemanager):
        client.force_login(user)
        assert client.get(LIJST).status_code == 403
        assert client.post(LIJST, {"aanbieder": "x", "naam": "ECD"}).status_code == 403
        assert client.post(_intrekken(sleutel)).status_code == 403
    sleutel.refresh_from_db()
    assert sleutel.is_actief
    # the coordinator keeps the page of their own network
    client.force_login(coordinator)
    assert client.get(reverse("casemanagement:aanlevering_sleutels")).status_code == 200


def test_the_beheerders_menu_leads_to_the_keys(beheerder_client, client, coordinator):
    assert f'href="{LIJST}"' in beheerder_client.get(reverse("start")).content.decode()
    client.force_login(coordinator)
    assert f'href="{LIJST}"' not in client.get(reverse("start")).content.decode()
