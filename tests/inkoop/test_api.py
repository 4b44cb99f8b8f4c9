from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inkoop.models import ContractStatus
from tests.inkoop.factories import ContractFactory, ContractIndicatorFactory, contract_in_order
from tests.netwerk.factories import BevolkingFactory, OrganisatieFactory, WerkgebiedFactory

pytestmark = pytest.mark.django_db

CONTRACTEN = "/api/v1/contracten/"


def _capaciteit(netwerk, query=""):
    return f"/api/v1/netwerken/{netwerk.pk}/capaciteit/{query}"


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def test_paths_are_the_documented_ones(netwerk):
    assert reverse("api:contract-list") == CONTRACTEN
    assert reverse("api:netwerk-capaciteit", args=[netwerk.pk]) == _capaciteit(netwerk)


def test_insurer_gets_only_its_own_contracts_paginated(api, netwerk, verzekeraar):
    own = contract_in_order(netwerk, tarief_per_uur=Decimal("87.50"))
    ContractIndicatorFactory(contract=own, naam="Binnen 6 weken", streefwaarde=Decimal("90"))
    ContractFactory(netwerk=netwerk)

    response = _as(api, verzekeraar).get(CONTRACTEN)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["id"] == own.pk
    assert item["zorgverzekeraar"] == netwerk.preferente_zorgverzekeraar_id
    assert item["netwerk_naam"] == "Dementienetwerk Haaglanden"
    assert item["jaar"] == 2026
    assert item["volume_clienten"] == 300
    assert item["tarief_per_uur"] == "87.50"
    assert item["status"] == ContractStatus.AFGESLOTEN
    assert item["signalen"] == []
    assert item["indicatoren"][0]["naam"] == "Binnen 6 weken"


def test_token_authentication_works(api, netwerk, verzekeraar):
    contract_in_order(netwerk)
    token = Token.objects.create(user=verzekeraar)

    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert api.get(CONTRACTEN).json()["count"] == 1


def test_coordinator_gets_its_networks_contracts_without_tariffs_and_with_signals(
    api, netwerk, other_netwerk, coordinator
):
    ContractFactory(netwerk=netwerk, tarief_per_uur=Decimal("90"))
    ContractFactory(netwerk=other_netwerk)

    body = _as(api, coordinator).get(CONTRACTEN).json()

    (item,) = body["results"]
    assert item["tarief_per_uur"] is None
    assert "niet bij Dementienetwerk Haaglanden aangesloten" in item["signalen"][0]


def test_casemanager_is_refused_the_contract_list(api, casemanager):
    assert _as(api, casemanager).get(CONTRACTEN).status_code == 403


def test_anonymous_is_refused(api, netwerk):
    assert api.get(CONTRACTEN).status_code in (401, 403)
    assert api.get(_capaciteit(netwerk)).status_code in (401, 403)


def test_contract_list_filters(api, netwerk, other_netwerk, signaalteam_user):
    ContractFactory(netwerk=netwerk, jaar=2025)
    ContractFactory(netwerk=other_netwerk, status=ContractStatus.CONCEPT)
    in_order = contract_in_order(netwerk)
    _as(api, signaalteam_user)

    assert api.get(CONTRACTEN + "?jaar=2025").json()["count"] == 1
    assert api.get(CONTRACTEN + f"?netwerk={other_netwerk.pk}").json()["count"] == 1
    assert api.get(CONTRACTEN + "?status=concept").json()["count"] == 1
    assert api.get(CONTRACTEN + "?signalen=false").json()["count"] == 3
    flagged = api.get(CONTRACTEN + "?signalen=true").json()["results"]
    assert in_order.pk not in {item["id"] for item in flagged}
    assert len(flagged) == 2


@pytest.mark.parametrize("query", ["?jaar=abc", "?jaar=1900", "?status=kapot", "?netwerk=x"])
def test_bad_filters_are_a_400_with_a_dutch_message(api, verzekeraar, query):
    response = _as(api, verzekeraar).get(CONTRACTEN + query)

    assert response.status_code == 400


def test_bad_year_filter_message_is_dutch(api, verzekeraar):
    response = _as(api, verzekeraar).get(CONTRACTEN + "?jaar=abc")

    assert response.json() == {"jaar": ["Vul het jaar in cijfers in, bijvoorbeeld 2026."]}


def test_contract_list_query_count_does_not_grow(
    api, netwerk, verzekeraar, django_assert_max_num_queries
):
    for _ in range(30):
        ContractIndicatorFactory(contract=contract_in_order(netwerk))

    with django_assert_max_num_queries(6):
        assert _as(api, verzekeraar).get(CONTRACTEN).json()["count"] == 30


# --- Capaciteit ----------------------------------------------------------------------------


@pytest.fixture
def regio(netwerk):
    for aantal in (12000, 8000):
        werkgebied = WerkgebiedFactory(netwerk=netwerk)
        BevolkingFactory(gemeente=werkgebied.gemeente, jaar=2026, inwoners_65_plus=aantal)
    ContractFactory(netwerk=netwerk, volume_clienten=300, volume_uren=Decimal("7500"))
    ContractFactory(
        netwerk=netwerk,
        volume_clienten=400,
        volume_uren=Decimal("10000"),
        organisatie=OrganisatieFactory(),
    )
    return netwerk


def test_capacity_figures_as_json(api, regio, verzekeraar):
    response = _as(api, verzekeraar).get(_capaciteit(regio, "?jaar=2026"))

    assert response.status_code == 200
    assert response.json() == {
        "jaar": 2026,
        "inwoners_65_plus": 20000,
        "bevolkingsjaar": 2026,
        "prevalentie_thuiswonend": 5.6,
        "verwachte_mensen_met_dementie_thuis": 1120,
        "aandeel_vraag_casemanagement": 80,
        "verwachte_vraag_clienten": 896,
        "caseload_norm": 40.0,
        "benodigde_fte": 22.4,
        "gecontracteerde_clienten": 700,
        "gecontracteerde_uren": 17500.0,
        "gecontracteerde_fte": 17.5,
        "verschil_clienten": -196,
        "verschil_fte": -4.9,
    }


def test_capacity_of_a_network_the_user_may_not_see_in_detail_is_404(
    api, regio, other_netwerk, coordinator, casemanager
):
    assert _as(api, coordinator).get(_capaciteit(other_netwerk)).status_code == 404
    assert _as(api, casemanager).get(_capaciteit(regio)).status_code == 404
    assert _as(api, coordinator).get("/api/v1/netwerken/999999/capaciteit/").status_code == 404


@pytest.mark.parametrize("query", ["?jaar=abc", "?jaar=1999", "?jaar=2101", "?jaar=20.5"])
def test_capacity_with_a_bad_year_is_400_with_a_dutch_message(api, regio, coordinator, query):
    response = _as(api, coordinator).get(_capaciteit(regio, query))

    assert response.status_code == 400
    assert response.json()["jaar"][0] in (
        "Vul het jaar in cijfers in, bijvoorbeeld 2026.",
        "Kies een jaar tussen 2000 en 2100.",
    )


def test_openapi_schema_documents_both_endpoints(api, verzekeraar):
    response = _as(api, verzekeraar).get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/contracten/" in schema["paths"]
    capaciteit = schema["paths"]["/api/v1/netwerken/{netwerk_pk}/capaciteit/"]["get"]
    body = capaciteit["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/Capaciteit")
    properties = schema["components"]["schemas"]["Capaciteit"]["properties"]
    assert properties["benodigde_fte"]["type"] == "number"
    assert "signalen" in schema["components"]["schemas"]["Contract"]["properties"]
