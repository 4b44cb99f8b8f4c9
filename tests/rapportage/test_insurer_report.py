"""The insurer's report as the insurer gets it: the file name in the downloads folder, the
period in words, the adopted stamp, the cover's key figures, the charts, and the same
progress verdict on the PDF as on the web page."""

import datetime as dt
import re
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.actor import Actor
from netwerk import services as netwerk_services
from rapportage import services
from rapportage.perioden import parse_periode
from tests.netwerk.factories import verzekeraar_user
from tests.netwerk.plans import goal_with_indicator
from tests.rapportage.conftest import PERIODE
from tests.rapportage.test_pdf import pdf_text

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def _adopted(netwerk):
    rapport = services.rapport_concept(
        netwerk=netwerk, periode=parse_periode(PERIODE), actor=Actor.of(netwerk.coordinator)
    )
    services.rapport_teksten(
        rapport=rapport,
        actor=Actor.of(netwerk.coordinator),
        resultaten="Goed.",
        knelpunten="Personeel.",
    )
    return services.rapport_vaststellen(rapport=rapport, actor=Actor.of(netwerk.coordinator))


def test_the_download_is_named_after_network_period_and_version(client, gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    client.force_login(verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar))
    response = client.get(reverse("rapportage:pdf", args=[rapport.pk]))
    expected = f"voortgang-{gevuld_netwerk.slug}-2026-Q3-v1.pdf"
    assert f'filename="{expected}"' in response["Content-Disposition"]
    api = client.get(reverse("api:rapport-pdf", args=[rapport.pk]))
    assert f'filename="{expected}"' in api["Content-Disposition"]


def test_the_insurer_chooses_the_period_from_a_list_in_words(client, gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    client.force_login(verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar))
    page = client.get(reverse("rapportage:downloads")).content.decode()
    assert '<select name="periode"' in page
    assert '<option value="2026Q3">3e kwartaal 2026</option>' in page
    assert "<td>3e kwartaal 2026</td>" in page
    assert ">2026Q3<" not in page
    chosen = client.get(reverse("rapportage:downloads"), {"periode": "2026Q3"}).content.decode()
    assert reverse("rapportage:pdf", args=[rapport.pk]) in chosen
    typed = client.get(reverse("rapportage:downloads"), {"periode": "2025Q1"}).content.decode()
    assert "Selecteer een geldige keuze" in typed


@needs_poppler
def test_the_adopted_pdf_says_that_it_is_adopted_when_and_by_whom(gevuld_netwerk):
    gevuld_netwerk.coordinator.naam = "Ineke de Vries"
    gevuld_netwerk.coordinator.save()
    rapport = _adopted(gevuld_netwerk)
    text = " ".join(pdf_text(rapport, layout=False).split())
    op = rapport.vastgesteld_op
    stempel = f"Vastgesteld op {op.day} {op.strftime('%B')}"  # English month: checked below
    assert "Vastgesteld op" in text
    assert "door Ineke de Vries" in text
    assert stempel not in text  # the month is written in Dutch
    assert "CONCEPT" not in text
    # on every page, in the footer
    assert text.count("Vastgesteld op") >= int(re.search(r"van (\d+)", text).group(1))


@needs_poppler
def test_a_concept_has_no_adopted_stamp(gevuld_netwerk):
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    text = pdf_text(rapport)
    assert "CONCEPT" in text
    assert "Vastgesteld op" not in text


