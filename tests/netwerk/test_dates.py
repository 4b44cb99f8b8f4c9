"""Dates of the network's plan and meetings (security issue #12, item 11): a realisation of an
indicator and a voortgangsgesprek in year 1 or 2099 are refused with a Dutch message and
nothing is written. They may lie ahead (a target year's measurement, a planned meeting), as
planned dates do, but not decades."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.actor import Actor
from netwerk import services
from netwerk.models import Aansluiting, Realisatie, Voortgangsgesprek
from tests.netwerk.factories import OrganisatieFactory
from tests.netwerk.plans import filled_plan, goal_with_indicator

pytestmark = pytest.mark.django_db

MESSAGES = {
    "0001-01-01": "Deze datum ligt voor 1 januari 2000. Controleer het jaar.",
    "2099-01-01": "Deze datum ligt meer dan 2 jaar vooruit.",
}


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("datum", MESSAGES)
def test_indicator_realisation_in_year_1_or_2099_is_refused(client, netwerk, coordinator, datum):
    _doel, indicator = goal_with_indicator(filled_plan(netwerk, coordinator), coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:realisatie_create", args=[indicator.pk]),
        {"datum": datum, "waarde": "75"},
    )
    assert response.status_code == 200
    assert MESSAGES[datum] in _page(response)
    assert not Realisatie.objects.exists()


@pytest.mark.parametrize("datum", MESSAGES)
def test_voortgangsgesprek_in_year_1_or_2099_is_refused(client, netwerk, coordinator, datum):
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:gesprek_create", args=[netwerk.pk]),
        {"datum": datum, "deelnemers": "Coördinator\nInkoper", "samenvatting": ""},
    )
    assert response.status_code == 200
    assert MESSAGES[datum] in _page(response)
    assert not Voortgangsgesprek.objects.exists()


def test_an_affiliation_may_end_within_two_years_but_not_in_2099(netwerk, coordinator):
    organisatie = OrganisatieFactory()
    with pytest.raises(ValidationError) as error:
        services.aansluiting_create(
            netwerk=netwerk,
            organisatie=organisatie,
            actor=Actor.of(coordinator),
            geldig_van=dt.date(2026, 1, 1),
            geldig_tot=dt.date(2099, 1, 1),
            levert_casemanagement=True,
        )
    assert error.value.message_dict["geldig_tot"][0].startswith(
        "Deze datum ligt meer dan 2 jaar vooruit."
    )
    assert not Aansluiting.objects.filter(organisatie=organisatie).exists()
