import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.netwerk.factories import (
    NetwerkFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Committing tests last, as pytest-django orders them, once more: pytest's own grouping
    of tests by session-scoped parameters (pytest-playwright's browser) runs after that
    ordering and moved the browser tests to the front. A committing test is flushed
    afterwards, taking the gemeenten with it, so a test after it on the same xdist worker
    would miss them."""

    def commits(item: pytest.Item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        return bool(
            (marker and marker.kwargs.get("transaction"))
            or "transactional_db" in fixtures
            or "live_server" in fixtures
        )

    items.sort(key=commits)


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_access_log_truncate_trigger():
    """Django empties the database after every committing test with `flush`: one TRUNCATE of
    every table, which the access log refuses (accounts migration 0004), as it should in
    production. In the test suite only, `flush` runs with session_replication_role = replica
    (our test connection is a superuser), which skips the project's triggers for that one
    transaction; everywhere else in the tests the trigger holds."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        if sql_list:
            sql_list = ["SET LOCAL session_replication_role = replica", *sql_list]
        original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data from data migrations, also in a reused test database that a committing
    (transactional) test flushed in an earlier run."""
    from netwerk.models import Gemeente
    from netwerk.reference import load_gemeenten

    with django_db_blocker.unblock():
        load_gemeenten(Gemeente)


@pytest.fixture(autouse=True)
def _no_login_spraying_lockout_from_earlier_tests():
    """Every test client logs in from 127.0.0.1: the failed logins of earlier tests (other
    accounts each) must not add up to a password-spraying lockout (accounts.spraying)."""
    from accounts import spraying

    spraying.reset("127.0.0.1")


@pytest.fixture
def netwerk(db):
    return NetwerkFactory(naam="Dementienetwerk Haaglanden", slug="haaglanden")


@pytest.fixture
def other_netwerk(db):
    return NetwerkFactory(naam="Dementienetwerk Twente", slug="twente")


@pytest.fixture
def coordinator(netwerk):
    return coordinator_of(netwerk)


@pytest.fixture
def casemanager(netwerk):
    return casemanager_of(netwerk)


@pytest.fixture
def verzekeraar(netwerk):
    return verzekeraar_user(netwerk.preferente_zorgverzekeraar)


@pytest.fixture
def signaalteam_user(db):
    return national_user(Role.SIGNAALTEAM)


@pytest.fixture
def beheerder(db):
    return national_user(Role.BEHEERDER)


def verify_second_factor(client, user):
    """Log the user in with a confirmed TOTP device, as after entering a valid code."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def beheerder_client(client, beheerder):
    verify_second_factor(client, beheerder)
    return client
