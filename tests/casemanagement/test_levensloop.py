"""The client data's life cycle (docs/decisions/0017-bewaartermijnen.md): the retention terms
and their daily job, the access log's own term inside its append-only design, the request for
destruction with four eyes, the inzage report and the coordinator's access view."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry, AccessOutcome, Role
from casemanagement.levensloop.bewaartermijnen import bewaartermijnen_toepassen
from casemanagement.levensloop.verzoeken import (
    vernietigingsverzoek_confirm,
    vernietigingsverzoek_record,
)
from casemanagement.models import (
    Aanmelding,
    Client,
    Contactmoment,
    Eindreden,
    Mantelzorger,
    Relatie,
    Traject,
    Vernietigingsverzoek,
    VerzoekStatus,
)
from casemanagement.tasks import bewaartermijnen_toepassen as bewaartermijnen_task
from netwerk.models import Membership
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
)
from tests.conftest import verify_second_factor
from tests.netwerk.factories import coordinator_of, national_user

SYSTEEM = Actor.system()


def afgesloten_traject(netwerk, *, eind=dt.date(2026, 6, 1), nazorg_tot=None) -> Traject:
    """A client who came into care in January 2026 and left it on ``eind``."""
    casemanager = CasemanagerFactory(netwerk=netwerk)
    traject = TrajectFactory(
        casemanager=casemanager,
        aanmelding__datum=dt.date(2026, 1, 5),
        aanmelding__toegewezen_op=dt.date(2026, 1, 8),
        aanmelding__eerste_contact_op=dt.date(2026, 1, 10),
        aanmelding__notitie="Dochter belt bij onrust",
        aanmelding__verwijzer_naam="Dokter Jansen",
        toegewezen_op=dt.date(2026, 1, 8),
        startdatum=dt.date(2026, 1, 10),
        einddatum=eind,
        eindreden=Eindreden.OPNAME,
        nazorg_tot=nazorg_tot,
    )
    Contactmoment.objects.create(
        traject=traject,
        casemanager=casemanager,
        organisatie=traject.organisatie,
        datum=dt.date(2026, 3, 1),
        type="huisbezoek",
        minuten=45,
        met_wie=["client"],
        notitie="Mevrouw vertelt over haar zoon",
    )
    Mantelzorger.objects.create(
        client=traject.client, naam="Piet de Vries", relatie=Relatie.KIND, telefoon="0612345678"
    )
    return traject


def nooit_in_zorg(netwerk, *, afgemeld=dt.date(2026, 2, 1)) -> Client:
    aanmelding = AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        datum=dt.date(2026, 1, 5),
        afgemeld_op=afgemeld,
        afmeldreden="afzien",
    )
    return aanmelding.client


def in_twintig_jaar(datum: dt.date) -> dt.date:
    return datum.replace(year=datum.year + 20)


# --- the retention job ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_record_20_years_after_the_last_care_is_destroyed_and_the_job_logs_it(netwerk):
    traject = afgesloten_traject(netwerk)
    client = traject.client
    bsn = client.bsn

    # one day short of 20 years after the last care: kept
    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2046, 6, 1))
    assert resultaat.dossiers == []
    client.refresh_from_db()
    assert client.vernietigd_op is None

    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2046, 6, 2))
    assert resultaat.dossiers == [client.pk]
    client.refresh_from_db()
    assert client.vernietigd_op is not None
    assert (client.voornaam, client.achternaam, client.bsn) == ("", "Vernietigd", "")
    assert client.geboortedatum == dt.date(1940, 1, 1)
    assert not Client.objects.filter(bsn_hash__in=[bsn]).exists()
    assert not Mantelzorger.objects.filter(client_id=client.pk).exists()
    assert not Client.history.filter(id=client.pk).exists()
    assert not Mantelzorger.history.filter(client_id=client.pk).exists()
    aanmelding = Aanmelding.objects.get(client_id=client.pk)
    assert (aanmelding.notitie, aanmelding.verwijzer_naam) == ("", "")
    # what the figures count stays
    assert aanmelding.datum == dt.date(2026, 1, 5)
    assert aanmelding.eerste_contact_op == dt.date(2026, 1, 10)
    assert Contactmoment.objects.get(traject=traject).notitie == ""
    assert Contactmoment.objects.get(traject=traject).minuten == 45
    row = AccessLogEntry.objects.get(
        client_id=client.pk, action=AccessAction.VERWIJDEREN, object_type="client"
    )
    assert (row.user_id, row.role, row.object_id) == (None, "", "bewaartermijn dossier")

    # idempotent: nothing left on a second run
    again = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2046, 6, 2))
    assert again.dossiers == [] and again.mantelzorgers == 0


@pytest.mark.django_db
def test_the_term_counts_from_the_end_of_nazorg_and_nobody_in_care_is_touched(netwerk):
    met_nazorg = afgesloten_traject(netwerk, nazorg_tot=dt.date(2026, 9, 1)).client
    in_zorg = TrajectFactory(
        casemanager=CasemanagerFactory(netwerk=netwerk),
        aanmelding__eerste_contact_op=dt.date(2026, 9, 12),
        startdatum=dt.date(2026, 9, 12),
    ).client
    wachtend = AanmeldingFactory(client=ClientFactory(netwerk=netwerk)).client

    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2046, 8, 1))
    assert resultaat.dossiers == []
    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2100, 1, 1))
    assert resultaat.dossiers == [met_nazorg.pk]
    assert resultaat.zonder_zorg == []
    for client in (in_zorg, wachtend):
        client.refresh_from_db()
        assert client.vernietigd_op is None


@pytest.mark.django_db
def test_someone_who_never_came_into_care_goes_after_the_shorter_term(netwerk, settings):
    settings.BEWAARTERMIJN_AANMELDING_ZONDER_ZORG_JAREN = 2
    client = nooit_in_zorg(netwerk, afgemeld=dt.date(2026, 2, 1))

    assert bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2028, 2, 1)).zonder_zorg == []
    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2028, 2, 2))
    assert resultaat.zonder_zorg == [client.pk]
    client.refresh_from_db()
    assert client.achternaam == "Vernietigd"


@pytest.mark.django_db
def test_carers_contact_details_go_a_year_after_care_while_the_record_stays(netwerk):
    client = afgesloten_traject(netwerk, eind=dt.date(2026, 6, 1)).client

    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=dt.date(2027, 6, 2))
    assert resultaat.mantelzorgers == 1 and resultaat.dossiers == []
    assert not Mantelzorger.objects.filter(client=client).exists()
    assert not Mantelzorger.history.filter(client_id=client.pk).exists()
    client.refresh_from_db()
    assert client.vernietigd_op is None
    assert AccessLogEntry.objects.filter(
        client_id=client.pk, object_type="mantelzorger", action=AccessAction.VERWIJDEREN
    ).exists()


@pytest.mark.django_db
def test_dry_run_command_prints_what_would_go_and_changes_nothing(netwerk):
    client = afgesloten_traject(netwerk).client
    out = io.StringIO()
    call_command("bewaartermijnen", "--dry-run", "--datum", "2047-01-01", stdout=out)
    text = out.getvalue()
    assert "Zou verdwijnen op 01-01-2047" in text
    assert f"dossiers (WGBO, na de laatste zorg): 1 (cliënt-id {client.pk})" in text
    assert "er is niets verwijderd" in text
    assert client.achternaam not in text  # ids only, never names
    client.refresh_from_db()
    assert client.vernietigd_op is None
    assert Mantelzorger.objects.filter(client=client).exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.VERWIJDEREN).exists()


@pytest.mark.django_db
def test_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("bewaartermijnen", "--dry-run", "--datum", "morgen")


@pytest.mark.django_db
def test_daily_task_is_scheduled_and_runs(settings, netwerk):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "casemanagement.tasks.bewaartermijnen_toepassen" in schedule
    assert bewaartermijnen_task.apply().get() == {
        "dossiers": 0,
        "zonder_zorg": 0,
        "mantelzorgers": 0,
        "toegangslog": 0,
    }


# --- the access log's own term ---------------------------------------------------------------


def _log_row(when: dt.datetime, client_id: int | None = None) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        timestamp=when, action=AccessAction.LEZEN, object_type="client", client_id=client_id
    )


@pytest.mark.django_db
def test_access_log_rows_past_five_years_are_purged_the_rest_stays(netwerk):
    now = timezone.now()
    oud = _log_row(now - dt.timedelta(days=6 * 366))
    jong = _log_row(now - dt.timedelta(days=4 * 365))

    resultaat = bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=timezone.localdate())
    assert resultaat.toegangslog == 1
    assert not AccessLogEntry.objects.filter(pk=oud.pk).exists()
    assert AccessLogEntry.objects.filter(pk=jong.pk).exists()
    purge = AccessLogEntry.objects.get(object_type="toegangslog", action=AccessAction.VERWIJDEREN)
    assert purge.user_id is None and purge.object_id.startswith("1 regels voor ")


@pytest.mark.django_db
def test_the_database_keeps_five_years_whatever_cutoff_it_is_given():
    jong = _log_row(timezone.now() - dt.timedelta(days=30))
    with connection.cursor() as cursor:
        cursor.execute("SELECT accounts_accesslog_purge(now() + interval '1 day')")
        assert cursor.fetchone()[0] == 0
    assert AccessLogEntry.objects.filter(pk=jong.pk).exists()


@pytest.mark.django_db
def test_a_direct_delete_is_refused_even_of_old_rows_and_with_the_flag_of_young_ones():
    oud = _log_row(timezone.now() - dt.timedelta(days=6 * 366))
    jong = _log_row(timezone.now())
    refused = pytest.raises(DatabaseError, match="alleen aan te vullen")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_accesslogentry WHERE id = %s", [oud.pk])
    refused = pytest.raises(DatabaseError, match="alleen aan te vullen")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL accounts.accesslog_purge = 'on'")
        cursor.execute("DELETE FROM accounts_accesslogentry WHERE id = %s", [jong.pk])
    assert AccessLogEntry.objects.filter(pk__in=[oud.pk, jong.pk]).count() == 2


@pytest.mark.django_db
def test_a_term_below_the_nen_7513_minimum_is_refused(settings):
    settings.BEWAARTERMIJN_TOEGANGSLOG_JAREN = 4
    with pytest.raises(ImproperlyConfigured, match="minstens 5"):
        bewaartermijnen_toepassen(actor=SYSTEEM, vandaag=timezone.localdate())


# --- destruction on request, four eyes -------------------------------------------------------


@pytest.fixture
def tweede_coordinator(netwerk):
    return coordinator_of(netwerk)


def _actor(user) -> Actor:
    return Actor.of(user)


@pytest.mark.django_db
def test_the_recorder_cannot_confirm_and_the_database_holds_four_eyes(
    netwerk, coordinator, tweede_coordinator
):
    client = afgesloten_traject(netwerk).client
    verzoek = vernietigingsverzoek_record(
        actor=_actor(coordinator),
        client=client,
        verzoeker="client",
        ontvangen_op=dt.date(2026, 11, 1),
    )
    with pytest.raises(ValidationError, match="zelf vastgelegd"):
        vernietigingsverzoek_confirm(actor=_actor(coordinator), verzoek=verzoek)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Vernietigingsverzoek.objects.filter(pk=verzoek.pk).update(beoordeeld_door=coordinator)

    verzoek = vernietigingsverzoek_confirm(actor=_actor(tweede_coordinator), verzoek=verzoek)
    assert verzoek.status == VerzoekStatus.UITGEVOERD and verzoek.client_id is None
    assert verzoek.vernietigd["mantelzorgers"] == 1
    client.refresh_from_db()
    assert client.vernietigd_op is not None


@pytest.mark.django_db
def test_a_client_in_care_cannot_be_destroyed(netwerk, coordinator):
    client = AanmeldingFactory(client=ClientFactory(netwerk=netwerk)).client
    with pytest.raises(ValidationError, match="wacht nog of is in zorg"):
        vernietigingsverzoek_record(
            actor=_actor(coordinator),
            client=client,
            verzoeker="client",
            ontvangen_op=dt.date(2026, 11, 1),
        )


@pytest.mark.django_db
def test_destruction_request_in_the_browser_pages(
    client, netwerk, coordinator, tweede_coordinator, other_netwerk
):
    dossier = afgesloten_traject(netwerk).client
    naam = dossier.naam
    client.force_login(coordinator)
    detail = client.get(reverse("casemanagement:client_detail", args=[dossier.pk])).content.decode()
    assert "Vernietigingsverzoek" in detail and "Inzageverslag" in detail

    url = reverse("casemanagement:vernietigingsverzoek_create", args=[dossier.pk])
    response = client.post(url, {"verzoeker": "vertegenwoordiger", "ontvangen_op": "2030-01-01"})
    assert "toekomst" in response.content.decode()
    response = client.post(
        url, {"verzoeker": "vertegenwoordiger", "ontvangen_op": "2026-11-02", "bevestiging": "on"}
    )
    verzoek = Vernietigingsverzoek.objects.get()
    assert response.url == reverse("casemanagement:vernietigingsverzoek_detail", args=[verzoek.pk])
    page = client.get(response.url).content.decode()
    assert "Een tweede netwerkcoördinator of een beheerder moet het bevestigen" in page
    assert "Bevestigen en dossier vernietigen" not in page
    client.post(reverse("casemanagement:vernietigingsverzoek_confirm", args=[verzoek.pk]))
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.VASTGELEGD

    # a coordinator of another network does not even see it
    client.force_login(coordinator_of(other_netwerk))
    assert (
        client.get(
            reverse("casemanagement:vernietigingsverzoek_detail", args=[verzoek.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("casemanagement:vernietigingsverzoek_confirm", args=[verzoek.pk])
        ).status_code
        == 404
    )

    client.force_login(tweede_coordinator)
    listing = client.get(reverse("casemanagement:vernietigingsverzoek_list")).content.decode()
    assert verzoek.referentie in listing
    response = client.post(
        reverse("casemanagement:vernietigingsverzoek_confirm", args=[verzoek.pk]), follow=True
    )
    receipt = response.content.decode()
    assert "Het dossier is vernietigd" in receipt
    assert "Bewijs van vernietiging" in receipt and verzoek.referentie in receipt
    assert naam not in receipt and dossier.bsn not in receipt
    # the counts under Dutch labels, never the internal keys
    assert "Mantelzorgers verwijderd: 1" in receipt
    assert "Contactmomenten: notitie gewist: 1" in receipt
    for sleutel in ("eerdere_versies", "mantelzorgers", "contactmomenten", "clienten"):
        assert f"{sleutel}:" not in receipt, sleutel
    dossier.refresh_from_db()
    assert dossier.vernietigd_op is not None
    # the destroyed client is gone from the client pages
    assert client.get(reverse("casemanagement:client_detail", args=[dossier.pk])).status_code == 404


@pytest.mark.django_db
def test_a_beheerder_confirms_or_rejects_with_a_reason(client, netwerk, coordinator, beheerder):
    eerste = vernietigingsverzoek_record(
        actor=_actor(coordinator),
        client=afgesloten_traject(netwerk).client,
        verzoeker="client",
        ontvangen_op=dt.date(2026, 11, 1),
    )
    tweede = vernietigingsverzoek_record(
        actor=_actor(coordinator),
        client=nooit_in_zorg(netwerk),
        verzoeker="client",
        ontvangen_op=dt.date(2026, 11, 1),
    )
    verify_second_factor(client, beheerder)
    reject = reverse("casemanagement:vernietigingsverzoek_reject", args=[tweede.pk])
    client.post(reject, {"reden": ""})
    tweede.refresh_from_db()
    assert tweede.status == VerzoekStatus.VASTGELEGD
    client.post(reject, {"reden": "Wettelijke bewaarplicht (lopende klachtprocedure)"})
    tweede.refresh_from_db()
    assert tweede.status == VerzoekStatus.AFGEWEZEN and tweede.beoordeeld_door == beheerder
    client.post(reverse("casemanagement:vernietigingsverzoek_confirm", args=[eerste.pk]))
    eerste.refresh_from_db()
    assert eerste.status == VerzoekStatus.UITGEVOERD


@pytest.mark.django_db
def test_a_casemanager_cannot_record_a_request(client, netwerk):
    traject = afgesloten_traject(netwerk)
    client.force_login(traject.casemanager.user)
    url = reverse("casemanagement:vernietigingsverzoek_create", args=[traject.client.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("casemanagement:vernietigingsverzoek_list")).status_code == 403


# --- inzage ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inzage_needs_the_second_factor_and_lists_who_read_the_record(client, netwerk, coordinator):
    traject = afgesloten_traject(netwerk)
    dossier = traject.client
    lezer = traject.casemanager.user
    client.force_login(lezer)
    client.get(reverse("casemanagement:client_detail", args=[dossier.pk]))

    client.force_login(coordinator)
    url = reverse("casemanagement:inzageverslag", args=[dossier.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response.url

    verify_second_factor(client, coordinator)
    page = client.get(url).content.decode()
    assert lezer.naam in page and "Casemanager dementie" in page
    assert traject.organisatie.naam in page

    response = client.get(reverse("casemanagement:inzageverslag_csv", args=[dossier.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    if len(rows[0]) == 1:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Tijdstip", "Gebruiker", "Rol", "Organisatie"]
    wie = [(r[1], r[2], r[3], r[4]) for r in rows[1:]]
    assert (lezer.naam, "Casemanager dementie", traject.organisatie.naam, "Lezen") in wie
    # producing the report is itself in the log, and so in the report
    assert (coordinator.naam, "Netwerkcoördinator", netwerk.naam, "Exporteren") in wie

    response = client.get(reverse("casemanagement:inzageverslag_pdf", args=[dossier.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        client_id=dossier.pk, object_type="inzageverslag", action=AccessAction.AFDRUKKEN
    ).exists()


@pytest.mark.django_db
def test_inzage_is_refused_and_logged_for_a_casemanager_and_another_network(
    client, netwerk, other_netwerk
):
    traject = afgesloten_traject(netwerk)
    url = reverse("casemanagement:inzageverslag", args=[traject.client.pk])
    for user in (traject.casemanager.user, coordinator_of(other_netwerk)):
        verify_second_factor(client, user)
        assert client.get(url).status_code == 403
        assert AccessLogEntry.objects.filter(
            user=user, object_type="inzageverslag", outcome=AccessOutcome.GEWEIGERD
        ).exists()


# --- the coordinator's access view -----------------------------------------------------------


def _read(user, client_id: int, when: dt.datetime, role=Role.CASEMANAGER) -> None:
    membership = Membership.objects.filter(user=user).first()
    AccessLogEntry.objects.create(
        timestamp=when,
        user=user,
        role=role,
        membership_id=membership.pk if membership else None,
        client_id=client_id,
        action=AccessAction.LEZEN,
        object_type="client",
        object_id=str(client_id),
        outcome=AccessOutcome.TOEGESTAAN,
    )


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 5)))


@pytest.mark.django_db
def test_access_view_filters_and_flags_unusual_reads(
    client, netwerk, other_netwerk, coordinator, settings
):
    settings.TOEGANGSLOG_DREMPEL_BUITEN_CASELOAD = 2
    eigen = afgesloten_traject(netwerk)
    casemanager = eigen.casemanager.user
    anderen = [ClientFactory(netwerk=netwerk) for _ in range(3)]
    elders = ClientFactory(netwerk=other_netwerk)
    dinsdag = dt.date(2026, 11, 24)
    _read(casemanager, eigen.client.pk, _at(dinsdag, 10))
    for andere in anderen:  # three outside the caseload on one day: above the threshold 2
        _read(casemanager, andere.pk, _at(dinsdag, 11))
    _read(casemanager, anderen[0].pk, _at(dinsdag + dt.timedelta(days=1), 22))  # evening
    _read(casemanager, elders.pk, _at(dinsdag, 12))  # another network's client: not shown

    url = reverse("casemanagement:toegangslog", args=[netwerk.pk])
    client.force_login(coordinator)
    assert reverse("accounts:otp_setup") in client.get(url).url
    verify_second_factor(client, coordinator)

    page = client.get(url).content.decode()
    assert elders.naam not in page
    assert "5 regels" in page
    assert page.count("Veel dossiers buiten caseload") == 4
    assert page.count("Buiten werktijd") == 1

    opvallend = client.get(url, {"alleen_opvallend": "on"}).content.decode()
    assert "5 regels" in opvallend
    per_naam = client.get(url, {"client": anderen[1].achternaam}).content.decode()
    assert "1 regel" in per_naam and anderen[1].naam in per_naam
    per_bsn = client.get(url, {"client": anderen[2].bsn}).content.decode()
    assert "1 regel" in per_bsn and anderen[2].naam in per_bsn
    geen_bsn = client.get(url, {"client": "123456789"}).content.decode()
    assert "0 regels" in geen_bsn
    periode = client.get(url, {"van": "2026-11-25", "tot": "2026-11-25"}).content.decode()
    assert "1 regel" in periode
    per_org = client.get(url, {"organisatie": eigen.organisatie.pk}).content.decode()
    assert "5 regels" in per_org
    per_user = client.get(url, {"gebruiker": "niemand-bestaat"}).content.decode()
    assert "0 regels" in per_user
    fout = client.get(url, {"van": "gisteren"})
    assert fout.status_code == 200 and "datum" in fout.content.decode().lower()
    assert AccessLogEntry.objects.filter(user=coordinator, object_type="toegangslog").count() >= 8


@pytest.mark.django_db
def test_access_view_query_count_does_not_grow_with_rows(
    client, netwerk, coordinator, django_assert_max_num_queries
):
    verify_second_factor(client, coordinator)
    url = reverse("casemanagement:toegangslog", args=[netwerk.pk])
    lezer = CasemanagerFactory(netwerk=netwerk).user

    def add(n):
        for _ in range(n):
            _read(lezer, ClientFactory(netwerk=netwerk).pk, timezone.now())

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_access_view_is_for_the_networks_coordinator_and_beheerder_only(
    client, netwerk, other_netwerk, beheerder
):
    url = reverse("casemanagement:toegangslog", args=[netwerk.pk])
    for user in (coordinator_of(other_netwerk), national_user(Role.SIGNAALTEAM)):
        verify_second_factor(client, user)
        assert client.get(url).status_code == 403
    verify_second_factor(client, beheerder)
    assert client.get(url).status_code == 200
    assert client.get(reverse("casemanagement:toegangslog", args=[999999])).status_code == 404
