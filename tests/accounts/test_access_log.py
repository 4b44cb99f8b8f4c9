import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.actor import actor_of
from accounts.models import AccessAction, AccessLogEntry, AccessOutcome
from accounts.services import access_log_record
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


def _entry(**fields) -> AccessLogEntry:
    defaults = {"action": AccessAction.LEZEN, "object_type": "client", "object_id": "7"}
    return AccessLogEntry.objects.create(**{**defaults, **fields, "outcome": "toegestaan"})


def test_database_rejects_update_of_access_log_row():
    entry = _entry(client_id=7)
    with (
        pytest.raises(DatabaseError, match="alleen aan te vullen"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE accounts_accesslogentry SET client_id = 8 WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.client_id == 7


def test_database_rejects_delete_of_access_log_row():
    entry = _entry()
    with (
        pytest.raises(DatabaseError, match="alleen aan te vullen"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM accounts_accesslogentry WHERE id = %s", [entry.pk])
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_database_rejects_truncate_of_access_log():
    entry = _entry()
    with (
        pytest.raises(DatabaseError, match=r"alleen aan te vullen \(TRUNCATE geweigerd\)"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as if the rows were committed before
        cursor.execute("TRUNCATE accounts_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_database_rejects_truncate_that_cascades_to_access_log(coordinator):
    entry = _entry(user=coordinator)
    with (
        pytest.raises(DatabaseError, match="alleen aan te vullen"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE accounts_user CASCADE")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_orm_refuses_to_change_or_delete_log_rows():
    entry = _entry()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AccessLogEntry.objects.all().update(client_id=1)
    with pytest.raises(TypeError):
        AccessLogEntry.objects.all().delete()


def test_record_takes_user_role_path_and_address_from_the_actor_of_a_request(coordinator):
    request = RequestFactory().get("/clienten/12/?q=Jansen", REMOTE_ADDR="10.1.2.3")
    request.user = coordinator
    entry = access_log_record(
        actor=actor_of(request),
        action=AccessAction.LEZEN,
        object_type="client",
        object_id=12,
        client_id=12,
    )
    entry.refresh_from_db()
    assert entry.user == coordinator
    assert entry.role == "netwerkcoordinator"
    assert entry.membership_id == coordinator.memberships.get().pk
    assert entry.path == "/clienten/12/"  # the search term in the query string is not kept
    assert entry.ip_address == "10.1.2.3"
    assert entry.timestamp.tzinfo is not None


def test_refused_attempt_to_read_the_log_is_written_to_the_log(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("accounts:access_log"))
    assert response.status_code == 403
    refused = AccessLogEntry.objects.get(outcome=AccessOutcome.GEWEIGERD)
    assert refused.user == coordinator
    assert refused.object_type == "toegangslog"
    assert refused.path == reverse("accounts:access_log")


def test_beheerder_without_second_factor_is_sent_to_verify_it(client, beheerder):
    client.force_login(beheerder)
    response = client.get(reverse("accounts:access_log"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_beheerder_with_second_factor_reads_the_log_and_that_read_is_logged(
    client, beheerder, coordinator
):
    _entry(user=coordinator, client_id=42)
    verify_second_factor(client, beheerder)
    response = client.get(reverse("accounts:access_log"))
    assert response.status_code == 200
    assert coordinator.email in response.content.decode()
    own_read = AccessLogEntry.objects.filter(user=beheerder, object_type="toegangslog").get()
    assert own_read.action == AccessAction.LEZEN
    assert own_read.outcome == AccessOutcome.TOEGESTAAN


def test_log_page_filters_by_client_and_date(beheerder_client, coordinator):
    _entry(user=coordinator, client_id=42)
    _entry(user=coordinator, client_id=43)
    today = timezone.localdate().isoformat()
    response = beheerder_client.get(
        reverse("accounts:access_log"), {"client": 42, "van": today, "tot": today}
    )
    rows = list(response.context["page"])
    assert [row.client_id for row in rows] == [42]
    assert AccessLogEntry.objects.filter(action=AccessAction.ZOEKEN).count() == 1


def test_log_page_rejects_a_reversed_date_range_with_a_dutch_message(beheerder_client):
    response = beheerder_client.get(
        reverse("accounts:access_log"), {"van": "2026-02-01", "tot": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


@pytest.mark.parametrize("query", [{"van": "0001-01-01"}, {"tot": "2099-01-01"}])
def test_log_page_refuses_year_1_and_2099_in_its_period(beheerder_client, query):
    response = beheerder_client.get(reverse("accounts:access_log"), query)
    assert response.status_code == 200
    assert "Deze datum ligt" in response.content.decode()


def test_log_page_query_count_does_not_grow_with_rows(
    beheerder_client, coordinator, django_assert_max_num_queries
):
    for client_id in range(60):
        _entry(user=coordinator, client_id=client_id)
    with django_assert_max_num_queries(12):
        response = beheerder_client.get(reverse("accounts:access_log"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_notification_mail_goes_to_each_recipient_alone(django_capture_on_commit_callbacks):
    """Nobody learns from a notification who else received it."""
    from django.core import mail

    from accounts.services import notificatie_send
    from tests.accounts.factories import UserFactory

    users = UserFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=True):
        notificatie_send(users=users, titel="Test", tekst="Tekst")

    assert sorted(m.to for m in mail.outbox) == sorted([u.email] for u in users)
