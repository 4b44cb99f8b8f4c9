"""The public meldpunt: no login, minimal personal data, no BSN, protected against abuse,
a reference number on the confirmation and a signal in status gemeld."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import Notificatie
from signaalteam.models import Bron, Categorie, MelderType, Signaal, SignaalStatus
from tests.netwerk.factories import GemeenteFactory, WerkgebiedFactory

pytestmark = pytest.mark.django_db

MELDPUNT = "/meldpunt/"
ONTVANGEN = "/meldpunt/ontvangen/"
BSN_FOUT = "Deze tekst lijkt een burgerservicenummer (BSN) te bevatten"


def _unique_ip() -> str:
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2] or 1}"


@pytest.fixture
def client(client):
    """Each test its own address: the rate limit's counters live in the shared cache."""
    client.defaults["REMOTE_ADDR"] = _unique_ip()
    return client


def _data(netwerk, /, **overrides):
    data = {
        "melder_type": MelderType.CLIENT_MANTELZORGER,
        "naam": "Jeroen de Vries",
        "email": "jeroen@example.nl",
        "telefoon": "",
        "organisatie": "",
        "netwerk": netwerk.pk,
        "gemeente": "",
        "categorie": Categorie.WACHTLIJST,
        "omschrijving": "Mijn moeder wacht al negen weken op een casemanager.",
        "website": "",
    }
    data.update(overrides)
    return data


def test_paths_are_the_public_ones():
    assert reverse("signaalteam:meldpunt") == MELDPUNT
    assert reverse("signaalteam:meldpunt_ontvangen") == ONTVANGEN


def test_anyone_can_open_the_meldpunt_without_logging_in(client):
    response = client.get(MELDPUNT)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Meldpunt casemanagement dementie" in content
    assert "Vul geen burgerservicenummer (BSN)" in content
    assert "geen medische gegevens" in content
    # the honeypot is hidden from people and from screen readers
    assert 'class="meldpunt-hp" aria-hidden="true"' in content
    assert 'name="website"' in content and 'tabindex="-1"' in content


def test_asks_no_bsn_birth_date_or_address(client):
    content = client.get(MELDPUNT).content.decode().lower()
    for field in ('name="bsn"', 'name="geboortedatum"', 'name="adres"', 'name="postcode"'):
        assert field not in content


def test_valid_report_becomes_a_signal_and_the_confirmation_shows_its_reference(client, netwerk):
    response = client.post(MELDPUNT, _data(netwerk))

    assert response.status_code == 302
    assert response["Location"] == ONTVANGEN  # the reference is not in the URL
    signaal = Signaal.objects.get()
    assert signaal.status == SignaalStatus.GEMELD
    assert signaal.bron == Bron.MELDPUNT
    assert signaal.categorie == Categorie.WACHTLIJST
    assert signaal.melder_naam == "Jeroen de Vries"
    assert signaal.melder_email == "jeroen@example.nl"
    assert list(signaal.netwerken.all()) == [netwerk]
    assert "Jeroen" not in signaal.titel

    confirmation = client.get(ONTVANGEN)
    assert confirmation.status_code == 200
    assert signaal.referentie in confirmation.content.decode()


def test_gemeente_alone_finds_the_network(client, netwerk):
    gemeente = WerkgebiedFactory(
        netwerk=netwerk, gemeente=GemeenteFactory(naam="Rijswijk")
    ).gemeente

    client.post(MELDPUNT, _data(netwerk, netwerk="", gemeente=gemeente.pk))

    signaal = Signaal.objects.get()
    assert list(signaal.netwerken.all()) == [netwerk]
    assert signaal.regio == "Rijswijk"


def test_phone_instead_of_email_is_enough(client, netwerk):
    client.post(MELDPUNT, _data(netwerk, email="", telefoon="06 12345678"))
    assert Signaal.objects.get().melder_telefoon == "06 12345678"


def test_without_email_or_phone_nothing_is_sent(client, netwerk):
    response = client.post(MELDPUNT, _data(netwerk, email="", telefoon=""))

    assert response.status_code == 200
    assert "Vul een e-mailadres of een telefoonnummer in" in response.content.decode()
    assert not Signaal.objects.exists()


