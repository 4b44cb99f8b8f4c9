"""The delivery's limits: calls per key (429, Dutch, Retry-After) and refused identity checks
per service account (the browser's daily limit of registrations with a wrong identity)."""

import pytest
from rest_framework.test import APIClient

from accounts.actor import Actor
from accounts.models import AccessLogEntry, AccessOutcome
from casemanagement.aanlevering.schrijven import TE_VAAK_ONJUIST_AANGELEVERD
from casemanagement.aanlevering.sleutels import sleutel_issue
from casemanagement.models import Aanlevering, AanleverSleutel, BronKoppeling, Client
from casemanagement.services.registratie import IDENTITEIT_ONJUIST
from tests.casemanagement.aanlevering.test_aanlevering import URL, _batch, _lever, _wereld
from tests.casemanagement.factories import aanbieder_in, valid_bsn
from tests.netwerk.factories import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanbieder(netwerk):
    return _wereld(netwerk, "GM0518", "petra@zorg.example.nl")


@pytest.fixture
def coordinator(netwerk):
    return coordinator_of(netwerk)


def _sleutel(coordinator, netwerk, organisatie, naam="ECD"):
    return sleutel_issue(
        actor=Actor.of(coordinator), netwerk=netwerk, organisatie=organisatie, naam=naam
    )[1]


def _client_batch(bron_id, bsn, achternaam="Vries", geboortedatum="1941-03-12"):
    return {
        "versie": 1,
        "clienten": [
            {
                "bron_id": bron_id,
                "bsn": bsn,
                "voornaam": "Johanna",
                "tussenvoegsel": "de",
                "achternaam": achternaam,
                "geboortedatum": geboortedatum,
                "gemeente": "GM0518",
            }
        ],
    }


def test_calls_past_the_rate_of_a_key_get_429_in_dutch_and_change_nothing(
    settings, netwerk, aanbieder, coordinator
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "aanlevering": "2/min",
        },
    }
    sleutel = _sleutel(coordinator, netwerk, aanbieder[0])
    ander = _sleutel(coordinator, netwerk, aanbieder_in(netwerk), naam="Ander ECD")
    for nummer in (1, 2):
        response = _lever(sleutel, _client_batch(f"CL-{nummer}", valid_bsn()))
        assert response.status_code == 201, response.json()

    response = _lever(sleutel, _client_batch("CL-3", valid_bsn()))

    assert response.status_code == 429
    wacht = int(response["Retry-After"])
    assert 0 < wacht <= 60
    assert response.json()["detail"].startswith("Te veel verzoeken in korte tijd.")
    assert f"over {wacht} seconde" in response.json()["detail"]
    assert Client.objects.count() == 2
    assert Aanlevering.objects.count() == 2
    assert not BronKoppeling.objects.filter(bron_id="CL-3").exists()
    # the key is held back, not the address: from elsewhere it is refused as well
    elders = APIClient(REMOTE_ADDR="203.0.113.9").post(
        URL,
        _client_batch("CL-3", valid_bsn()),
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {sleutel}",
    )
    assert elders.status_code == 429
    # another key, from the same address, is not held back by it
    response = _lever(ander, _client_batch("CL-3", valid_bsn()))
    assert response.status_code == 201, response.json()
    assert Client.objects.count() == 3


def test_the_rate_comes_from_the_settings_with_a_default_when_missing(settings):
    from casemanagement.aanlevering.api import AANLEVERING_RATE, AanleverSleutelThrottle

    throttle = AanleverSleutelThrottle()
    throttle.scope = "aanlevering"
    assert throttle.get_rate() == "10000/min"  # config/settings/test.py
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "600/min"},
    }
    assert throttle.get_rate() == AANLEVERING_RATE == "60/min"


def _fouten(response):
    body = response.json()
    assert (response.status_code, body["status"]) == (200, "geweigerd"), body
    return [regel["fouten"] for regel in body["records"] if regel["resultaat"] == "geweigerd"]


