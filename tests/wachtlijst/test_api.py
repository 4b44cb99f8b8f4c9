"""The waitlist API: a network's figures on a peildatum and the national inventory, against
the hand-built set of tests/wachtlijst/test_landelijk.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from accounts.models import Role
from tests.netwerk.factories import (
    NetwerkFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)
from tests.wachtlijst.test_landelijk import (
    P,
    _netwerken_met_wachtenden,
    drie_netwerken,
    op_peildatum,
)

pytestmark = pytest.mark.django_db

LANDELIJK = "/api/v1/wachtlijst/landelijk/"


def _netwerk(netwerk, query: str = f"?peildatum={P}") -> str:
    return f"/api/v1/netwerken/{netwerk.pk}/wachtlijst/{query}"


@pytest.fixture
def drie():
    return drie_netwerken()


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def test_paths_are_the_documented_ones(drie):
    assert reverse("api:netwerk-wachtlijst", args=[drie.alfa.pk]) == _netwerk(drie.alfa, "")
    assert reverse("api:wachtlijst-landelijk") == LANDELIJK


# --- One network -----------------------------------------------------------------------------

ALFA = {
    "netwerk": None,  # filled in per test
    "peildatum": "2026-10-01",
    "aantal_wachtend": 7,
    "aantal_wenswachtend": 1,
    "aantal_dreigt": 3,  # the network's own threshold of 21 days (2 with the default 28)
    "aantal_boven_treeknorm": 1,
    "aantal_zes_weken_of_langer": 2,
    "aantal_wijkverpleging": 0,
    "mediaan_wachtdagen": 25.0,
    "p90_wachtdagen": 54.0,
    "langste_wachtdagen": 60,
    "mediaan_wachtdagen_gecorrigeerd": 25.0,
    "p90_wachtdagen_gecorrigeerd": 48.0,
    "langste_wachtdagen_gecorrigeerd": 60,
    "treeknorm_signaal_dagen": 21,
    "kwartaal_vanaf": "2026-07-01",
    "aantal_gestart": 5,
    "percentage_gestart_binnen_treeknorm": 80.0,
    "percentage_gestart_binnen_4_weken": 40.0,
    "streefpercentage_binnen_4_weken": 75,
}


ONDERDRUKBAAR = [k for k in ALFA if k.startswith(("aantal_", "mediaan_", "p90_", "langste_"))] + [
    "percentage_gestart_binnen_treeknorm",
    "percentage_gestart_binnen_4_weken",
]
NIETS_ONDERDRUKT = {f"{k}_onderdrukt": False for k in ONDERDRUKBAAR}


def test_network_figures_match_the_hand_computed_ones(api, drie):
    response = _as(api, coordinator_of(drie.alfa)).get(_netwerk(drie.alfa))

    assert response.status_code == 200
    assert response.json() == {
        **ALFA,
        **NIETS_ONDERDRUKT,
        "netwerk": {"id": drie.alfa.pk, "naam": "Dementienetwerk Alfa"},
    }


def test_network_without_anyone_waiting_has_zero_counts_and_no_waits(api, drie):
    body = _as(api, national_user(Role.SIGNAALTEAM)).get(_netwerk(drie.gamma)).json()

    assert body["aantal_wachtend"] == 0
    assert body["mediaan_wachtdagen"] is None
    assert body["langste_wachtdagen_gecorrigeerd"] is None
    assert body["aantal_gestart"] == 1
    assert body["percentage_gestart_binnen_treeknorm"] == 100.0


def test_dreigt_follows_the_threshold_of_the_network(api, drie):
    drie.alfa.treeknorm_signaal_dagen = 28
    drie.alfa.save()

    body = _as(api, coordinator_of(drie.alfa)).get(_netwerk(drie.alfa)).json()

    assert body["aantal_dreigt"] == 2
    assert body["treeknorm_signaal_dagen"] == 28


def test_earlier_peildatum_moves_the_quarter(api, drie):
    response = _as(api, coordinator_of(drie.alfa)).get(_netwerk(drie.alfa, "?peildatum=2026-08-01"))
    body = response.json()

    # started 1 May - 31 Jul: adjusted 19, 33 and 11 days (the 30 Jun start has 60)
    assert body["kwartaal_vanaf"] == "2026-05-01"
    assert body["aantal_gestart"] == 4
    assert body["percentage_gestart_binnen_treeknorm"] == 75.0
    assert body["percentage_gestart_binnen_4_weken"] == 50.0


@pytest.mark.parametrize("query", ["", "?peildatum="])
def test_default_peildatum_is_today(api, drie, query):
    with op_peildatum(P):
        body = _as(api, coordinator_of(drie.alfa)).get(_netwerk(drie.alfa, query)).json()

    assert body["peildatum"] == "2026-10-01"
    assert body["aantal_wachtend"] == 7


def test_insurer_gets_small_counts_as_null_with_a_flag(api, drie):
    body = _as(api, verzekeraar_user(drie.regio)).get(_netwerk(drie.alfa)).json()

    assert (body["aantal_wachtend"], body["aantal_wachtend_onderdrukt"]) == (7, False)
    assert body["aantal_gestart"] == 5
    for field in (
        "aantal_wenswachtend",
        "aantal_dreigt",
        "aantal_boven_treeknorm",
        "aantal_zes_weken_of_langer",
    ):
        assert (body[field], body[f"{field}_onderdrukt"]) == (None, True), field
    # 80% and 40% of 5 starts would give 1 and 2 persons away
    for field in ("percentage_gestart_binnen_treeknorm", "percentage_gestart_binnen_4_weken"):
        assert (body[field], body[f"{field}_onderdrukt"]) == (None, True), field
    assert body["mediaan_wachtdagen"] == 25.0


def test_insurer_gets_no_percentage_over_fewer_than_five_starts(api, drie):
    body = _as(api, verzekeraar_user(drie.regio)).get(_netwerk(drie.gamma)).json()

    assert (body["aantal_wachtend"], body["aantal_wachtend_onderdrukt"]) == (0, False)  # nobody
    assert (body["aantal_gestart"], body["aantal_gestart_onderdrukt"]) == (None, True)
    assert body["percentage_gestart_binnen_treeknorm"] is None
    assert body["percentage_gestart_binnen_treeknorm_onderdrukt"] is True
    assert body["percentage_gestart_binnen_4_weken"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?peildatum=2026-02-30", "Vul de peildatum in als jjjj-mm-dd, bijvoorbeeld 2026-10-01."),
        ("?peildatum=01-10-2026", "Vul de peildatum in als jjjj-mm-dd, bijvoorbeeld 2026-10-01."),
        ("?peildatum=2026-10-02", "Deze datum ligt in de toekomst."),
        ("?peildatum=2099-01-01", "Deze datum ligt in de toekomst."),
        ("?peildatum=0001-01-01", "Deze datum ligt voor 1 januari 2000. Controleer het jaar."),
    ],
)
def test_bad_peildatum_is_a_400_with_a_dutch_message(api, drie, query, message):
    _as(api, national_user(Role.SIGNAALTEAM))
    with op_peildatum(P):
        for path in (_netwerk(drie.alfa, query), LANDELIJK + query):
            response = api.get(path)
            assert response.status_code == 400, path
            assert response.json() == {"peildatum": [message]}


def test_network_the_user_may_not_see_in_detail_is_404(api, drie):
    assert _as(api, coordinator_of(drie.alfa)).get(_netwerk(drie.beta)).status_code == 404
    assert _as(api, verzekeraar_user(drie.regio)).get(_netwerk(drie.beta)).status_code == 404
    assert _as(api, national_user(Role.SIGNAALTEAM)).get(
        "/api/v1/netwerken/999999/wachtlijst/"
    ).status_code == (404)


def test_casemanager_is_refused_its_own_network(api, drie):
    response = _as(api, casemanager_of(drie.alfa)).get(_netwerk(drie.alfa))

    assert response.status_code in (403, 404)


def test_anonymous_is_refused(api, drie):
    assert api.get(_netwerk(drie.alfa)).status_code in (401, 403)
    assert api.get(LANDELIJK).status_code in (401, 403)


# --- National inventory ----------------------------------------------------------------------


def test_inventory_lists_every_network_with_category_and_totals(api, drie):
    body = _as(api, national_user(Role.SIGNAALTEAM)).get(LANDELIJK + f"?peildatum={P}").json()

    assert body["peildatum"] == "2026-10-01"
    rows = {row["netwerk"]["naam"]: row for row in body["netwerken"]}
    assert list(rows) == ["Dementienetwerk Alfa", "Dementienetwerk Beta", "Dementienetwerk Gamma"]
    assert rows["Dementienetwerk Alfa"] == {
        **ALFA,
        **NIETS_ONDERDRUKT,
        "netwerk": {"id": drie.alfa.pk, "naam": "Dementienetwerk Alfa"},
        "categorie": "1-99",
    }
    beta = rows["Dementienetwerk Beta"]
    assert (beta["categorie"], beta["aantal_wachtend"], beta["aantal_dreigt"]) == ("100+", 100, 14)
    assert (beta["mediaan_wachtdagen"], beta["p90_wachtdagen"], beta["langste_wachtdagen"]) == (
        49.5,
        89.1,
        99,
    )
    assert beta["percentage_gestart_binnen_treeknorm"] is None  # nobody started
    gamma = rows["Dementienetwerk Gamma"]
    assert (gamma["categorie"], gamma["aantal_wachtend"], gamma["aantal_gestart"]) == ("geen", 0, 1)
    assert body["totalen"] == {
        "aantal_netwerken": 3,
        "netwerken_per_categorie": {"geen": 1, "1-99": 1, "100+": 1},
        "aantal_wachtend": 107,
        "aantal_wenswachtend": 1,
        "aantal_boven_treeknorm": 58,
        "aantal_zes_weken_of_langer": 60,
        "aantal_wijkverpleging": 0,
        "aantal_wachtend_onderdrukt": False,
        "aantal_wenswachtend_onderdrukt": False,
        "aantal_boven_treeknorm_onderdrukt": False,
        "aantal_zes_weken_of_langer_onderdrukt": False,
        "aantal_wijkverpleging_onderdrukt": False,
    }


def test_inventory_for_an_insurer_is_its_region_with_small_counts_suppressed(api, drie):
    body = _as(api, verzekeraar_user(drie.regio)).get(LANDELIJK + f"?peildatum={P}").json()

    assert [row["netwerk"]["naam"] for row in body["netwerken"]] == [
        "Dementienetwerk Alfa",
        "Dementienetwerk Gamma",
    ]
    alfa, gamma = body["netwerken"]
    assert (alfa["aantal_wachtend"], alfa["aantal_boven_treeknorm"]) == (7, None)
    assert alfa["aantal_boven_treeknorm_onderdrukt"] is True
    # nobody waits: "geen wachtlijst" beside 0, not beside "<5"
    assert (gamma["aantal_wachtend"], gamma["categorie"]) == (0, "geen")
    assert body["totalen"] == {
        "aantal_netwerken": 2,
        "netwerken_per_categorie": {"geen": 1, "1-99": 1, "100+": 0},
        "aantal_wachtend": 7,
        "aantal_wenswachtend": None,
        "aantal_boven_treeknorm": None,
        "aantal_zes_weken_of_langer": None,
        "aantal_wijkverpleging": 0,
        "aantal_wachtend_onderdrukt": False,
        "aantal_wenswachtend_onderdrukt": True,
        "aantal_boven_treeknorm_onderdrukt": True,
        "aantal_zes_weken_of_langer_onderdrukt": True,
        "aantal_wijkverpleging_onderdrukt": False,
    }


def test_inventory_for_a_coordinator_is_their_own_row(api, drie):
    body = _as(api, coordinator_of(drie.beta)).get(LANDELIJK + f"?peildatum={P}").json()

    assert [row["netwerk"]["naam"] for row in body["netwerken"]] == ["Dementienetwerk Beta"]
    assert body["totalen"]["aantal_wachtend"] == 100


def test_inventory_is_refused_to_casemanagers(api, drie):
    assert _as(api, casemanager_of(drie.alfa)).get(LANDELIJK).status_code == 403


def test_inventory_default_peildatum_is_today(api, drie):
    with op_peildatum(dt.date(2026, 9, 1)):
        body = _as(api, national_user(Role.SIGNAALTEAM)).get(LANDELIJK).json()

    assert body["peildatum"] == "2026-09-01"
    assert body["totalen"]["aantal_wachtend"] == 5 + 70  # alfa 5, beta waits 30..99


def test_inventory_query_count_does_not_grow(api, django_assert_max_num_queries):
    _as(api, national_user(Role.SIGNAALTEAM))
    _netwerken_met_wachtenden(3)
    with CaptureQueriesContext(connection) as drie_netwerken:
        assert len(api.get(LANDELIJK + f"?peildatum={P}").json()["netwerken"]) == 3

    _netwerken_met_wachtenden(17)
    with django_assert_max_num_queries(len(drie_netwerken)):
        assert len(api.get(LANDELIJK + f"?peildatum={P}").json()["netwerken"]) == 20
    assert len(drie_netwerken) <= 6


def test_network_query_count_is_small(api, drie, django_assert_max_num_queries):
    _as(api, national_user(Role.SIGNAALTEAM))
    with django_assert_max_num_queries(5):
        assert api.get(_netwerk(drie.beta)).status_code == 200


# --- Schema ----------------------------------------------------------------------------------


def test_openapi_schema_is_valid_and_says_which_figures_can_be_suppressed(api, drie):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)

    paths = schema["paths"]
    netwerk = paths["/api/v1/netwerken/{netwerk_pk}/wachtlijst/"]["get"]
    assert [p["name"] for p in netwerk["parameters"] if p["in"] == "query"] == ["peildatum"]
    assert set(netwerk["responses"]) == {"200", "400", "404"}
    assert set(paths["/api/v1/wachtlijst/landelijk/"]["get"]["responses"]) == {
        "200",
        "400",
        "403",
    }
    components = schema["components"]["schemas"]
    figures = components["NetwerkWachtlijst"]["properties"]
    for field in ("aantal_wachtend", "aantal_dreigt", "aantal_gestart", "mediaan_wachtdagen"):
        assert figures[field]["nullable"] is True, field
        assert "_onderdrukt" in figures[field]["description"], field
        assert figures[f"{field}_onderdrukt"]["type"] == "boolean", field
    assert figures["mediaan_wachtdagen"]["type"] == "number"
    assert figures["percentage_gestart_binnen_treeknorm"]["nullable"] is True
    totalen = components["Totalen"]["properties"]
    assert totalen["aantal_boven_treeknorm_onderdrukt"]["type"] == "boolean"
    assert "onderdrukt" not in str(figures["treeknorm_signaal_dagen"])
    per_categorie = components["NetwerkenPerCategorie"]["properties"]
    assert set(per_categorie) == {"geen", "1-99", "100+"}
    categorie = components["LandelijkNetwerk"]["properties"]["categorie"]
    enum = categorie["allOf"][0]["$ref"].removeprefix("#/components/schemas/")
    assert components[enum]["enum"] == ["geen", "1-99", "100+"]

    served = _as(api, national_user(Role.SIGNAALTEAM)).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/json"
    )
    assert served.status_code == 200


def test_new_network_appears_in_the_inventory_as_geen(api, drie):
    NetwerkFactory(naam="Dementienetwerk Zeta")

    body = _as(api, national_user(Role.SIGNAALTEAM)).get(LANDELIJK + f"?peildatum={P}").json()

    assert body["netwerken"][-1]["netwerk"]["naam"] == "Dementienetwerk Zeta"
    assert body["netwerken"][-1]["categorie"] == "geen"
    assert body["totalen"]["netwerken_per_categorie"]["geen"] == 2
