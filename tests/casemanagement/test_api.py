"""The aanmeldingen API for referrers' systems: POST /api/v1/aanmeldingen/ and
GET /api/v1/aanmeldingen/{aanmelding_pk}/."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import AccessAction, AccessLogEntry, AccessOutcome
from casemanagement.models import Aanmelding, Client, Uitstel
from netwerk.models import Gemeente
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
    valid_bsn,
)
from tests.netwerk.factories import AansluitingFactory, OrganisatieFactory, WerkgebiedFactory

pytestmark = pytest.mark.django_db

AANMELDINGEN = "/api/v1/aanmeldingen/"


def _detail(aanmelding) -> str:
    return f"{AANMELDINGEN}{aanmelding.pk}/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def den_haag(netwerk):
    gemeente = Gemeente.objects.get(cbs_code="GM0518")
    WerkgebiedFactory(netwerk=netwerk, gemeente=gemeente)
    return gemeente


@pytest.fixture
def enschede(other_netwerk):
    gemeente = Gemeente.objects.get(cbs_code="GM0153")
    WerkgebiedFactory(netwerk=other_netwerk, gemeente=gemeente)
    return gemeente


@pytest.fixture
def cm(netwerk, den_haag):
    return CasemanagerFactory(netwerk=netwerk)


def _as(api, user):
    api.force_authenticate(user)
    return api


JOHANNA = {"achternaam": "Jansen", "geboortedatum": dt.date(1942, 3, 14)}


def body(**overrides) -> dict:
    values = {
        "bsn": valid_bsn(),
        "voornaam": "Johanna",
        "achternaam": "Jansen",
        "geboortedatum": "1942-03-14",
        "geslacht": "vrouw",
        "postcode": "2514 ea",
        "woonplaats": "Den Haag",
        "gemeente": "GM0518",
        "huisarts": "Praktijk Centrum",
        "woonsituatie": "alleen",
        "datum": "2026-09-01",
        "verwijzer_type": "geheugenpoli",
        "verwijzer_naam": "HMC geheugenpoli",
        "urgentie": "hoog",
        "notitie": "Dochter is eerste contactpersoon.",
    }
    values.update(overrides)
    return values


def test_paths_are_the_documented_ones():
    assert reverse("api:aanmelding-create") == AANMELDINGEN
    assert reverse("api:aanmelding-detail", args=[7]) == f"{AANMELDINGEN}7/"


# --- POST -----------------------------------------------------------------------------------


def test_casemanager_registers_a_client_with_an_aanmelding_at_their_organisation(api, netwerk, cm):
    data = body()

    response = _as(api, cm.user).post(AANMELDINGEN, data, format="json")

    assert response.status_code == 201, response.json()
    answer = response.json()
    client = Client.objects.get()
    aanmelding = Aanmelding.objects.get()
    assert answer == {
        "id": aanmelding.pk,
        "datum": "2026-09-01",
        "netwerk": netwerk.pk,
        "netwerk_naam": "Dementienetwerk Haaglanden",
        "organisatie": cm.organisatie_id,
        "status": "wachtend",
        "client_id": client.pk,
        "client_bsn_gemaskeerd": "******" + data["bsn"][-3:],
        "client_bestond_al": False,
    }
    assert data["bsn"] not in response.content.decode()
    assert client.bsn == data["bsn"]
    assert client.postcode == "2514EA"
    assert (aanmelding.verwijzer_type, aanmelding.urgentie) == ("geheugenpoli", "hoog")
    assert aanmelding.organisatie == cm.organisatie
    logged = AccessLogEntry.objects.filter(user=cm.user, action=AccessAction.AANMAKEN)
    assert set(logged.values_list("object_type", "client_id", "path")) == {
        ("client", client.pk, AANMELDINGEN),
        ("aanmelding", client.pk, AANMELDINGEN),
    }


def test_token_authentication_works_for_a_referrers_system(api, coordinator, den_haag):
    token = Token.objects.create(user=coordinator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api.post(AANMELDINGEN, body(), format="json")

    assert response.status_code == 201, response.json()
    assert Aanmelding.objects.get().organisatie is None  # central at the network


def test_coordinator_may_choose_an_affiliated_provider(api, coordinator, netwerk, den_haag):
    aanbieder = AansluitingFactory(netwerk=netwerk).organisatie

    response = _as(api, coordinator).post(
        AANMELDINGEN, body(organisatie_id=aanbieder.pk), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["organisatie"] == aanbieder.pk


def test_a_known_bsn_leads_to_the_existing_client(api, coordinator, netwerk, den_haag):
    existing = ClientFactory(**JOHANNA, netwerk=netwerk, gemeente=den_haag)

    response = _as(api, coordinator).post(AANMELDINGEN, body(bsn=existing.bsn), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["client_bestond_al"] is True
    assert response.json()["client_id"] == existing.pk
    assert Client.objects.count() == 1
    assert existing.aanmeldingen.count() == 1


def test_validation_errors_are_400_in_dutch_per_field(api, coordinator, den_haag):
    data = body(bsn="123456789", geboortedatum="14-03-1942", verwijzer_type="buurvrouw")
    del data["achternaam"]

    response = _as(api, coordinator).post(AANMELDINGEN, data, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"bsn", "achternaam", "geboortedatum", "verwijzer_type"}
    assert errors["bsn"] == [
        "Dit is geen geldig BSN: het moet 9 cijfers hebben en voldoen aan de elfproef."
    ]
    assert errors["achternaam"] == ["Dit veld is vereist."]
    assert "123456789" not in response.content.decode()
    assert not Client.objects.exists()


def test_service_rules_come_back_as_400_on_the_right_field(api, coordinator, netwerk, den_haag):
    not_affiliated = OrganisatieFactory()
    existing = ClientFactory(**JOHANNA, netwerk=netwerk, gemeente=den_haag)
    AanmeldingFactory(client=existing, datum=dt.date(2026, 6, 1))
    api = _as(api, coordinator)

    wrong_provider = api.post(AANMELDINGEN, body(organisatie_id=not_affiliated.pk), format="json")
    still_waiting = api.post(AANMELDINGEN, body(bsn=existing.bsn), format="json")
    future = api.post(AANMELDINGEN, body(datum="2099-01-01"), format="json")

    assert wrong_provider.status_code == 400
    assert "levert geen casemanagement" in wrong_provider.json()["organisatie_id"][0]
    assert still_waiting.status_code == 400
    assert still_waiting.json()["non_field_errors"] == ["Deze cliënt staat al op de wachtlijst."]
    assert future.status_code == 400
    assert future.json()["datum"] == ["Deze datum ligt in de toekomst."]
    assert Client.objects.count() == 1


def test_gemeente_of_another_network_sends_the_aanmelding_there(
    api, coordinator, enschede, other_netwerk
):
    response = _as(api, coordinator).post(AANMELDINGEN, body(gemeente="GM0153"), format="json")

    assert response.status_code == 202
    assert response.json()["netwerk_naam"] == other_netwerk.naam
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.netwerk == other_netwerk
    assert aanmelding.organisatie is None


def test_gemeente_of_no_network_is_400(api, coordinator, den_haag):
    response = _as(api, coordinator).post(AANMELDINGEN, body(gemeente="GM0153"), format="json")

    assert response.status_code == 400
    assert "hoort bij geen enkel netwerk" in response.json()["gemeente"][0]
    assert not Client.objects.exists()


def test_unknown_gemeente_code_is_400(api, coordinator, den_haag):
    response = _as(api, coordinator).post(AANMELDINGEN, body(gemeente="GM9999"), format="json")

    assert response.status_code == 400
    assert "Onbekende gemeentecode" in response.json()["gemeente"][0]


def test_casemanager_registers_only_at_their_own_organisation(api, netwerk, cm):
    other = AansluitingFactory(netwerk=netwerk).organisatie

    response = _as(api, cm.user).post(AANMELDINGEN, body(organisatie_id=other.pk), format="json")

    assert response.status_code == 400
    assert response.json()["organisatie_id"] == [
        "Als casemanager meldt u aan bij uw eigen organisatie."
    ]


def test_existing_client_of_another_network_is_not_moved_into_this_one(
    api, coordinator, den_haag, other_netwerk, enschede
):
    elsewhere = ClientFactory(**JOHANNA, netwerk=other_netwerk, gemeente=enschede)

    response = _as(api, coordinator).post(AANMELDINGEN, body(bsn=elsewhere.bsn), format="json")

    assert response.status_code == 202
    assert response.json()["netwerk_naam"] == ""  # nothing about where a known client is
    elsewhere.refresh_from_db()
    assert elsewhere.netwerk == other_netwerk
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.netwerk == other_netwerk and aanmelding.afgeschermd


@pytest.mark.parametrize("who", ["verzekeraar", "signaalteam_user", "beheerder"])
def test_insurer_signaalteam_and_beheerder_may_not_register(api, request, den_haag, who):
    user = request.getfixturevalue(who)

    response = _as(api, user).post(AANMELDINGEN, body(), format="json")

    assert response.status_code == 403
    assert not Client.objects.exists()


def test_anonymous_is_refused(api, den_haag):
    assert api.post(AANMELDINGEN, body(), format="json").status_code in (401, 403)


def test_throttle_works_without_a_configured_rate(settings):
    from casemanagement.api import AANMELDINGEN_RATE, AanmeldingenThrottle

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "600/min"},
    }
    throttle = AanmeldingenThrottle()
    throttle.scope = "aanmeldingen"

    assert throttle.get_rate() == AANMELDINGEN_RATE


# --- GET ------------------------------------------------------------------------------------


def test_get_returns_the_aanmelding_with_its_events_and_logs_the_read(api, netwerk, cm):
    traject = TrajectFactory(casemanager=cm, aanmelding__datum=dt.date(2026, 8, 3))
    aanmelding = traject.aanmelding
    Uitstel.objects.create(
        aanmelding=aanmelding, van=dt.date(2026, 8, 10), tot=dt.date(2026, 8, 24), reden="Vakantie"
    )

    response = _as(api, cm.user).get(_detail(aanmelding))

    assert response.status_code == 200
    answer = response.json()
    client = aanmelding.client
    assert answer["id"] == aanmelding.pk
    assert answer["datum"] == "2026-08-03"
    assert answer["status"] == "wachtend"
    assert answer["toegewezen_op"] == "2026-09-10"
    assert answer["eerste_contact_op"] is None
    assert answer["afgemeld_op"] is None
    assert answer["uitstellen"] == [{"van": "2026-08-10", "tot": "2026-08-24", "reden": "Vakantie"}]
    assert answer["client"] == client.pk
    assert answer["client_naam"] == client.naam
    assert answer["client_bsn_gemaskeerd"] == client.bsn_masked
    assert client.bsn not in response.content.decode()
    read = AccessLogEntry.objects.get(user=cm.user)
    assert (read.action, read.outcome, read.client_id) == (
        AccessAction.LEZEN,
        AccessOutcome.TOEGESTAAN,
        client.pk,
    )
    assert (read.object_type, read.object_id) == ("aanmelding", str(aanmelding.pk))


def test_get_of_an_aanmelding_that_is_not_visible_is_404_and_logged_as_refused(
    api, other_netwerk, coordinator
):
    elsewhere = AanmeldingFactory(client__netwerk=other_netwerk)

    response = _as(api, coordinator).get(_detail(elsewhere))

    assert response.status_code == 404
    refused = AccessLogEntry.objects.get()
    assert (refused.outcome, refused.client_id, refused.user) == (
        AccessOutcome.GEWEIGERD,
        elsewhere.client_id,
        coordinator,
    )


@pytest.mark.parametrize("who", ["verzekeraar", "signaalteam_user", "beheerder"])
def test_insurer_signaalteam_and_beheerder_get_404(api, request, netwerk, who):
    aanmelding = AanmeldingFactory(client__netwerk=netwerk)
    user = request.getfixturevalue(who)

    response = _as(api, user).get(_detail(aanmelding))

    assert response.status_code == 404
    assert AccessLogEntry.objects.get().outcome == AccessOutcome.GEWEIGERD


def test_get_of_an_unknown_aanmelding_is_404_without_a_log_row(api, coordinator):
    assert _as(api, coordinator).get(f"{AANMELDINGEN}999999/").status_code == 404
    assert not AccessLogEntry.objects.exists()


# --- Schema ---------------------------------------------------------------------------------


def test_openapi_schema_documents_both_operations(api, coordinator):
    response = _as(api, coordinator).get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    create = schema["paths"]["/api/v1/aanmeldingen/"]["post"]
    assert create["operationId"] == "aanmelding_create"
    request_schema = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert request_schema.endswith("/AanmeldingCreate")
    created = create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert created.endswith("/AanmeldingCreated")
    detail = schema["paths"]["/api/v1/aanmeldingen/{aanmelding_pk}/"]["get"]
    assert detail["operationId"] == "aanmelding_retrieve"
    properties = schema["components"]["schemas"]["Aanmelding"]["properties"]
    assert {"uitstellen", "client_bsn_gemaskeerd", "status"} <= set(properties)
    assert "bsn" not in schema["components"]["schemas"]["AanmeldingCreated"]["properties"]
