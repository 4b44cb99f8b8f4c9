"""The on-demand PDF "overzicht van signalen" of a period, as a reader gets it: text
extracted with pdftotext (poppler-utils)."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from rapportage.pdf import _static_fetcher
from signaalteam import selectors, services
from signaalteam.models import Signaal, SignaalStatus
from tests.netwerk.factories import casemanager_of
from tests.signaalteam.factories import signaal

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]

URL = "rapportage:signalen_overzicht"
MELDER = ("Melder Geheimnaam", "melder.geheim@example.nl", "06 12345678", "Geheime Organisatie")


def _today():
    return timezone.localdate()


def _pdf(client, user, query: str = ""):
    client.force_login(user)
    response = client.get(reverse(URL) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def _text(response) -> str:
    """The words of the PDF in reading order, white space folded."""
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _closed(user, netwerk, titel: str, *, dagen_geleden: int, status, oplossing, op=None):
    """A signal received ``dagen_geleden`` days ago and closed (today unless ``op``)."""
    result = signaal(
        user, netwerk, titel=titel, ontvangen_op=_today() - dt.timedelta(days=dagen_geleden)
    )
    if status == SignaalStatus.OPGELOST:
        services.signaal_take_up(signaal=result, actor=Actor.of(user))
    return services.signaal_close(
        signaal=result, actor=Actor.of(user), status=status, oplossing=oplossing, op=op
    )


def test_overzicht_is_a_tagged_a4_pdf_with_cover_running_header_and_page_numbers(
    client, signaalteam_user, netwerk
):
    signaal(signaalteam_user, netwerk, titel="Aanbieder gestopt")
    van = dt.date(_today().year, 1, 1)
    response = _pdf(client, signaalteam_user, f"?van={van}&tot={_today()}")

    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="overzicht-signalen-{van:%Y%m%d}-{_today():%Y%m%d}.pdf"'
    )
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Tagged:          yes" in info
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2  # the cover, then the figures and the signals
    text = _text(response)
    assert f"Pagina {pages} van {pages}" in text
    assert "Gegenereerd op" in text
    assert f"Overzicht van signalen {van:%-d-%-m-%Y} – {_today():%-d-%-m-%Y}" in text
    assert "Landelijk signaalteam casemanagement dementie" in text
    for kop in ("Kerncijfers", "Per categorie en status", "De signalen"):
        assert kop in text


def test_overzicht_holds_the_signals_of_the_period_without_melder_details(
    client, signaalteam_user, netwerk
):
    gesloten = _closed(
        signaalteam_user,
        netwerk,
        "Aanbieder gestopt",
        dagen_geleden=12,
        status=SignaalStatus.OPGELOST,
        oplossing="Cliënten met eigen casemanager overgegaan.",
    )
    _closed(
        signaalteam_user,
        netwerk,
        "Lang geleden",
        dagen_geleden=400,
        status=SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
        oplossing="Dubbel.",
        op=_today() - dt.timedelta(days=390),
    )
    lopend = signaal(
        signaalteam_user,
        netwerk,
        titel="Loopt al lang",
        ontvangen_op=_today() - dt.timedelta(days=100),
    )
    van, tot = _today() - dt.timedelta(days=30), _today()

    overzicht = selectors.overzicht(Signaal.objects.all(), van, tot)
    assert (overzicht.nieuw, overzicht.gesloten, overzicht.open_aan_het_eind) == (1, 1, 1)
    assert overzicht.gemiddelde_doorlooptijd_gesloten == 12
    text = _text(_pdf(client, signaalteam_user, f"?van={van}&tot={tot}"))

    assert "Overzicht van signalen" in text
    assert gesloten.referentie in text and "Aanbieder gestopt" in text
    assert "Cliënten met eigen casemanager overgegaan." in text
    assert lopend.referentie in text and "Loopt al lang" in text
    assert "Lang geleden" not in text
    assert "Gemiddelde doorlooptijd van de in de periode gesloten signalen 12 dagen" in text
    for private in MELDER:
        assert private not in text


def test_insurer_gets_the_signals_of_its_region_only(
    client, signaalteam_user, verzekeraar, netwerk, other_netwerk
):
    signaal(signaalteam_user, netwerk, titel="In de regio")
    signaal(signaalteam_user, other_netwerk, titel="Buiten de regio")

    text = _text(_pdf(client, verzekeraar))

    assert "In de regio" in text
    assert "Buiten de regio" not in text
    for private in MELDER:
        assert private not in text


def test_casemanager_is_refused_the_overzicht(client, netwerk):
    client.force_login(casemanager_of(netwerk))
    assert client.get(reverse(URL)).status_code == 403


@pytest.mark.parametrize(
    ("query", "getypt"),
    [
        ("?van=gisteren", "gisteren"),
        ("?van=2026-02-31", "2026-02-31"),
        ("?van=2026-05-01&tot=2026-01-01", "2026-05-01"),
        ("?tot=%00", ""),
    ],
)
def test_an_invalid_period_is_shown_again_with_its_message_and_no_pdf(
    client, signaalteam_user, netwerk, query, getypt
):
    """Not quietly the default period: the user would get a PDF of a period they did not ask
    for. The form comes back with what was typed and a Dutch message."""
    signaal(signaalteam_user, netwerk, titel="Blijft zichtbaar")
    client.force_login(signaalteam_user)

    response = client.get(reverse(URL) + query)

    page = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "De periode klopt niet" in page
    assert "field__errors" in page or 'class="errorlist nonfield' in page
    assert f'value="{getypt}"' in page or not getypt


def test_no_period_gives_this_year_up_to_today(client, signaalteam_user, netwerk):
    signaal(signaalteam_user, netwerk, titel="Blijft zichtbaar")
    response = _pdf(client, signaalteam_user, "")
    standaard = f"{dt.date(_today().year, 1, 1):%Y%m%d}-{_today():%Y%m%d}"
    assert f"overzicht-signalen-{standaard}.pdf" in response["Content-Disposition"]
    assert "Blijft zichtbaar" in _text(response)


def test_signal_list_links_to_the_overzicht(client, signaalteam_user):
    client.force_login(signaalteam_user)
    page = client.get(reverse("signaalteam:list")).content.decode()
    assert f'action="{reverse(URL)}"' in page


def test_pdf_fetches_nothing_from_the_network():
    with pytest.raises(ValueError):
        _static_fetcher().fetch("http://evil.example/x.png")