def test_refused_identity_checks_of_a_key_count_to_the_daily_limit(
    settings, netwerk, aanbieder, coordinator
):
    settings.REGISTRATIE_MAX_ONJUIST_PER_DAG = 2
    eerste = _sleutel(coordinator, netwerk, aanbieder[0])
    tweede_organisatie = aanbieder_in(netwerk)
    tweede = _sleutel(coordinator, netwerk, tweede_organisatie, naam="Ander ECD")
    bekend, nieuw = valid_bsn(), valid_bsn()
    assert _lever(eerste, _client_batch("CL-1", bekend)).status_code == 201

    for poging in (1, 2):
        fouten = _fouten(_lever(tweede, _client_batch(f"X-{poging}", bekend, "Jansen")))
        assert fouten == [{"achternaam": [IDENTITEIT_ONJUIST]}]

    # past the limit: no new link at all, the right identity and an unknown BSN neither
    for batch in (_client_batch("X-3", bekend), _client_batch("X-4", nieuw)):
        assert _fouten(_lever(tweede, batch)) == [{"bsn": [TE_VAAK_ONJUIST_AANGELEVERD]}]
    assert Client.objects.count() == 1
    dienst = AanleverSleutel.objects.get(organisatie=tweede_organisatie).gebruiker
    weigeringen = AccessLogEntry.objects.filter(
        user=dienst, object_type="registratie", outcome=AccessOutcome.GEWEIGERD
    )
    assert weigeringen.count() == 4
    assert set(weigeringen.values_list("client_id", flat=True)) == {
        Client.objects.get().pk,
        None,
    }
    # the other organisation's service account has its own count
    assert _lever(eerste, _client_batch("CL-2", nieuw)).status_code == 201


def test_the_limit_holds_inside_one_batch_and_linked_clients_are_still_updated(
    settings, netwerk, aanbieder, coordinator
):
    settings.REGISTRATIE_MAX_ONJUIST_PER_DAG = 2
    sleutel = _sleutel(coordinator, netwerk, aanbieder[0])
    eigen, bekend = valid_bsn(), valid_bsn()
    assert _lever(sleutel, _client_batch("EIGEN", eigen)).status_code == 201
    ander = _sleutel(coordinator, netwerk, aanbieder_in(netwerk), naam="Ander ECD")
    assert _lever(ander, _client_batch("B-1", bekend)).status_code == 201

    proberen = _client_batch("P-1", bekend, "Jansen")
    proberen["clienten"] += [
        dict(proberen["clienten"][0], bron_id=f"P-{nummer}", geboortedatum=f"194{nummer}-01-01")
        for nummer in (2, 3, 4)
    ]
    fouten = _fouten(_lever(sleutel, proberen))
    assert (
        fouten
        == [{"achternaam": [IDENTITEIT_ONJUIST]}] * 2 + [{"bsn": [TE_VAAK_ONJUIST_AANGELEVERD]}] * 2
    )

    bijwerken = _client_batch("EIGEN", eigen)
    bijwerken["clienten"][0]["voornaam"] = "Jo"
    response = _lever(sleutel, bijwerken)
    assert response.status_code == 201, response.json()
    assert response.json()["records"][0]["resultaat"] == "bijgewerkt"


def test_an_upload_counts_the_refusals_of_the_person_who_uploads(
    settings, netwerk, aanbieder, coordinator
):
    """The same rule in the browser's delivery: the uploader's own registrations are then
    refused too, as after typing wrong identities on the registration page."""
    from casemanagement import services
    from casemanagement.aanlevering.toepassen import aanlevering_via_upload

    settings.REGISTRATIE_MAX_ONJUIST_PER_DAG = 1
    bekend = valid_bsn()
    sleutel = _sleutel(coordinator, netwerk, aanbieder[0])
    assert _lever(sleutel, _batch(bekend, valid_bsn())).status_code == 201
    uitkomst = aanlevering_via_upload(
        actor=Actor.of(coordinator),
        netwerk=netwerk,
        organisatie=aanbieder[0],
        gegevens=_client_batch("U-1", bekend, "Jansen"),
    )
    assert uitkomst.status == "geweigerd"
    with pytest.raises(Exception, match="te vaak"):
        services.client_register(
            actor=Actor.of(coordinator),
            bsn=valid_bsn(),
            client_fields={
                "voornaam": "Piet",
                "achternaam": "Bakker",
                "geboortedatum": "1940-01-01",
                "gemeente": _gemeente(),
            },
        )


def _gemeente():
    from netwerk.models import Gemeente

    return Gemeente.objects.get(cbs_code="GM0518")