def test_without_network_or_gemeente_nothing_is_sent(client, netwerk):
    response = client.post(MELDPUNT, _data(netwerk, netwerk="", gemeente=""))

    assert "Kies het netwerk of de gemeente" in response.content.decode()
    assert not Signaal.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("omschrijving", "Het gaat om BSN 123456782, zij wacht al lang."),
        ("omschrijving", "Burgerservicenummer 1234.56.782."),
        ("omschrijving", "Nummer 123 456 782 wacht."),
        ("naam", "Jan 123456782"),
    ],
)
def test_text_with_a_bsn_is_refused_with_a_clear_message(client, netwerk, field, value):
    response = client.post(MELDPUNT, _data(netwerk, **{field: value}))

    assert response.status_code == 200
    content = response.content.decode()
    assert BSN_FOUT in content
    # what was typed stays in the form so the melder only has to remove the number
    assert value in content
    assert not Signaal.objects.exists()


def test_phone_numbers_and_other_numbers_are_not_taken_for_a_bsn(client, netwerk):
    text = "Bel mij op 06-12345678 of 0612345678. Sinds 01-03-2026 wachten 123 mensen."
    client.post(MELDPUNT, _data(netwerk, omschrijving=text))
    assert Signaal.objects.get().omschrijving == text


def test_filled_honeypot_pretends_success_but_creates_nothing(client, netwerk):
    response = client.post(MELDPUNT, _data(netwerk, website="http://spam.example"), follow=True)

    assert response.status_code == 200
    assert "Bedankt, uw melding is ontvangen" in response.content.decode()
    assert "SIG-" not in response.content.decode()
    assert not Signaal.objects.exists()
    assert not Notificatie.objects.exists()


def test_too_many_reports_from_one_address_get_a_friendly_429(client, netwerk, settings):
    settings.SIGNAAL_MELDPUNT_LIMIET = "3/h"
    for _ in range(3):
        assert client.post(MELDPUNT, _data(netwerk)).status_code == 302

    response = client.post(MELDPUNT, _data(netwerk))

    assert response.status_code == 429
    content = response.content.decode()
    assert "U heeft net al meldingen verstuurd" in content
    assert "Probeer het over een uur opnieuw" in content
    assert Signaal.objects.count() == 3
    # the form itself stays readable, and another address is not affected
    assert client.get(MELDPUNT).status_code == 200
    client.defaults["REMOTE_ADDR"] = _unique_ip()
    assert client.post(MELDPUNT, _data(netwerk)).status_code == 302


def test_default_limit_is_five_an_hour(client, netwerk):
    statuses = [client.post(MELDPUNT, _data(netwerk)).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


def test_new_report_notifies_the_signaalteam_without_personal_data(
    client, netwerk, signaalteam_user
):
    client.post(MELDPUNT, _data(netwerk))

    signaal = Signaal.objects.get()
    notificatie = Notificatie.objects.get(user=signaalteam_user)
    assert signaal.referentie in notificatie.titel
    assert notificatie.url == reverse("signaalteam:detail", args=[signaal.pk])
    text = notificatie.titel + notificatie.tekst
    for private in ("Jeroen", "jeroen@example.nl", "negen weken"):
        assert private not in text


def test_confirmation_without_a_report_sends_back_to_the_form(client):
    response = client.get(ONTVANGEN)
    assert response.status_code == 302
    assert response["Location"] == MELDPUNT


def test_melder_cannot_see_the_signal_after_submitting(client, netwerk):
    client.post(MELDPUNT, _data(netwerk))
    signaal = Signaal.objects.get()

    response = client.get(reverse("signaalteam:detail", args=[signaal.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "overrides",
    [
        {"melder_type": "systeem"},
        {"melder_type": "kapot"},
        {"categorie": "kapot"},
        {"netwerk": "abc"},
        {"netwerk": "99999999999999999999"},
        {"gemeente": "-1"},
        {"email": "geen-adres"},
        {"telefoon": "bel me"},
        {"omschrijving": "x" * 5000},
        {"omschrijving": "nul\x00teken"},
        {"naam": ""},
    ],
)
def test_bad_input_is_explained_never_a_server_error(client, netwerk, overrides):
    response = client.post(MELDPUNT, _data(netwerk, **overrides))

    assert response.status_code == 200
    assert "De melding is niet verstuurd" in response.content.decode()
    assert not Signaal.objects.exists()


def test_control_characters_in_text_do_not_break_anything(client, netwerk):
    response = client.post(MELDPUNT, _data(netwerk, omschrijving="regel\x0bmet\x1bstuurtekens"))
    assert response.status_code == 302
