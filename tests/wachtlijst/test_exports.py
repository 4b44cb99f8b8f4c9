"""The NZa quarter and the national inventory write every text through accounts.exports: a
name that a spreadsheet would run as a formula comes out as text."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import Role
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory, aanbieder_in
from tests.netwerk.factories import (
    NetwerkFactory,
    OrganisatieFactory,
    VestigingFactory,
    coordinator_of,
    national_user,
)
from tests.spreadsheets import HOSTILE, assert_csv_neutralised, assert_xlsx_neutralised
from wachtlijst.nza.services import nza_kwartaal_concept

pytestmark = pytest.mark.django_db

P = dt.date(2026, 10, 1)
ORGANISATIE, VESTIGING, NETWERK = HOSTILE[1], HOSTILE[2], HOSTILE[0]


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_nza_export_writes_formula_like_names_as_text(client, netwerk, ext):
    organisatie = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam=ORGANISATIE))
    vestiging = VestigingFactory(organisatie=organisatie, naam=VESTIGING)
    AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        netwerk=netwerk,
        organisatie=organisatie,
        vestiging=vestiging,
        datum=P - dt.timedelta(days=3),
    )
    kwartaal = nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=Actor.system())
    client.force_login(coordinator_of(netwerk))

    response = client.get(reverse(f"wachtlijst:nza_export_{ext}", args=[kwartaal.pk]))

    check = assert_csv_neutralised if ext == "csv" else assert_xlsx_neutralised
    check(response, [ORGANISATIE, VESTIGING])


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_national_inventory_export_writes_a_formula_like_network_name_as_text(client, ext):
    NetwerkFactory(naam=NETWERK)
    client.force_login(national_user(Role.SIGNAALTEAM))

    response = client.get(reverse(f"wachtlijst:landelijk_{ext}") + f"?peildatum={P}")

    check = assert_csv_neutralised if ext == "csv" else assert_xlsx_neutralised
    check(response, [NETWERK])
