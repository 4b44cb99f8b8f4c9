import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLogEntry, Notificatie
from casemanagement.models import Uitstel
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory, TrajectFactory
from tests.netwerk.factories import coordinator_of
from wachtlijst.models import WachtlijstMelding, WachtlijstMeting
from wachtlijst.services import wachtlijst_meten
from wachtlijst.signals import wachtlijst_gemeten

pytestmark = pytest.mark.django_db


def _wachtend(netwerk, dagen, **kwargs):
    return AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        netwerk=netwerk,
        datum=timezone.localdate() - dt.timedelta(days=dagen),
        **kwargs,
    )


def test_waitlist_page_shows_each_waiting_client_with_both_waits_and_status(client, netwerk):
    coordinator = coordinator_of(netwerk)
    over = _wachtend(netwerk, 50)
    paused = _wachtend(netwerk, 50)
    Uitstel.objects.create(
        aanmelding=paused,
        van=paused.datum + dt.timedelta(days=5),
        tot=paused.datum + dt.timedelta(days=25),
    )
    TrajectFactory(  # in care: not on the list
        casemanager__netwerk=netwerk,
        startdatum=dt.date(2026, 9, 12),
        aanmelding__eerste_contact_op=dt.date(2026, 9, 12),
    )
    client.force_login(coordinator)
    response = client.get(reverse("wachtlijst:wachtlijst", args=[netwerk.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert over.client.naam in content and paused.client.naam in content
    assert "Overschreden" in content  # 50 days
    assert "<svg" in content and "Wachtenden per week" in content
    rows = {a.pk: a for a in response.context["page"]}
    assert (rows[over.pk].nza_dagen, rows[over.pk].gecorrigeerd_dagen) == (50, 50)
    assert (rows[paused.pk].nza_dagen, rows[paused.pk].gecorrigeerd_dagen) == (50, 30)
    assert response.context["samenvatting"].aantal_wachtend == 2
    assert AccessLogEntry.objects.filter(object_type="wachtlijst").count() == 2


def test_waitlist_filters_by_status(client, netwerk):
    coordinator = coordinator_of(netwerk)
    _wachtend(netwerk, 50)
    short = _wachtend(netwerk, 3)
    client.force_login(coordinator)
    response = client.get(
        reverse("wachtlijst:wachtlijst", args=[netwerk.pk]), {"status": "binnen_norm"}
    )
    assert [a.pk for a in response.context["page"]] == [short.pk]


def test_waitlist_page_is_for_the_coordinator_only(client, netwerk, casemanager, signaalteam_user):
    for user in (casemanager, signaalteam_user):
        client.force_login(user)
        assert client.get(reverse("wachtlijst:wachtlijst", args=[netwerk.pk])).status_code in (
            403,
            404,
        )


def test_waitlist_query_count_does_not_grow_with_clients(
    client, netwerk, django_assert_max_num_queries
):
    coordinator = coordinator_of(netwerk)
    client.force_login(coordinator)
    _wachtend(netwerk, 10)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("wachtlijst:wachtlijst", args=[netwerk.pk]))
    for dagen in range(30):
        aanmelding = _wachtend(netwerk, dagen + 1)
        Uitstel.objects.create(
            aanmelding=aanmelding, van=aanmelding.datum, tot=aanmelding.datum + dt.timedelta(1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("wachtlijst:wachtlijst", args=[netwerk.pk]))


def test_garbage_filters_never_cause_a_server_error(client, netwerk):
    client.force_login(coordinator_of(netwerk))
    url = reverse("wachtlijst:wachtlijst", args=[netwerk.pk])
    for query in (
        "peildatum=31-31-2026",
        "organisatie=abc",
        "status=x",
        "pagina=-1",
        "sortering=;",
    ):
        assert client.get(f"{url}?{query}").status_code == 200


def test_a_future_peildatum_is_refused_with_a_clear_message(client, netwerk):
    client.force_login(coordinator_of(netwerk))
    url = reverse("wachtlijst:wachtlijst", args=[netwerk.pk])
    morgen = timezone.localdate() + dt.timedelta(days=1)
    page = html.unescape(client.get(f"{url}?peildatum={morgen.isoformat()}").content.decode())
    assert "Filter niet toegepast" in page
    assert f"De peildatum {morgen:%d-%m-%Y} ligt in de toekomst" in page
    assert f'max="{timezone.localdate().isoformat()}"' in page


def test_daily_job_reports_each_client_once_per_threshold(netwerk):
    coordinator = coordinator_of(netwerk)
    vandaag = timezone.localdate()
    dreigt = _wachtend(netwerk, 30)
    over = _wachtend(netwerk, 45)
    _wachtend(netwerk, 5)
    wachtlijst_meten(peildatum=vandaag)
    meldingen = set(WachtlijstMelding.objects.values_list("aanmelding_id", "drempel"))
    assert meldingen == {(dreigt.pk, "signaal"), (over.pk, "signaal"), (over.pk, "norm")}
    assert Notificatie.objects.filter(user=coordinator).count() == 1
    assert len(mail.outbox) == 0  # sent on commit

    wachtlijst_meten(peildatum=vandaag)  # a second run reports nobody twice
    assert WachtlijstMelding.objects.count() == 3
    assert Notificatie.objects.filter(user=coordinator).count() == 1

    wachtlijst_meten(peildatum=vandaag + dt.timedelta(days=13))  # dreigt passes the norm
    assert (dreigt.pk, "norm") in set(
        WachtlijstMelding.objects.values_list("aanmelding_id", "drempel")
    )
    assert Notificatie.objects.filter(user=coordinator).count() == 2


def test_notification_mail_names_no_client(netwerk, django_capture_on_commit_callbacks):
    coordinator_of(netwerk)
    aanmelding = _wachtend(netwerk, 45)
    with django_capture_on_commit_callbacks(execute=True):
        wachtlijst_meten(peildatum=timezone.localdate())
    assert len(mail.outbox) == 1
    assert aanmelding.client.achternaam not in mail.outbox[0].body
    assert "Treeknorm" in mail.outbox[0].body


def test_measurement_is_stored_and_announced_per_network(netwerk, settings):
    settings.WACHTLIJST_DREMPELS = {"aantal_wachtend": 2, "dagen_boven_norm": 28}
    for dagen in (1, 2, 80):
        _wachtend(netwerk, dagen)
    heard = []

    def receiver(**kwargs):
        heard.append(kwargs)

    wachtlijst_gemeten.connect(receiver)
    try:
        wachtlijst_meten(peildatum=timezone.localdate())
    finally:
        wachtlijst_gemeten.disconnect(receiver)
    [ours] = [h for h in heard if h["netwerk"] == netwerk]
    assert ours["boven_drempel"] is True
    assert len(ours["redenen"]) == 2  # 3 waiting >= 2, and 80 - 42 = 38 days over the norm
    meting = WachtlijstMeting.objects.get(netwerk=netwerk)
    assert (meting.aantal_wachtend, meting.aantal_boven_treeknorm) == (3, 1)


def test_meldingen_page_lists_reported_clients_for_the_coordinator(client, netwerk):
    coordinator = coordinator_of(netwerk)
    aanmelding = _wachtend(netwerk, 45)
    wachtlijst_meten(peildatum=timezone.localdate())
    client.force_login(coordinator)
    content = client.get(reverse("wachtlijst:meldingen")).content.decode()
    assert html.escape(aanmelding.client.naam) in content
    assert "Treeknorm overschreden" in content
