"""The 2016 scenario (`seed_demo --scenario landelijk-2016`): the national inventory on its
peildatum shows exactly the 2016 figures, read through the API as the signaalteam reads it."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient
from stdnum.nl import bsn as stdnum_bsn

from accounts.models import Role
from casemanagement.models import Aanmelding, Client, Uitstel
from demo import scenario
from demo.scenario import PEILDATUM, seed_landelijk_2016
from netwerk.models import Membership, Netwerk
from tests.netwerk.factories import national_user, verzekeraar_user
from wachtlijst.clock import Gebeurtenissen, wachttijd

GROOT = [
    "Dementienetwerk Gooi en Vechtstreek",
    "Dementienetwerk Haaglanden",
    "Dementienetwerk Midden-Limburg",
    "Dementienetwerk Waardenlanden",
    "Ketenzorg Dementie Eindhoven",
]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The scenario, seeded once for the module inside a transaction rolled back afterwards;
    each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = io.StringIO()
            start = time.monotonic()
            peildatum = seed_landelijk_2016(stdout=output)
            yield {
                "peildatum": peildatum,
                "seconds": time.monotonic() - start,
                "output": output.getvalue(),
            }
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _inventaris(user, peildatum=PEILDATUM) -> dict:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/wachtlijst/landelijk/?peildatum={peildatum:%Y-%m-%d}")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_inventory_on_the_peildatum_shows_the_2016_figures(seeded):
    assert seeded["peildatum"] == dt.date(2016, 10, 1)

    body = _inventaris(national_user(Role.SIGNAALTEAM), seeded["peildatum"])

    rows = body["netwerken"]
    assert len(rows) == 65
    per_categorie = {"geen": [], "1-99": [], "100+": []}
    for row in rows:
        per_categorie[row["categorie"]].append(row)
    assert {key: len(value) for key, value in per_categorie.items()} == {
        "geen": 30,
        "1-99": 30,
        "100+": 5,
    }
    assert sorted(row["netwerk"]["naam"] for row in per_categorie["100+"]) == GROOT
    assert all(100 <= row["aantal_wachtend"] <= 400 for row in per_categorie["100+"])
    assert all(1 <= row["aantal_wachtend"] <= 99 for row in per_categorie["1-99"])
    assert all(row["aantal_wachtend"] == 0 for row in per_categorie["geen"])
    assert sum(row["aantal_wachtend"] for row in rows) == 1218
    assert body["totalen"]["aantal_netwerken"] == 65
    assert body["totalen"]["netwerken_per_categorie"] == {"geen": 30, "1-99": 30, "100+": 5}
    assert body["totalen"]["aantal_wachtend"] == 1218


@pytest.mark.django_db
def test_scenario_exercises_the_clock(seeded):
    body = _inventaris(national_user(Role.SIGNAALTEAM))
    totalen = body["totalen"]
    rows = {row["netwerk"]["naam"]: row for row in body["netwerken"]}

    assert 0 < totalen["aantal_wenswachtend"] < totalen["aantal_wachtend"]
    assert 0 < totalen["aantal_boven_treeknorm"] < totalen["aantal_zes_weken_of_langer"]
    waardenlanden = rows["Dementienetwerk Waardenlanden"]
    assert waardenlanden["mediaan_wachtdagen"] > 42  # the longest waits of the five
    assert waardenlanden["aantal_dreigt"] > 0
    # adjusted waits are shorter where clients asked for a postponement
    assert any(
        row["langste_wachtdagen_gecorrigeerd"] < row["langste_wachtdagen"]
        or row["mediaan_wachtdagen_gecorrigeerd"] < row["mediaan_wachtdagen"]
        for row in rows.values()
        if row["aantal_wachtend"]
    )
    # networks without a waitlist did help clients in the quarter before
    geen = [row for row in rows.values() if row["categorie"] == "geen"]
    assert all(row["aantal_gestart"] > 0 for row in geen)
    assert all(row["percentage_gestart_binnen_treeknorm"] is not None for row in geen)

    aanmeldingen = Aanmelding.objects.filter(netwerk__naam__in=rows)
    assert aanmeldingen.filter(afgemeld_op__lte=PEILDATUM).exists()
    assert aanmeldingen.filter(eerste_contact_op=PEILDATUM).exists()  # no longer waiting
    assert aanmeldingen.filter(datum=PEILDATUM).exists()  # waiting 0 days
    assert aanmeldingen.filter(datum__gt=PEILDATUM).exists()  # not yet registered
    assert Uitstel.objects.filter(van__lte=PEILDATUM, tot__gt=PEILDATUM).exists()
    assert not aanmeldingen.wachtend().exists()  # nobody from 2016 still waits today


@pytest.mark.django_db
def test_the_pure_clock_agrees_with_the_api_for_a_large_network(seeded):
    netwerk = Netwerk.objects.get(naam="Dementienetwerk Waardenlanden")
    rows = {
        row["netwerk"]["naam"]: row
        for row in _inventaris(national_user(Role.SIGNAALTEAM))["netwerken"]
    }
    klok = [
        wachttijd(
            Gebeurtenissen(
                a.datum,
                a.eerste_contact_op,
                a.afgemeld_op,
                tuple((u.van, u.tot) for u in a.uitstellen.all()),
            ),
            PEILDATUM,
        )
        for a in Aanmelding.objects.filter(netwerk=netwerk).prefetch_related("uitstellen")
    ]
    wachtend = [w for w in klok if w is not None and w.wachtend]

    row = rows[netwerk.naam]
    assert row["aantal_wachtend"] == len(wachtend)
    assert row["aantal_wenswachtend"] == sum(w.wenswachtend for w in wachtend)
    assert row["aantal_boven_treeknorm"] == sum(w.gecorrigeerd_dagen > 42 for w in wachtend)
    assert row["langste_wachtdagen"] == max(w.nza_dagen for w in wachtend)


@pytest.mark.django_db
def test_clients_have_valid_unique_bsns_outside_the_regular_demo_range_stored_encrypted(seeded):
    clients = list(Client.objects.all())
    assert len(clients) > 3000

    bsns = [client.bsn for client in clients]
    assert len(set(bsns)) == len(bsns)
    assert all(stdnum_bsn.is_valid(bsn) for bsn in bsns)
    assert all(600_000_000 <= int(bsn) < 610_000_000 for bsn in bsns)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM casemanagement_client LIMIT 50")
        stored = [row[0] for row in cursor.fetchall()]
    assert not set(stored) & set(bsns)
    assert all(value.startswith("gAAAA") for value in stored)  # Fernet tokens


@pytest.mark.django_db
def test_running_it_again_changes_nothing(seeded):
    before = (
        Netwerk.objects.count(),
        Client.objects.count(),
        Aanmelding.objects.count(),
        Uitstel.objects.count(),
    )
    output = io.StringIO()

    assert seed_landelijk_2016(stdout=output) == PEILDATUM

    after = (
        Netwerk.objects.count(),
        Client.objects.count(),
        Aanmelding.objects.count(),
        Uitstel.objects.count(),
    )
    assert after == before
    assert "0 cliënten aangemaakt" in output.getvalue()
    assert _inventaris(national_user(Role.SIGNAALTEAM))["totalen"]["aantal_wachtend"] == 1218


@pytest.mark.django_db
def test_seeding_is_fast_and_reports_what_it_did(seeded):
    assert seeded["seconds"] < 30
    assert "65 netwerken, 1.218 wachtenden op 01-10-2016" in seeded["output"]
    assert "andere netwerken" not in seeded["output"]


@pytest.mark.django_db
def test_networks_get_their_werkgebied_and_preferent_insurer(seeded):
    haaglanden = Netwerk.objects.get(naam="Dementienetwerk Haaglanden")

    assert haaglanden.werkgebied.exists()
    assert haaglanden.preferente_zorgverzekeraar.naam == "Zilveren Kruis"
    client = Client.objects.filter(netwerk=haaglanden).select_related("gemeente").first()
    assert haaglanden.werkgebied.filter(gemeente=client.gemeente).exists()


@pytest.mark.django_db
def test_insurer_sees_its_region_of_the_scenario_with_small_counts_masked(seeded):
    zilveren_kruis = Netwerk.objects.get(
        naam="Dementienetwerk Haaglanden"
    ).preferente_zorgverzekeraar

    body = _inventaris(verzekeraar_user(zilveren_kruis))

    rows = body["netwerken"]
    assert 0 < len(rows) < 65
    # suppressed: null with its flag (accounts.disclosure); zero describes nobody and shows
    for row in rows:
        if row["aantal_wachtend"] is None:
            assert row["aantal_wachtend_onderdrukt"] is True
        else:
            assert row["aantal_wachtend"] == 0 or row["aantal_wachtend"] >= 5


@pytest.mark.django_db
def test_seed_demo_entry_gives_the_demo_logins_a_membership(seeded):
    from demo.accounts import seed as seed_accounts

    context: dict = {"stdout": io.StringIO()}
    seed_accounts(context)

    scenario.seed(context)

    users = context["users"]
    assert Membership.objects.filter(user=users["signaalteam"], rol=Role.SIGNAALTEAM).exists()
    assert Membership.objects.filter(
        user=users["verzekeraar"], rol=Role.VERZEKERAAR, zorgverzekeraar__naam="Zilveren Kruis"
    ).exists()
    assert Membership.objects.get(
        user=users["netwerkcoordinator"], rol=Role.NETWERKCOORDINATOR
    ).netwerk.naam == ("Dementienetwerk Haaglanden")
    assert _inventaris(users["signaalteam"])["totalen"]["aantal_wachtend"] == 1218


def test_plan_adds_up():
    scenario._check_plan()
    namen = scenario.scenario_netwerknamen()
    assert len(namen) == len(set(namen)) == 65
    assert set(scenario.GROOT) <= set(namen)
    plan = scenario._wachtenden_per_netwerk(namen)
    assert sum(plan.values()) == 1218
    assert sorted(plan.values()).count(0) == 30
