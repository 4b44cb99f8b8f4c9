"""Import of clients with their aanmelding (and open traject) from CSV and XLSX."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry
from casemanagement import importeren, services
from casemanagement.importeren import KOLOM_NAMEN, import_clienten
from casemanagement.models import (
    Aanmelding,
    Client,
    Contactmoment,
    ContactType,
    ToewijzingOverride,
    Traject,
    VerwijzerType,
)
from netwerk.models import Gemeente
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    valid_bsn,
)
from tests.netwerk.factories import VestigingFactory, WerkgebiedFactory

pytestmark = pytest.mark.django_db

AANMELDDATUM = dt.date(2026, 9, 1)


@pytest.fixture
def den_haag(netwerk):
    gemeente = Gemeente.objects.get(cbs_code="GM0518")
    WerkgebiedFactory(netwerk=netwerk, gemeente=gemeente)
    return gemeente


@pytest.fixture
def enschede(other_netwerk):
    gemeente = Gemeente.objects.get(cbs_code="GM0153")
    WerkgebiedFactory(netwerk=other_netwerk, gemeente=gemeente)
    return gemeente


@pytest.fixture
def cm(netwerk):
    return CasemanagerFactory(netwerk=netwerk, user__email="petra@zorg.example.nl")


def rij(**overrides) -> dict:
    values = {
        "bsn": valid_bsn(),
        "voornaam": "Johanna",
        "tussenvoegsel": "",
        "achternaam": "Jansen",
        "geboortedatum": "14-03-1942",
        "geslacht": "vrouw",
        "straat_huisnummer": "Laan 1",
        "postcode": "2514 EA",
        "woonplaats": "Den Haag",
        "gemeente": "GM0518",
        "huisarts": "Praktijk Centrum",
        "woonsituatie": "alleen",
        "diagnose_status": "gesteld",
        "aanmelddatum": "01-09-2026",
        "verwijzer_type": "huisarts",
        "verwijzer_naam": "Dr. Bos",
        "urgentie": "normaal",
        "aanbieder_agb": "",
        "casemanager_email": "",
        "toegewezen_op": "",
        "eerste_contact_op": "",
    }
    values.update(overrides)
    return values


def as_csv(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=KOLOM_NAMEN, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_xlsx(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(coordinator, netwerk, data, filename="clienten.csv", **kwargs):
    return import_clienten(
        actor=Actor.of(coordinator), netwerk=netwerk, data=data, filename=filename, **kwargs
    )


def messages_of(resultaat) -> list[tuple[int | None, str]]:
    return [(fout.rij, fout.kolom) for fout in resultaat.fouten]


# --- Good files -----------------------------------------------------------------------------


def test_good_csv_imports_clients_with_their_aanmelding(coordinator, netwerk, den_haag):
    rows = [rij(), rij(voornaam="Piet", achternaam="de Vries", verwijzer_type="Huisarts / POH")]

    resultaat = run(coordinator, netwerk, as_csv(rows))

    assert resultaat.ok, resultaat.fouten
    assert (resultaat.clienten_nieuw, resultaat.aanmeldingen_nieuw) == (2, 2)
    client = Client.objects.get(achternaam="de Vries")
    assert client.bsn == rows[1]["bsn"]
    assert client.gemeente == den_haag
    assert client.netwerk == netwerk
    assert client.postcode == "2514EA"
    aanmelding = client.aanmeldingen.get()
    assert aanmelding.netwerk == netwerk
    assert aanmelding.datum == AANMELDDATUM
    assert aanmelding.verwijzer_type == VerwijzerType.HUISARTS  # from the Dutch label
    assert aanmelding.is_wachtend
    logged = AccessLogEntry.objects.filter(user=coordinator, action=AccessAction.AANMAKEN)
    assert set(logged.values_list("object_type", "client_id")) == {
        ("client", client.pk),
        ("aanmelding", client.pk),
        ("client", Client.objects.exclude(pk=client.pk).get().pk),
        ("aanmelding", Client.objects.exclude(pk=client.pk).get().pk),
    }


def test_csv_in_cp1252_with_commas_labels_names_and_iso_dates(coordinator, netwerk, den_haag):
    row = rij(
        voornaam="Anaïs",
        gemeente="'s-Gravenhage",
        geboortedatum="1942-03-14",
        aanmelddatum="2026-09-01",
        verwijzer_type="CLIËNT OF MANTELZORGER ZELF",
        woonsituatie="Met partner",
    )

    resultaat = run(coordinator, netwerk, as_csv([row], delimiter=",", encoding="cp1252"))

    assert resultaat.ok, resultaat.fouten
    client = Client.objects.get()
    assert client.voornaam == "Anaïs"
    assert client.woonsituatie == "partner"
    assert client.geboortedatum == dt.date(1942, 3, 14)
    assert client.aanmeldingen.get().verwijzer_type == VerwijzerType.ZELF


def test_good_xlsx_with_date_cells_and_a_numeric_bsn(coordinator, netwerk, den_haag):
    bsn = valid_bsn()
    header = ["BSN", "Voornaam", "Achternaam", "Geboortedatum", "Gemeente", "Aanmelddatum"]
    header += ["verwijzer_type"]
    geboren = dt.datetime(1942, 3, 14)  # noqa: DTZ001 (an Excel date cell has no time zone)
    data = as_xlsx(
        header,
        [
            [
                int(bsn),
                "Johanna",
                "Jansen",
                geboren,
                518,
                AANMELDDATUM,
                "wijkteam",
            ]
        ],
    )

    resultaat = run(coordinator, netwerk, data, filename="lijst.xlsx")

    assert resultaat.ok, resultaat.fouten
    client = Client.objects.get()
    assert client.bsn == bsn
    assert client.geboortedatum == dt.date(1942, 3, 14)
    assert client.geslacht == "onbekend"
    assert client.aanmeldingen.get().datum == AANMELDDATUM


def test_aanmelding_at_a_vestiging_of_an_affiliated_provider(coordinator, netwerk, den_haag, cm):
    vestiging = VestigingFactory(organisatie=cm.organisatie, agb_code="47123456")

    resultaat = run(coordinator, netwerk, as_csv([rij(aanbieder_agb="47123456")]))

    assert resultaat.ok, resultaat.fouten
    aanmelding = Aanmelding.objects.get()
    assert (aanmelding.organisatie, aanmelding.vestiging) == (cm.organisatie, vestiging)


# --- Bad files ------------------------------------------------------------------------------


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(
    coordinator, netwerk, den_haag, enschede, cm
):
    dubbel = valid_bsn()
    rows = [
        rij(),  # row 2: fine
        rij(bsn="123456789"),  # row 3
        rij(achternaam="", geboortedatum="31-02-1940"),  # row 4
        rij(gemeente="GM0153"),  # row 5: Enschede, another network
        rij(verwijzer_type="buurvrouw", urgentie="heel hoog"),  # row 6
        rij(casemanager_email="onbekend@example.nl", toegewezen_op="05-09-2026"),  # row 7
        rij(bsn=dubbel),  # row 8
        rij(bsn=dubbel, voornaam="Kees", geboortedatum="01-01-1950"),  # row 9
        rij(postcode="12345", aanmelddatum="01-01-2099"),  # row 10
        rij(eerste_contact_op="03-09-2026"),  # row 11: contact without casemanager
    ]

    resultaat = run(coordinator, netwerk, as_csv(rows))

    assert not resultaat.ok
    assert set(messages_of(resultaat)) == {
        (3, "bsn"),
        (4, "achternaam"),
        (4, "geboortedatum"),
        (5, "gemeente"),
        (6, "verwijzer_type"),
        (6, "urgentie"),
        (7, "casemanager_email"),
        (9, "bsn"),
        (10, "postcode"),
        (10, "aanmelddatum"),
        (11, "eerste_contact_op"),
    }
    assert str(resultaat.fouten[0]) == "Rij 3, kolom bsn: dit is geen geldig BSN (elfproef)."
    assert "Enschede" in str(resultaat.fouten[3])
    assert Client.objects.count() == 0
    assert Aanmelding.objects.count() == 0
    assert not AccessLogEntry.objects.exists()
    every_message = " ".join(str(fout) for fout in resultaat.fouten)
    for row in rows:
        assert row["bsn"] not in every_message


def test_header_problems_are_reported_on_row_1(coordinator, netwerk, den_haag):
    data = b"bsn;voornaam;geboorte_datum\n111222333;Jan;01-01-1940\n"

    resultaat = run(coordinator, netwerk, data)

    assert (1, "geboorte_datum") in messages_of(resultaat)
    assert (1, "achternaam") in messages_of(resultaat)
    assert (1, "gemeente") in messages_of(resultaat)


def test_a_list_without_header_row_is_refused_without_repeating_its_first_row(
    coordinator, netwerk, den_haag
):
    bsn = valid_bsn()
    data = f"{bsn};Jan;Jansen;01-01-1940;GM0518;01-09-2026;huisarts\n".encode()

    resultaat = run(coordinator, netwerk, data)

    assert [str(fout) for fout in resultaat.fouten] == [
        "De eerste rij moet de kolomnamen bevatten, zoals in het sjabloon."
    ]


def test_xlsx_rows_are_numbered_as_in_the_sheet_with_blank_rows(coordinator, netwerk, den_haag):
    header = ["bsn", "voornaam", "achternaam", "geboortedatum", "gemeente", "aanmelddatum"]
    header += ["verwijzer_type"]
    good = [valid_bsn(), "Jo", "Jansen", "14-03-1942", "GM0518", "01-09-2026", "huisarts"]
    bad = [valid_bsn(), "Jo", "Jansen", "14-03-42", "GM0518", "01-09-2026", "huisarts"]
    data = as_xlsx(header, [good, [], [None] * 7, bad])

    resultaat = run(coordinator, netwerk, data, filename="lijst.xlsx")

    assert [str(fout) for fout in resultaat.fouten] == [
        "Rij 5, kolom geboortedatum: schrijf het jaar met vier cijfers."
    ]


def test_a_file_over_5_mb_is_refused_with_a_clear_message(coordinator, netwerk):
    resultaat = run(coordinator, netwerk, b"x" * (importeren.MAX_BYTES + 1))

    assert [str(fout) for fout in resultaat.fouten] == [
        "Het bestand is groter dan 5 MB. Splits het in kleinere bestanden."
    ]


def test_more_than_10000_rows_is_refused(coordinator, netwerk, den_haag):
    line = ";".join(rij(bsn="111222333").values())
    data = (";".join(KOLOM_NAMEN) + "\n" + (line + "\n") * 10_001).encode()

    resultaat = run(coordinator, netwerk, data)

    assert "meer dan 10.000 rijen" in str(resultaat.fouten[0])
    assert Client.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "foto.csv"),
        (b"PK\x03\x04 kapot zip-bestand", "lijst.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 oud excel", "lijst.xls"),
        (b"bsn;voornaam\n\x81\x8d\x8f", "kapot.csv"),
    ],
    ids=["binary", "broken-xlsx", "xls", "undecodable"],
)
def test_unreadable_files_get_one_clear_message(coordinator, netwerk, data, filename):
    resultaat = run(coordinator, netwerk, data, filename=filename)

    assert [str(fout) for fout in resultaat.fouten] == [
        "Dit bestand kan niet worden gelezen als CSV of Excel (xlsx)."
    ]


def test_a_file_with_only_the_header_says_so(coordinator, netwerk):
    resultaat = run(coordinator, netwerk, as_csv([]))

    assert [str(fout) for fout in resultaat.fouten] == [
        "Het bestand bevat geen rijen met cliënten."
    ]


def test_only_the_coordinator_of_the_network_may_import(casemanager, netwerk):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(casemanager, netwerk, as_csv([rij()]))


# --- Re-import and existing clients ---------------------------------------------------------


def test_reimporting_the_same_file_creates_no_duplicates(coordinator, netwerk, den_haag, cm):
    rows = [
        rij(),
        rij(casemanager_email=cm.user.email, toegewezen_op="03-09-2026"),
        rij(
            casemanager_email=cm.user.email.upper(),
            toegewezen_op="03-09-2026",
            eerste_contact_op="10-09-2026",
        ),
    ]
    data = as_csv(rows)
    first = run(coordinator, netwerk, data)
    assert first.ok, first.fouten
    assert (first.clienten_nieuw, first.aanmeldingen_nieuw, first.trajecten_nieuw) == (3, 3, 2)

    again = run(coordinator, netwerk, data)

    assert again.ok, again.fouten
    assert (again.clienten_nieuw, again.clienten_bestaand) == (0, 3)
    assert (again.aanmeldingen_nieuw, again.aanmeldingen_aanwezig) == (0, 3)
    assert again.trajecten_nieuw == 0
    assert "3 al aanwezig" in again.samenvatting()
    assert Client.objects.count() == 3
    assert Aanmelding.objects.count() == 3
    assert Traject.objects.count() == 2
    assert Contactmoment.objects.count() == 1


def test_reimport_with_a_casemanager_added_assigns_the_waiting_aanmelding(
    coordinator, netwerk, den_haag, cm
):
    row = rij()
    assert run(coordinator, netwerk, as_csv([row])).ok

    row.update(casemanager_email=cm.user.email, toegewezen_op="04-09-2026")
    resultaat = run(coordinator, netwerk, as_csv([row]))

    assert resultaat.ok, resultaat.fouten
    assert (resultaat.aanmeldingen_aanwezig, resultaat.trajecten_nieuw) == (1, 1)
    assert Traject.objects.get().casemanager == cm


def test_a_known_bsn_adds_the_aanmelding_to_the_existing_client(coordinator, netwerk, den_haag):
    existing = ClientFactory(
        netwerk=netwerk,
        gemeente=den_haag,
        voornaam="Jo",
        achternaam="Jansen",
        geboortedatum=dt.date(1942, 3, 14),
    )

    resultaat = run(coordinator, netwerk, as_csv([rij(bsn=existing.bsn, voornaam="Johanna")]))

    assert resultaat.ok, resultaat.fouten
    assert (resultaat.clienten_nieuw, resultaat.clienten_bestaand) == (0, 1)
    assert Client.objects.get() == existing
    assert existing.aanmeldingen.get().datum == AANMELDDATUM


def test_a_client_still_waiting_on_another_date_is_refused(coordinator, netwerk, den_haag):
    existing = ClientFactory(netwerk=netwerk, gemeente=den_haag)
    AanmeldingFactory(client=existing, datum=dt.date(2026, 6, 1))

    resultaat = run(coordinator, netwerk, as_csv([rij(bsn=existing.bsn)]))

    assert messages_of(resultaat) == [(2, "aanmelddatum")]
    assert "al op de wachtlijst" in resultaat.fouten[0].melding


def test_existing_client_living_in_another_network_is_refused(
    coordinator, netwerk, den_haag, other_netwerk, enschede
):
    elsewhere = ClientFactory(
        netwerk=other_netwerk,
        gemeente=enschede,
        achternaam="Jansen",
        geboortedatum=dt.date(1942, 3, 14),
    )

    resultaat = run(coordinator, netwerk, as_csv([rij(bsn=elsewhere.bsn)]))

    assert messages_of(resultaat) == [(2, "bsn")]
    melding = resultaat.fouten[0].melding
    assert "Cliënt aanmelden" in melding  # where to go, not where the client is
    assert other_netwerk.naam not in melding and "Enschede" not in melding
    assert not Aanmelding.objects.exists()


def test_same_person_twice_on_different_dates_is_allowed(coordinator, netwerk, den_haag, cm):
    bsn = valid_bsn()
    rows = [
        rij(bsn=bsn, aanmelddatum="01-10-2026"),  # waiting now
        rij(
            bsn=bsn,
            aanmelddatum="01-03-2026",
            casemanager_email=cm.user.email,
            toegewezen_op="02-03-2026",
            eerste_contact_op="05-03-2026",
        ),
    ]

    resultaat = run(coordinator, netwerk, as_csv(rows))

    assert resultaat.ok, resultaat.fouten
    assert (resultaat.clienten_nieuw, resultaat.aanmeldingen_nieuw) == (1, 2)
    client = Client.objects.get()
    assert sorted(client.aanmeldingen.values_list("datum", flat=True)) == [
        dt.date(2026, 3, 1),
        dt.date(2026, 10, 1),
    ]


def test_same_person_twice_on_one_date_or_twice_waiting_is_refused(coordinator, netwerk, den_haag):
    bsn = valid_bsn()
    rows = [rij(bsn=bsn), rij(bsn=bsn), rij(bsn=bsn, aanmelddatum="01-10-2026")]

    resultaat = run(coordinator, netwerk, as_csv(rows))

    assert messages_of(resultaat) == [(3, "aanmelddatum"), (4, "aanmelddatum")]


# --- Trajecten ------------------------------------------------------------------------------


def test_a_row_with_a_traject_assigns_the_casemanager_and_the_first_contact_stops_the_clock(
    coordinator, netwerk, den_haag, cm
):
    row = rij(
        casemanager_email="Petra@Zorg.example.nl",
        toegewezen_op="2026-09-03",
        eerste_contact_op="10-09-2026",
    )

    resultaat = run(coordinator, netwerk, as_csv([row]))

    assert resultaat.ok, resultaat.fouten
    traject = Traject.objects.get()
    assert traject.casemanager == cm
    assert traject.organisatie == cm.organisatie
    assert traject.toegewezen_op == dt.date(2026, 9, 3)
    assert traject.startdatum == dt.date(2026, 9, 10)
    aanmelding = traject.aanmelding
    assert aanmelding.toegewezen_op == dt.date(2026, 9, 3)
    assert aanmelding.eerste_contact_op == dt.date(2026, 9, 10)
    assert not aanmelding.is_wachtend
    contact = Contactmoment.objects.get()
    assert (contact.type, contact.minuten, contact.casemanager) == (ContactType.HUISBEZOEK, 60, cm)
    assert AccessLogEntry.objects.filter(object_type="contactmoment", client_id=traject.client_id)


def test_casemanager_of_another_network_is_refused(coordinator, netwerk, den_haag, other_netwerk):
    elsewhere = CasemanagerFactory(netwerk=other_netwerk)
    row = rij(casemanager_email=elsewhere.user.email, toegewezen_op="03-09-2026")

    resultaat = run(coordinator, netwerk, as_csv([row]))

    assert messages_of(resultaat) == [(2, "casemanager_email")]


def test_assignments_past_the_caseload_norm_need_a_reason_which_is_recorded(
    coordinator, netwerk, den_haag
):
    klein = CasemanagerFactory(netwerk=netwerk, fte=Decimal("0.05"))  # 2 places at norm 40
    rows = [rij(casemanager_email=klein.user.email, toegewezen_op="03-09-2026") for _ in range(3)]
    data = as_csv(rows)

    refused = run(coordinator, netwerk, data)

    assert messages_of(refused) == [(4, "casemanager_email")]
    assert "caseloadnorm" in refused.fouten[0].melding

    resultaat = run(coordinator, netwerk, data, override_reden="Bestaande caseload overgenomen")

    assert resultaat.ok, resultaat.fouten
    assert (resultaat.trajecten_nieuw, resultaat.boven_norm) == (3, 1)
    override = ToewijzingOverride.objects.get()
    assert override.reden == "Bestaande caseload overgenomen"


def test_a_service_refusing_a_later_row_rolls_back_the_whole_import(
    coordinator, netwerk, den_haag, cm, monkeypatch
):
    rows = [rij(), rij(casemanager_email=cm.user.email, toegewezen_op="03-09-2026")]

    def refuse(**kwargs):
        raise ValidationError({"casemanager": "Deze casemanager is niet meer actief."})

    monkeypatch.setattr(services, "aanmelding_assign", refuse)

    resultaat = run(coordinator, netwerk, as_csv(rows))

    assert [str(fout) for fout in resultaat.fouten] == [
        "Rij 3, kolom casemanager_email: deze casemanager is niet meer actief."
    ]
    assert Client.objects.count() == 0
    assert not AccessLogEntry.objects.exists()


# --- Page -----------------------------------------------------------------------------------


def _upload(data: bytes, name: str = "clienten.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_coordinator_sees_the_page_with_the_templates(client, coordinator, netwerk):
    client.force_login(coordinator)

    response = client.get(reverse("casemanagement:import"))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("casemanagement:import_template_xlsx") in html
    assert reverse("casemanagement:import_template_csv") in html
    assert 'enctype="multipart/form-data"' in html
    assert "<caption>" in html


def test_page_shows_the_errors_as_a_table_and_imports_nothing(
    client, coordinator, netwerk, den_haag
):
    client.force_login(coordinator)
    bad = rij(bsn="123456789")

    response = client.post(reverse("casemanagement:import"), {"bestand": _upload(as_csv([bad]))})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is niets geïmporteerd" in html
    assert '<th scope="col">Rij</th>' in html
    assert '<th scope="row">2</th><td>bsn</td><td>dit is geen geldig BSN (elfproef).</td>' in html
    assert "123456789" not in html
    assert Client.objects.count() == 0


def test_page_imports_a_good_file_and_reports_the_counts(client, coordinator, netwerk, den_haag):
    client.force_login(coordinator)

    response = client.post(
        reverse("casemanagement:import"),
        {"bestand": _upload(as_csv([rij(), rij()]))},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("casemanagement:import")
    html = response.content.decode()
    assert "De import is gelukt" in html
    assert "Cliënten: 2 nieuw, 0 bestonden al" in html
    assert Client.objects.count() == 2
    entries = AccessLogEntry.objects.filter(object_type="client")
    assert set(entries.values_list("path", flat=True)) == {reverse("casemanagement:import")}


def test_page_says_when_the_upload_is_too_large(client, coordinator, netwerk):
    client.force_login(coordinator)
    data = b"x" * (importeren.MAX_BYTES + 10)

    response = client.post(reverse("casemanagement:import"), {"bestand": _upload(data)})

    assert "Het bestand is groter dan 5 MB" in response.content.decode()


def test_page_still_checks_the_csrf_token(coordinator, netwerk, den_haag):
    from django.test import Client as BrowserClient

    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(coordinator)

    response = browser.post(reverse("casemanagement:import"), {"bestand": _upload(as_csv([rij()]))})

    assert response.status_code == 403
    assert Client.objects.count() == 0


def test_casemanager_may_not_import(client, netwerk, den_haag, cm):
    client.force_login(cm.user)

    assert client.get(reverse("casemanagement:import")).status_code == 403
    response = client.post(reverse("casemanagement:import"), {"bestand": _upload(as_csv([rij()]))})
    assert response.status_code == 403
    assert client.get(reverse("casemanagement:import_template_csv")).status_code == 403
    assert Client.objects.count() == 0


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("casemanagement:import"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_csv_template_has_the_header_and_an_example_row_in_the_network(
    client, coordinator, netwerk, den_haag
):
    client.force_login(coordinator)

    response = client.get(reverse("casemanagement:import_template_csv"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == KOLOM_NAMEN
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["bsn"] == "111222333"
    assert example["gemeente"] == "GM0518"


def test_xlsx_template_reads_back_and_only_its_example_row_is_refused(
    client, coordinator, netwerk, den_haag
):
    client.force_login(coordinator)

    response = client.get(reverse("casemanagement:import_template_xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == KOLOM_NAMEN
    assert rows[1][0] == "111222333"
    # Every column of the example is valid; the fictional person itself is never imported.
    resultaat = run(coordinator, netwerk, response.content, filename="sjabloon.xlsx")
    assert [str(fout) for fout in resultaat.fouten] == [
        "Rij 2, kolom bsn: dit is het voorbeeld uit het sjabloon; verwijder deze rij."
    ]


def test_template_paths_are_the_documented_ones():
    assert reverse("casemanagement:import") == "/clienten/import/"
    assert reverse("casemanagement:import_template_csv") == "/clienten/import/sjabloon.csv"
    assert reverse("casemanagement:import_template_xlsx") == "/clienten/import/sjabloon.xlsx"


def test_unknown_template_format_is_not_found(rf, coordinator):
    from django.http import Http404

    from casemanagement.views_import import import_template

    request = rf.get("/clienten/import/sjabloon.pdf")
    request.user = coordinator

    with pytest.raises(Http404):
        import_template(request, "pdf")


# --- Command --------------------------------------------------------------------------------


def test_command_imports_and_prints_the_counts(tmp_path, coordinator, netwerk, den_haag):
    bestand = tmp_path / "clienten.csv"
    bestand.write_bytes(as_csv([rij(), rij()]))
    out = io.StringIO()

    call_command(
        "clienten_importeren",
        str(bestand),
        "--netwerk",
        str(netwerk.pk),
        "--gebruiker",
        coordinator.email.upper(),
        stdout=out,
    )

    assert "Cliënten: 2 nieuw" in out.getvalue()
    assert Client.objects.count() == 2
    assert set(AccessLogEntry.objects.values_list("role", flat=True)) == {"netwerkcoordinator"}


def test_command_fails_with_the_errors_and_imports_nothing(
    tmp_path, coordinator, netwerk, den_haag
):
    bestand = tmp_path / "clienten.csv"
    bestand.write_bytes(as_csv([rij(), rij(bsn="123456789")]))

    with pytest.raises(CommandError) as error:
        call_command(
            "clienten_importeren",
            str(bestand),
            "--netwerk",
            str(netwerk.pk),
            "--gebruiker",
            coordinator.email,
        )

    assert "Rij 3, kolom bsn: dit is geen geldig BSN (elfproef)." in str(error.value)
    assert "123456789" not in str(error.value)
    assert Client.objects.count() == 0


def test_command_refuses_a_user_who_is_not_coordinator_of_the_network(
    tmp_path, coordinator, other_netwerk
):
    bestand = tmp_path / "clienten.csv"
    bestand.write_bytes(as_csv([rij()]))

    with pytest.raises(CommandError, match="geen actieve netwerkcoördinator"):
        call_command(
            "clienten_importeren",
            str(bestand),
            "--netwerk",
            str(other_netwerk.pk),
            "--gebruiker",
            coordinator.email,
        )
