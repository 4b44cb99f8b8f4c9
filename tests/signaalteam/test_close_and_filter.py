"""What the signaalteam notices on the overview and when closing a signal; what the citizen
reads on the meldpunt."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from signaalteam import services
from signaalteam.models import ActieType, SignaalStatus
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"signaalteam:{name}", args=args)


def _taken_up_with_follow_up(user, netwerk):
    result = signaal(user, netwerk)
    services.signaal_take_up(signaal=result, actor=Actor.of(user))
    today = timezone.localdate()
    services.actie_add(
        signaal=result,
        actor=Actor.of(user),
        type=ActieType.AFSPRAAK,
        tekst="Gesprek met de verzekeraar inplannen.",
        datum=today,
        opvolgdatum=today + dt.timedelta(days=14),
    )
    return result


def _close(client, result, **extra):
    return client.post(
        _url("close", result.pk),
        {
            "status": SignaalStatus.OPGELOST,
            "oplossing": "Extra casemanagers ingezet.",
            "datum": timezone.localdate().isoformat(),
            **extra,
        },
    )


def test_closing_with_a_follow_up_still_planned_asks_for_confirmation(
    client, signaalteam_user, netwerk
):
    result = _taken_up_with_follow_up(signaalteam_user, netwerk)
    client.force_login(signaalteam_user)
    form = client.get(_url("close", result.pk)).content.decode()
    assert "Er staat nog 1 afspraak open om op te volgen" in form
    assert "Toch sluiten" in form

    refused = _close(client, result)
    assert refused.status_code == 200
    assert "Er staat nog een opvolging gepland" in refused.content.decode()
    result.refresh_from_db()
    assert result.status == SignaalStatus.IN_BEHANDELING

    assert _close(client, result, toch_sluiten="on").status_code == 302
    result.refresh_from_db()
    assert result.status == SignaalStatus.OPGELOST


def test_closing_without_planned_follow_up_needs_no_confirmation(client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    services.signaal_take_up(signaal=result, actor=Actor.of(signaalteam_user))
    client.force_login(signaalteam_user)
    assert "Toch sluiten" not in client.get(_url("close", result.pk)).content.decode()
    assert _close(client, result).status_code == 302


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?van=2026-06-01&tot=2026-01-01", "De einddatum ligt vóór de begindatum."),
        ("?van=1-13-2026", "Vul een geldige datum in"),
    ],
)
def test_the_live_filter_tells_about_a_wrong_period(client, signaalteam_user, query, message):
    """The live filter swaps only the results in (hx-select="#resultaten"): the message is
    inside them."""
    client.force_login(signaalteam_user)
    response = client.get(_url("list") + query, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    resultaten = html[html.index('id="resultaten"') :]
    assert "Een filter is niet toegepast" in resultaten
    assert message in resultaten


def test_the_meldpunt_says_who_reads_the_description(client):
    html = client.get(_url("meldpunt")).content.decode()
    assert "de coördinator van het dementienetwerk en de zorgverzekeraar van de regio" in html
    assert "Uw naam en contactgegevens ziet alleen het landelijk signaalteam" in html
