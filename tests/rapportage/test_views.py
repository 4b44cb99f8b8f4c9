import pytest
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry
from rapportage import services
from rapportage.models import Rapport
from rapportage.perioden import parse_periode
from tests.netwerk.factories import coordinator_of, verzekeraar_user
from tests.rapportage.conftest import PERIODE

pytestmark = pytest.mark.django_db


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


def test_coordinator_generates_on_demand_and_sees_progress_until_done(
    client, gevuld_netwerk, django_capture_on_commit_callbacks
):
    client.force_login(gevuld_netwerk.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rapportage:rapporten"), {"periode": PERIODE})
    assert response.status_code == 302
    rapport = Rapport.objects.get(netwerk=gevuld_netwerk)
    progress = client.get(reverse("rapportage:voortgang")).content.decode()
    assert "Klaar" in progress
    assert reverse("rapportage:detail", args=[rapport.pk]) in progress


def test_coordinator_writes_texts_and_adopts(client, gevuld_netwerk):
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    client.force_login(gevuld_netwerk.coordinator)
    refused = client.post(reverse("rapportage:vaststellen", args=[rapport.pk]), follow=True)
    assert "Vul eerst de tekst" in refused.content.decode()
    client.post(
        reverse("rapportage:teksten", args=[rapport.pk]),
        {"tekst_resultaten": "Resultaat", "tekst_knelpunten": "Knelpunt"},
    )
    client.post(reverse("rapportage:vaststellen", args=[rapport.pk]))
    rapport.refresh_from_db()
    assert rapport.is_vastgesteld


def test_insurer_downloads_reports_of_its_networks_only_and_each_download_is_logged(
    client, gevuld_netwerk, other_netwerk
):
    rapport = _adopted(gevuld_netwerk)
    other_netwerk.coordinator = coordinator_of(other_netwerk)
    other = _adopted(other_netwerk)
    insurer = verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar)
    client.force_login(insurer)
    page = client.get(reverse("rapportage:downloads")).content.decode()
    assert reverse("rapportage:pdf", args=[rapport.pk]) in page
    assert reverse("rapportage:pdf", args=[other.pk]) not in page
    response = client.get(reverse("rapportage:pdf", args=[rapport.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        AccessLogEntry.objects.filter(
            user=insurer, action=AccessAction.AFDRUKKEN, object_type="rapport"
        ).count()
        == 1
    )
    assert client.get(reverse("rapportage:pdf", args=[other.pk])).status_code == 404


def test_insurer_never_sees_concepts(client, gevuld_netwerk):
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    client.force_login(verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar))
    assert client.get(reverse("rapportage:pdf", args=[rapport.pk])).status_code == 404


def test_coordinator_cannot_open_another_networks_report(client, gevuld_netwerk, other_netwerk):
    rapport = _adopted(gevuld_netwerk)
    client.force_login(coordinator_of(other_netwerk))
    assert client.get(reverse("rapportage:detail", args=[rapport.pk])).status_code == 404


def test_api_lists_with_filters_and_serves_the_pdf(client, gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    insurer = verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar)
    client.force_login(insurer)
    listing = client.get(
        reverse("api:rapport-list"), {"netwerk": gevuld_netwerk.pk, "periode": "2026q3"}
    ).json()
    assert [r["id"] for r in listing["results"]] == [rapport.pk]
    assert client.get(reverse("api:rapport-list"), {"periode": "2026Q9"}).status_code == 400
    pdf = client.get(reverse("api:rapport-pdf", args=[rapport.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_command_generates_with_a_progress_bar(gevuld_netwerk, capsys):
    from django.core.management import call_command

    call_command("genereer_rapporten", "--periode", PERIODE, "--netwerk", str(gevuld_netwerk.pk))
    assert "1/1" in capsys.readouterr().out
    assert Rapport.objects.filter(netwerk=gevuld_netwerk, periode=PERIODE).count() == 1


def test_pdf_downloads_are_never_stored_by_a_cache(client, gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    client.force_login(verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar))
    for name in ("rapportage:pdf", "api:rapport-pdf"):
        response = client.get(reverse(name, args=[rapport.pk]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_the_report_list_is_fetched_again_when_the_generation_is_done(
    client, gevuld_netwerk, django_capture_on_commit_callbacks
):
    client.force_login(gevuld_netwerk.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rapportage:rapporten"), {"periode": PERIODE})
    lijst = reverse("rapportage:rapporten")
    progress = client.get(
        reverse("rapportage:voortgang"),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{lijst}"},
    ).content.decode()
    assert "Klaar" in progress
    assert 'id="rapporten-lijst" hx-swap-oob="true"' in progress
    assert f'hx-get="{lijst}"' in progress
    assert "Nog geen rapporten" not in client.get(lijst).content.decode()


def test_adopting_a_report_asks_for_confirmation_first(client, gevuld_netwerk):
    rapport = services.rapport_concept(
        netwerk=gevuld_netwerk,
        periode=parse_periode(PERIODE),
        actor=Actor.of(gevuld_netwerk.coordinator),
    )
    client.force_login(gevuld_netwerk.coordinator)
    detail = client.get(reverse("rapportage:detail", args=[rapport.pk])).content.decode()
    assert "Vaststellen…" in detail
    bevestigen = client.get(reverse("rapportage:vaststellen", args=[rapport.pk])).content.decode()
    assert "Ja, rapport vaststellen" in bevestigen
    rapport.refresh_from_db()
    assert not rapport.is_vastgesteld


def test_a_report_whose_pdf_file_is_gone_says_so_on_the_page_and_in_the_api(client, gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    rapport.pdf.storage.delete(rapport.pdf.name)
    client.force_login(verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar))

    page = client.get(reverse("rapportage:pdf", args=[rapport.pk]))
    api = client.get(reverse("api:rapport-pdf", args=[rapport.pk]))

    assert page.status_code == 404
    assert "PDF-bestand van dit rapport is niet gevonden" in page.content.decode()
    assert api.status_code == 404
    assert "niet gevonden" in api.json()["detail"]
