"""Dates of signals (security issue #12, item 11): a signal 'received' on 0001-01-01 became
SIG-1-0001. The date a signal was received, taken up or closed and the date of an action
lie between 1 January 2000 and today; a follow-up date at most two years ahead; the period
filters of the pages and the API refuse year 1 and 2099 with a Dutch message."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.actor import Actor
from signaalteam import services
from signaalteam.models import ActieType, Categorie, Signaal, SignaalActie
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db

MESSAGES = {
    "0001-01-01": "Deze datum ligt voor 1 januari 2000. Controleer het jaar.",
    "2099-01-01": "Deze datum ligt in de toekomst.",
}


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _signal_form(netwerk, user, **overrides) -> dict:
    return {
        "titel": "Netwerk stopt",
        "omschrijving": "Het netwerk houdt op te bestaan.",
        "categorie": Categorie.NETWERK,
        "netwerken": [netwerk.pk],
        "eigenaar": user.pk,
        "ontvangen_op": timezone.localdate().isoformat(),
        "melder_type": "gemeente",
        "melder_organisatie": "Gemeente Delft",
        **overrides,
    }


@pytest.mark.parametrize("ontvangen_op", MESSAGES)
def test_a_signal_received_in_year_1_or_2099_is_refused_on_the_page(
    client, signaalteam_user, netwerk, ontvangen_op
):
    client.force_login(signaalteam_user)
    response = client.post(
        reverse("signaalteam:create"),
        _signal_form(netwerk, signaalteam_user, ontvangen_op=ontvangen_op),
    )
    assert response.status_code == 200
    assert MESSAGES[ontvangen_op] in _page(response)
    assert not Signaal.objects.exists()


def test_editing_a_signal_to_year_1_is_refused(client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    client.force_login(signaalteam_user)
    response = client.post(
        reverse("signaalteam:update", args=[result.pk]),
        _signal_form(netwerk, signaalteam_user, ontvangen_op="0001-01-01"),
    )
    assert response.status_code == 200
    assert MESSAGES["0001-01-01"] in _page(response)
    result.refresh_from_db()
    assert result.ontvangen_op == timezone.localdate()


def test_the_service_refuses_a_signal_received_in_year_1(signaalteam_user):
    with pytest.raises(ValidationError) as error:
        signaal(signaalteam_user, ontvangen_op=dt.date(1, 1, 1))
    assert error.value.message_dict == {"ontvangen_op": [MESSAGES["0001-01-01"]]}
    assert not Signaal.objects.exists()


def test_a_follow_up_date_decades_ahead_is_refused(signaalteam_user, netwerk):
    result = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk), actor=Actor.of(signaalteam_user)
    )
    with pytest.raises(ValidationError) as error:
        services.actie_add(
            signaal=result,
            actor=Actor.of(signaalteam_user),
            type=ActieType.AFSPRAAK,
            tekst="Verzekeraar koopt bij.",
            opvolgdatum=dt.date(2099, 1, 1),
        )
    assert error.value.message_dict["opvolgdatum"][0].startswith(
        "Deze datum ligt meer dan 2 jaar vooruit."
    )
    assert not SignaalActie.objects.filter(type=ActieType.AFSPRAAK).exists()


def test_the_meldpunt_sets_the_date_received_itself(client, netwerk):
    client.defaults["REMOTE_ADDR"] = "10.12.0.8"
    client.post(
        reverse("signaalteam:meldpunt"),
        {
            "melder_type": "client_mantelzorger",
            "naam": "Jeroen de Vries",
            "email": "jeroen@example.nl",
            "netwerk": netwerk.pk,
            "categorie": Categorie.WACHTLIJST,
            "omschrijving": "Mijn moeder wacht al negen weken op een casemanager.",
            "ontvangen_op": "0001-01-01",
        },
    )
    (result,) = Signaal.objects.all()
    assert result.ontvangen_op == timezone.localdate()
    assert result.referentie.startswith(f"SIG-{timezone.localdate().year}-")


@pytest.mark.parametrize(
    ("query", "field"),
    [("van=0001-01-01", "van"), ("tot=2099-01-01", "tot"), ("van=2099-01-01", "van")],
)
def test_the_api_period_filter_refuses_year_1_and_2099(signaalteam_user, query, field):
    api = APIClient()
    api.force_authenticate(signaalteam_user)
    response = api.get(f"/api/v1/signalen/?{query}")
    assert response.status_code == 400
    (message,) = response.json()[field]
    assert message.startswith("Deze datum ligt")


def test_the_page_period_filter_refuses_year_1(client, signaalteam_user):
    client.force_login(signaalteam_user)
    response = client.get(reverse("signaalteam:list") + "?van=0001-01-01")
    assert response.status_code == 200
    assert MESSAGES["0001-01-01"] in _page(response)
