"""Dates without sane bounds (security issue #12, item 11; journeys issue #15): every date
of a client, an aanmelding and the care that follows is refused outside its window, with the
same Dutch message on the page, in the API and in the import, and nothing is written."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.actor import Actor
from accounts.dates import validate_geboortedatum
from accounts.models import AccessLogEntry
from casemanagement import services
from casemanagement.models import Aanmelding, Client, Meting, MetingType
from tests.casemanagement.factories import (
    CasemanagerFactory,
    RegisteredTrajectFactory,
    gemeente_in,
    valid_bsn,
)
from tests.casemanagement.test_import import as_csv, rij, run

pytestmark = pytest.mark.django_db

ONMOGELIJK = ["0001-01-01", "2099-01-01"]


@pytest.fixture
def cm(netwerk):
    return CasemanagerFactory(netwerk=netwerk)


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _registration(netwerk, **overrides) -> dict:
    return {
        "bsn": valid_bsn(),
        "voornaam": "Grietje",
        "achternaam": "Hoogland",
        "geboortedatum": "1941-03-02",
        "geslacht": "vrouw",
        "gemeente": gemeente_in(netwerk).pk,
        "diagnose_status": "geen",
        "datum": timezone.localdate().isoformat(),
        "verwijzer_type": "huisarts",
        "urgentie": "normaal",
        **overrides,
    }


def _api_body(**overrides) -> dict:
    return {
        "bsn": valid_bsn(),
        "voornaam": "Johanna",
        "achternaam": "Jansen",
        "geboortedatum": "1942-03-14",
        "gemeente": "GM0518",
        "datum": "2026-09-01",
        "verwijzer_type": "geheugenpoli",
        **overrides,
    }


def _nothing_written() -> None:
    assert not Client.objects.exists()
    assert not Aanmelding.objects.exists()
    assert not AccessLogEntry.objects.exists()


# --- The registration page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("geboortedatum", "message"),
    [
        ("0001-01-01", "Een geboortedatum ligt niet voor 1 januari 1900."),
        ("2099-01-01", "Een geboortedatum ligt niet in de toekomst."),
    ],
)
def test_registration_page_refuses_a_birth_date_in_year_1_or_2099(
    client, cm, netwerk, geboortedatum, message
):
    client.force_login(cm.user)
    response = client.post(
        reverse("casemanagement:client_create"),
        _registration(netwerk, geboortedatum=geboortedatum),
    )
    assert response.status_code == 200
    assert message in _page(response)
    _nothing_written()


@pytest.mark.parametrize("datum", ONMOGELIJK)
def test_registration_page_refuses_an_aanmelding_in_year_1_or_2099(client, cm, netwerk, datum):
    client.force_login(cm.user)
    response = client.post(
        reverse("casemanagement:client_create"), _registration(netwerk, datum=datum)
    )
    assert response.status_code == 200
    assert "Deze datum ligt" in _page(response)
    _nothing_written()


def test_registration_page_refuses_a_birth_date_after_the_aanmelding(client, cm, netwerk):
    client.force_login(cm.user)
    response = client.post(
        reverse("casemanagement:client_create"),
        _registration(netwerk, geboortedatum="2026-09-02", datum="2026-09-01"),
    )
    assert response.status_code == 200
    assert "De geboortedatum ligt na de datum van aanmelding (01-09-2026)." in _page(response)
    _nothing_written()


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def api(netwerk):
    from netwerk.models import Gemeente
    from tests.netwerk.factories import WerkgebiedFactory

    WerkgebiedFactory(netwerk=netwerk, gemeente=Gemeente.objects.get(cbs_code="GM0518"))
    return APIClient()


def test_api_refuses_a_birth_date_after_the_referral_date(api, cm):
    api.force_authenticate(cm.user)
    response = api.post(
        "/api/v1/aanmeldingen/",
        _api_body(geboortedatum="2026-09-02", datum="2026-09-01"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "geboortedatum": ["De geboortedatum ligt na de datum van aanmelding (01-09-2026)."]
    }
    _nothing_written()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "geboortedatum",
            "0001-01-01",
            "Een geboortedatum ligt niet voor 1 januari 1900. Controleer het jaar.",
        ),
        ("geboortedatum", "2099-01-01", "Een geboortedatum ligt niet in de toekomst."),
        ("datum", "0001-01-01", "Deze datum ligt voor 1 januari 2000. Controleer het jaar."),
        ("datum", "2099-01-01", "Deze datum ligt in de toekomst."),
    ],
)
def test_api_refuses_dates_in_year_1_or_2099(api, cm, field, value, message):
    api.force_authenticate(cm.user)
    response = api.post("/api/v1/aanmeldingen/", _api_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert response.json()[field] == [message]
    _nothing_written()


def test_the_service_refuses_a_birth_date_after_the_aanmelding_whoever_calls_it(cm, netwerk):
    with pytest.raises(ValidationError) as error:
        services.client_register(
            actor=Actor.of(cm.user),
            bsn=valid_bsn(),
            client_fields={
                "voornaam": "Piet",
                "achternaam": "Bos",
                "geboortedatum": dt.date(2026, 9, 2),
                "gemeente": gemeente_in(netwerk),
            },
            aanmelding_fields={
                "datum": dt.date(2026, 9, 1),
                "verwijzer_type": "huisarts",
                "organisatie": cm.organisatie,
            },
        )
    assert "geboortedatum" in error.value.message_dict
    _nothing_written()


# --- One rule for the page and the import ---------------------------------------------------


def test_page_api_and_import_refuse_a_future_birth_date_with_the_same_message(
    client, cm, coordinator, netwerk, api
):
    morgen = timezone.localdate() + dt.timedelta(days=1)
    client.force_login(cm.user)
    page = _page(
        client.post(
            reverse("casemanagement:client_create"),
            _registration(netwerk, geboortedatum=morgen.isoformat()),
        )
    )
    api.force_authenticate(cm.user)
    api_response = api.post(
        "/api/v1/aanmeldingen/",
        _api_body(geboortedatum=morgen.isoformat(), datum=timezone.localdate().isoformat()),
        format="json",
    )
    resultaat = run(coordinator, netwerk, as_csv([rij(geboortedatum=morgen.strftime("%d-%m-%Y"))]))

    with pytest.raises(ValidationError) as rule:
        validate_geboortedatum(morgen)
    (message,) = rule.value.messages
    assert message in page
    assert api_response.status_code == 400
    assert api_response.json()["geboortedatum"] == [message]
    (fout,) = resultaat.fouten
    assert str(fout) == f"Rij 2, kolom geboortedatum: {message[0].lower()}{message[1:]}"
    _nothing_written()


@pytest.mark.parametrize(
    ("kolom", "value"),
    [
        ("geboortedatum", "01-01-0001"),
        ("aanmelddatum", "01-01-0001"),
        ("aanmelddatum", "01-01-2099"),
    ],
)
def test_import_refuses_year_1_and_2099(coordinator, netwerk, api, kolom, value):
    resultaat = run(coordinator, netwerk, as_csv([rij(**{kolom: value})]))
    assert [(fout.rij, fout.kolom) for fout in resultaat.fouten] == [(2, kolom)]
    _nothing_written()


# --- The care that follows ------------------------------------------------------------------


@pytest.mark.parametrize("datum", ONMOGELIJK)
def test_measurement_in_year_1_or_2099_is_refused_on_the_page(client, datum):
    traject = RegisteredTrajectFactory(startdatum=dt.date(2026, 9, 10))
    client.force_login(traject.casemanager.user)
    response = client.post(
        reverse("casemanagement:meting_create", args=[traject.pk]),
        {"datum": datum, MetingType.BELASTING: "6"},
    )
    assert response.status_code == 200
    assert "Deze datum ligt" in _page(response)
    assert not Meting.objects.exists()


@pytest.mark.parametrize("datum", [dt.date(1, 1, 1), dt.date(2099, 1, 1)], ids=str)
def test_measurement_in_year_1_or_2099_is_refused_by_the_service(datum):
    traject = RegisteredTrajectFactory(startdatum=dt.date(2026, 9, 10))
    with pytest.raises(ValidationError) as error:
        services.meting_add(
            actor=Actor.of(traject.casemanager.user),
            traject=traject,
            datum=datum,
            type=MetingType.BELASTING,
            score=6,
        )
    assert list(error.value.message_dict) == ["datum"]
    assert not Meting.objects.exists()


def test_an_indication_period_more_than_two_years_ahead_is_refused():
    traject = RegisteredTrajectFactory(startdatum=dt.date(2026, 9, 10))
    with pytest.raises(ValidationError) as error:
        services.indicatie_create(
            actor=Actor.of(traject.casemanager.user),
            traject=traject,
            opgesteld_door=traject.casemanager,
            uren=40,
            periode_van=dt.date(2026, 10, 1),
            periode_tot=dt.date(2099, 1, 1),
        )
    assert error.value.message_dict["periode_tot"][0].startswith(
        "Deze datum ligt meer dan 2 jaar vooruit."
    )


def test_page_api_and_import_store_a_postcode_the_same_way_and_refuse_a_wrong_one_alike(
    client, cm, coordinator, netwerk, api
):
    """The postcode has one normaliser and one rule (casemanagement.models.clienten)."""
    client.force_login(cm.user)
    api.force_authenticate(cm.user)
    vandaag = timezone.localdate().isoformat()
    client.post(
        reverse("casemanagement:client_create"),
        _registration(netwerk, achternaam="Pagina", postcode="2514 ea", gemeente=_gm0518()),
    )
    api.post(
        "/api/v1/aanmeldingen/",
        _api_body(achternaam="Api", postcode="2514 ea", datum=vandaag),
        format="json",
    )
    run(coordinator, netwerk, as_csv([rij(achternaam="Import", postcode="2514 ea")]))
    stored = dict(Client.objects.values_list("achternaam", "postcode"))
    assert stored == {"Pagina": "2514EA", "Api": "2514EA", "Import": "2514EA"}

    message = "Een postcode heeft 4 cijfers en 2 letters, bijvoorbeeld 2514 EA."
    page = _page(
        client.post(
            reverse("casemanagement:client_create"),
            _registration(netwerk, postcode="25144", gemeente=_gm0518()),
        )
    )
    assert message in page
    response = api.post(
        "/api/v1/aanmeldingen/", _api_body(postcode="25144", datum=vandaag), format="json"
    )
    assert response.json()["postcode"] == [message]
    resultaat = run(coordinator, netwerk, as_csv([rij(postcode="25144")]))
    assert [fout.kolom for fout in resultaat.fouten] == ["postcode"]
    assert Client.objects.count() == 3


def _gm0518() -> int:
    from netwerk.models import Gemeente

    return Gemeente.objects.get(cbs_code="GM0518").pk