@needs_poppler
def test_the_cover_summarises_the_key_figures_against_their_norms(gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    cover = pdf_text(rapport).split("\f")[0]
    assert "Kerncijfers tegen hun norm" in cover
    assert re.search(r"Wachtend op een casemanager\s+7\s", cover)
    assert re.search(r"In zorg binnen 4 weken\s+100,0%\s+ten minste 80%\s+✓ voldoet", cover)
    assert "hoogstens 42" in cover
    assert "voldoet" in cover
    assert "Laatste voortgangsgesprek" in cover


@needs_poppler
def test_counts_and_measured_values_are_printed_without_decimals(gevuld_netwerk):
    coordinator = gevuld_netwerk.coordinator
    plan = gevuld_netwerk.plannen.get()
    doel, _ = goal_with_indicator(plan, coordinator)
    aantal = netwerk_services.indicator_create(
        doel=doel,
        actor=Actor.of(coordinator),
        naam="Mantelzorgers bereikt",
        eenheid="aantal",
        basiswaarde=Decimal("300"),
        streefwaarden={2026: Decimal("350")},
    )
    netwerk_services.realisatie_add(
        indicator=aantal,
        actor=Actor.of(coordinator),
        datum=dt.date(2026, 9, 1),
        waarde=Decimal("1200"),
    )
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    text = pdf_text(rapport)
    assert "300,00" not in text
    assert re.search(r"Mantelzorgers bereikt\s+300\s+1\.200\b", text)


@needs_poppler
def test_contracted_and_realised_use_the_same_column_order(gevuld_netwerk):
    text = pdf_text(
        services.rapport_concept(
            netwerk=gevuld_netwerk,
            periode=parse_periode(PERIODE),
            actor=Actor.of(gevuld_netwerk.coordinator),
        )
    )
    assert re.search(r"Gecontracteerd \(jaar\)\s+Gerealiseerd \(periode\)", text)
    assert re.search(r"Aanbieder\s+Cliënten\s+Uren\s+Cliënten\s+Uren", text)


def test_the_report_has_charts_of_capacity_outcomes_and_signals(gevuld_netwerk):
    from rapportage import rendering
    from signaalteam.models import Categorie
    from tests.signaalteam.factories import SignaalFactory

    SignaalFactory(
        categorie=Categorie.WACHTLIJST,
        ontvangen_op=dt.date(2026, 8, 1),
        netwerken=[gevuld_netwerk],
    )
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    context = rendering.context(rapport, concept=True)
    assert "<svg" in context["capaciteitsgrafiek"]
    assert "Ervaren belasting" in context["uitkomstengrafiek"]
    assert "Volhoudtijd" in context["volhoudtijdgrafiek"]
    assert str(Categorie.WACHTLIJST.label) in context["signalengrafiek"]


def test_a_chart_shows_a_count_under_five_as_a_gap_not_as_a_bar():
    from rapportage.charts import Staaf, staafdiagram

    svg = staafdiagram(
        staven=[Staaf("Weinig", None), Staaf("Veel", 12.0)], title="t", description="d"
    )
    assert svg.count("<rect") == 2  # the background and the one bar of 12
    assert "&lt;5" in svg


@needs_poppler
def test_pdf_and_web_page_give_the_same_verdict_for_the_same_goal(client, gevuld_netwerk):
    """The measurement of December 2025 met 2025's target (70) but not 2026's (80): at the
    end of the third quarter of 2026 the goal is behind, on the web page and in the PDF."""
    coordinator = gevuld_netwerk.coordinator
    plan = gevuld_netwerk.plannen.get()
    doel, indicator = goal_with_indicator(plan, coordinator)
    doel.titel = "Sneller in zorg"
    doel.save()
    netwerk_services.realisatie_add(
        indicator=indicator,
        actor=Actor.of(coordinator),
        datum=dt.date(2025, 12, 31),
        waarde=Decimal("72"),
    )
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    [pdf_doel] = [d for d in rapport.data["doelen"]["doelen"] if d["titel"] == "Sneller in zorg"]
    assert pdf_doel["status_label"] == "Loopt achter"
    text = " ".join(pdf_text(rapport, layout=False).split())
    assert "Sneller in zorg Loopt achter" in text

    client.force_login(coordinator)
    page = client.get(reverse("netwerk:doel_detail", args=[doel.pk])).content.decode()
    assert "Loopt achter" in page
    assert "Op koers" not in page
