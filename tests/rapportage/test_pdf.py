"""The PDF as a reader gets it: text extracted with pdftotext (poppler-utils)."""

import re
import shutil
import subprocess

import pytest

from accounts.actor import Actor
from accounts.models import Role
from casemanagement.models import Client
from rapportage import services
from rapportage.models import RapportType
from rapportage.perioden import parse_periode
from tests.netwerk.factories import national_user
from tests.rapportage.conftest import PERIODE
from wachtlijst.selectors import samenvatting

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]


def pdf_text(rapport, *, layout: bool = True) -> str:
    rapport.pdf.open("rb")
    data = rapport.pdf.read()
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def pdf_info(rapport) -> str:
    rapport.pdf.open("rb")
    result = subprocess.run(
        ["pdfinfo", "-"], input=rapport.pdf.read(), capture_output=True, check=True
    )
    return result.stdout.decode()


def test_figures_in_the_pdf_equal_the_selectors(gevuld_netwerk):
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    text = pdf_text(rapport)
    expected = samenvatting(gevuld_netwerk.aanmeldingen.all(), parse_periode(PERIODE).peildatum)
    assert expected.aantal_wachtend == 7
    assert re.search(r"Wachtend\s+7\b", text)
    # 10..70 days: 2 waited 6 weeks or longer (60, 70) -> shown as <5
    assert expected.aantal_zes_weken_of_langer == 3
    assert re.search(r"Wachtend 6 weken of langer \(NZa-wachttijd\)\s+<5", text)
    assert re.search(r"Cliënten in zorg\s+6\b", text)
    plain = " ".join(pdf_text(rapport, layout=False).split())
    assert "Gestart binnen 6 weken" in plain  # the plan's indicator
    assert "15 juni 2026" in text  # last voortgangsgesprek


def test_pdf_is_tagged_a4_with_header_footer_and_page_numbers(gevuld_netwerk):
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    info = pdf_info(rapport)
    assert "Tagged:          yes" in info
    assert "(A4)" in info
    text = pdf_text(rapport)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert f"Pagina {pages} van {pages}" in text
    assert gevuld_netwerk.naam in text
    assert "Gegenereerd op" in text
    assert "CONCEPT" in text


@pytest.mark.parametrize(
    "type_",
    [RapportType.KWARTAAL, RapportType.LANDELIJK_WACHTLIJST, RapportType.SIGNALEN],
)
def test_no_client_name_or_bsn_in_any_report(gevuld_netwerk, type_):
    netwerk = gevuld_netwerk if type_ == RapportType.KWARTAAL else None
    rapport = services.rapport_concept(
        netwerk=netwerk,
        periode=parse_periode(PERIODE),
        type=type_,
        actor=Actor.of(gevuld_netwerk.coordinator if netwerk else national_user(Role.SIGNAALTEAM)),
    )
    text = pdf_text(rapport)
    clients = list(Client.objects.all())
    assert clients
    for client in clients:
        assert client.achternaam not in text
        assert client.bsn not in text
        assert client.geboortedatum.strftime("%d-%m-%Y") not in text


def test_pdf_gives_no_small_count_away_and_draws_no_hidden_point(gevuld_netwerk):
    """Issue 14: "<5 cliënten in zorg: 33,3 % binnen 4 weken" gave the count away, and the
    chart drew "<5" as 0."""
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    text = " ".join(pdf_text(rapport, layout=False).split())
    zin = re.search(r"In het kwartaal tot de peildatum kwamen (\S+) cliënten in zorg(.*?)\.", text)
    assert zin is not None
    gestart = rapport.data["wachtlijst"]["gestart"]
    if gestart["totaal"] < 5 or 0 < gestart["binnen_4_weken"] < 5:
        assert not re.search(r"\d+,\d ?% binnen", zin.group(2)), zin.group(0)
    assert "in de grafiek op 0" not in text
    assert "de lijn is daar onderbroken" in text


def test_report_figures_are_suppressed_together(gevuld_netwerk):
    from accounts import disclosure
    from rapportage import rendering

    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    data = rapport.data
    data["wachtlijst"]["gestart"].update(
        totaal=3, binnen_4_weken=1, binnen_6_weken=2,
        percentage_binnen_4_weken="33.3", percentage_binnen_6_weken="66.7",
    )  # fmt: skip
    data["uitkomsten"] = [
        {
            "type": "volhoudtijd",
            "label": "Volhoudtijd",
            "aantal": 12,
            "verdeling": [{"label": "a", "aantal": 2}, {"label": "b", "aantal": 10}],
        },
        {"type": "score", "label": "Score", "aantal": 3, "gemiddelde": "7.5"},
    ]
    data["wachtlijst"]["trend"][0]["aantal_wachtend"] = 0
    data["wachtlijst"]["trend"][1]["aantal_wachtend"] = 2
    d = rendering.context(rapport, concept=True)["d"]

    gestart = d["wachtlijst"]["gestart"]
    assert gestart["totaal"] == disclosure.KLEIN
    assert gestart["percentage_binnen_4_weken"] == disclosure.AFGELEID
    assert gestart["percentage_binnen_6_weken"] == disclosure.AFGELEID
    volhoudtijd, score = d["uitkomsten"]
    # 12 = 2 + 10: "<5" beside 10 and 12 would give 2 away
    assert [v["aantal"] for v in volhoudtijd["verdeling"]] == [
        disclosure.KLEIN,
        disclosure.COMPLEMENTAIR,
    ]
    assert (score["aantal"], score["gemiddelde"]) == (disclosure.KLEIN, disclosure.AFGELEID)
    assert d["wachtlijst"]["trend"][0]["aantal_wachtend"] == 0  # nobody: shown
    assert d["wachtlijst"]["trend"][1]["aantal_wachtend"] == disclosure.KLEIN
    assert rapport.data["uitkomsten"][1]["aantal"] == 3  # the stored snapshot stays raw


def test_national_report_shows_zero_beside_geen_wachtlijst_and_protects_the_total():
    from accounts import disclosure
    from rapportage.models import RapportType
    from rapportage.onderdrukking import zichtbaar

    def netwerk(naam, wachtend, boven):
        return {
            "naam": naam,
            "categorie": "geen" if wachtend == 0 else "1-99",
            "aantal_wachtend": wachtend,
            "aantal_boven_treeknorm": boven,
            "aantal_zes_weken_of_langer": boven,
            "mediaan_wachtdagen": "20.0" if wachtend else None,
            "langste_wachtdagen": 50 if wachtend else None,
        }

    data = {
        "netwerken": [netwerk("A", 0, 0), netwerk("B", 3, 1), netwerk("C", 40, 12)],
        "totalen": {"aantal_wachtend": 43, "aantal_boven_treeknorm": 13,
                    "aantal_zes_weken_of_langer": 13},
    }  # fmt: skip
    d = zichtbaar(RapportType.LANDELIJK_WACHTLIJST, data)
    a, b, c = d["netwerken"]
    assert (a["categorie"], a["aantal_wachtend"]) == ("geen", 0)
    assert b["aantal_wachtend"] == disclosure.KLEIN
    assert b["mediaan_wachtdagen"] == b["langste_wachtdagen"] == disclosure.AFGELEID
    assert c["aantal_wachtend"] == 40  # as on the network's own pages
    assert d["totalen"]["aantal_wachtend"] == disclosure.COMPLEMENTAIR  # 43 - 40 would be 3
