"""The one rule for what an insurer reads of a network, and who reads the
voortgangsgesprekken (netwerk.permissions, docs/decisions/0009-insurer-visibility.md)."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import Role
from inkoop.models import ContractStatus
from netwerk import services
from netwerk.models import Netwerk, Voortgangsgesprek
from netwerk.permissions import (
    can_view_netwerk_details,
    can_view_voortgangsgesprekken,
    netwerken_met_relatie,
    zorgverzekeraars_met_relatie,
)
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import (
    NetwerkFactory,
    ZorgverzekeraarFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def relaties(netwerk, other_netwerk):
    """One insurer per kind of contract in ``netwerk``, none preferent there."""
    insurers = {}
    for label, status, geaccepteerd in [
        ("afgesloten", ContractStatus.AFGESLOTEN, True),
        ("beeindigd na acceptatie", ContractStatus.BEEINDIGD, True),
        ("beeindigd zonder acceptatie", ContractStatus.BEEINDIGD, False),
        ("aangeboden", ContractStatus.AANGEBODEN, False),
        ("concept", ContractStatus.CONCEPT, False),
    ]:
        insurer = ZorgverzekeraarFactory(naam=f"Verzekeraar {label}")
        ContractFactory(
            netwerk=netwerk, zorgverzekeraar=insurer, status=status, geaccepteerd=geaccepteerd
        )
        insurers[label] = insurer
    insurers["elders afgesloten"] = ZorgverzekeraarFactory(naam="Verzekeraar elders")
    ContractFactory(netwerk=other_netwerk, zorgverzekeraar=insurers["elders afgesloten"])
    insurers["preferent"] = netwerk.preferente_zorgverzekeraar
    return insurers


def test_an_insurer_reads_a_network_only_through_an_agreed_relation(netwerk, relaties):
    reads = {
        label: can_view_netwerk_details(verzekeraar_user(insurer), netwerk)
        for label, insurer in relaties.items()
    }

    assert reads == {
        "afgesloten": True,
        "beeindigd na acceptatie": True,
        "beeindigd zonder acceptatie": False,
        "aangeboden": False,
        "concept": False,
        "elders afgesloten": False,
        "preferent": True,
    }


def test_both_directions_of_the_rule_agree(netwerk, other_netwerk, relaties):
    """netwerken_met_relatie (per insurer) and zorgverzekeraars_met_relatie (per network)
    are one rule: for every insurer and network they give the same answer."""
    netwerken = [netwerk, other_netwerk, NetwerkFactory(preferente_zorgverzekeraar=None)]
    for insurer, net in itertools.product(relaties.values(), netwerken):
        per_insurer = Netwerk.objects.filter(netwerken_met_relatie(insurer.pk), pk=net.pk).exists()
        per_network = zorgverzekeraars_met_relatie(net).filter(pk=insurer.pk).exists()
        assert per_insurer == per_network, (insurer, net)


def test_meetings_are_for_the_network_its_preferent_insurer_and_national_roles(
    netwerk, other_netwerk, relaties
):
    readers = {
        "coordinator": coordinator_of(netwerk),
        "coordinator elders": coordinator_of(other_netwerk),
        "casemanager": casemanager_of(netwerk),
        "preferent": verzekeraar_user(relaties["preferent"]),
        "afgesloten contract": verzekeraar_user(relaties["afgesloten"]),
        "beheerder": national_user(Role.BEHEERDER),
        "signaalteam": national_user(Role.SIGNAALTEAM),
    }
    gesprek = services.voortgangsgesprek_create(
        netwerk=netwerk,
        actor=Actor.of(readers["coordinator"]),
        datum=dt.date(2026, 3, 1),
        deelnemers="x",
    )

    sees = {label: can_view_voortgangsgesprekken(user, netwerk) for label, user in readers.items()}
    listed = {
        label: Voortgangsgesprek.objects.visible_to(user).filter(pk=gesprek.pk).exists()
        for label, user in readers.items()
    }

    expected = {
        "coordinator": True,
        "coordinator elders": False,
        "casemanager": False,
        "preferent": True,
        "afgesloten contract": False,
        "beheerder": True,
        "signaalteam": True,
    }
    assert sees == expected
    assert listed == expected


def test_network_list_shows_the_last_meeting_only_to_who_may_read_it(
    client, netwerk, coordinator, relaties
):
    services.voortgangsgesprek_create(
        netwerk=netwerk, actor=Actor.of(coordinator), datum=dt.date(2026, 3, 1), deelnemers="x"
    )

    client.force_login(verzekeraar_user(relaties["preferent"]))
    preferent = client.get(reverse("netwerk:list")).content.decode()
    api_preferent = client.get(reverse("api:netwerk-list")).json()
    client.force_login(verzekeraar_user(relaties["afgesloten"]))
    contracted = client.get(reverse("netwerk:list")).content.decode()
    api_contracted = client.get(reverse("api:netwerk-list")).json()

    assert "1 maart 2026" in preferent
    assert netwerk.naam in contracted
    assert "1 maart 2026" not in contracted
    assert "Langer dan 12 maanden geleden" not in contracted
    assert api_preferent["results"][0]["laatste_voortgangsgesprek"] == "2026-03-01"
    assert api_contracted["results"][0]["laatste_voortgangsgesprek"] is None


def test_pages_link_to_the_meetings_only_for_who_may_open_them(
    client, netwerk, coordinator, relaties
):
    gesprek = services.voortgangsgesprek_create(
        netwerk=netwerk, actor=Actor.of(coordinator), datum=dt.date(2026, 3, 1), deelnemers="x"
    )
    meetings = reverse("netwerk:gesprek_list", args=[netwerk.pk])
    meeting = reverse("netwerk:gesprek_detail", args=[gesprek.pk])
    pages = [
        reverse("netwerk:detail", args=[netwerk.pk]),
        reverse("netwerk:plan_list", args=[netwerk.pk]),
    ]

    client.force_login(verzekeraar_user(relaties["afgesloten"]))
    for page in pages:
        content = client.get(page).content.decode()
        assert meetings not in content
        assert meeting not in content
    assert client.get(meetings).status_code == 403
    assert client.get(meeting).status_code == 404

    client.force_login(verzekeraar_user(relaties["preferent"]))
    dashboard = client.get(pages[0]).content.decode()
    assert meetings in dashboard
    assert meeting in dashboard
