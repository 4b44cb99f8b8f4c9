"""Rule 2 under concurrent requests, against the real PostgreSQL with real threads.

These tests commit (transaction=True): every thread has its own database connection, as
separate web requests would, and sees only what the others committed. serialized_rollback
restores the reference data (gemeenten) that the flush after a committing test removes.
"""

import datetime as dt
import threading
import time
import uuid
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import AccessLogEntry, User
from casemanagement.models import Aanmelding, Client, ToewijzingOverride, Traject
from casemanagement.services import (
    CaseloadVol,
    aanmelding_assign,
    aanmelding_create,
    client_register,
)
from tests.casemanagement.factories import (
    CasemanagerFactory,
    RegisteredAanmeldingFactory,
    RegisteredClientFactory,
    RegisteredTrajectFactory,
    aanbieder_in,
    gemeente_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 20


def run_together(calls):
    """Run each call in its own thread with its own connection, all released at the same
    moment by a barrier. Returns, per call, ("ok", result) or ("error", exception)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, object] | None] = [None] * len(calls)

    def worker(index, call):
        from django.db import connection

        try:
            barrier.wait(timeout=60)
            outcomes[index] = ("ok", call())
        except Exception as error:
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    assert None not in outcomes
    return outcomes


def kinds(outcomes):
    """What each caller would have seen: success, a refusal with a message, or a crash."""
    return Counter(
        "ok"
        if status == "ok"
        else "caseload_vol"
        if isinstance(value, CaseloadVol)
        else "refused"
        if isinstance(value, ValidationError)
        else f"crash:{type(value).__name__}"
        for status, value in outcomes
    )


def fresh_user(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def aanbieder(netwerk):
    return aanbieder_in(netwerk)


@pytest.fixture
def aangemeld():
    return timezone.localdate() - dt.timedelta(days=30)


def test_twenty_assignments_to_a_casemanager_with_one_free_place_give_exactly_one_traject(
    netwerk, coordinator, aanbieder, aangemeld
):
    casemanager = CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder, fte=Decimal("0.10"))
    capaciteit = casemanager.capaciteit(netwerk.caseload_norm)
    assert capaciteit == 4
    RegisteredTrajectFactory.create_batch(capaciteit - 1, casemanager=casemanager)
    aanmeldingen = [
        RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=aangemeld)
        for _ in range(THREADS)
    ]

    def assign(aanmelding):
        return lambda: aanmelding_assign(
            actor=Actor.of(fresh_user(coordinator)), aanmelding=aanmelding, casemanager=casemanager
        )

    outcomes = run_together([assign(aanmelding) for aanmelding in aanmeldingen])

    assert kinds(outcomes) == {"ok": 1, "caseload_vol": THREADS - 1}
    assert Traject.objects.open().filter(casemanager=casemanager).count() == capaciteit
    refusals = [value for status, value in outcomes if status == "error"]
    assert {(error.load, error.capaciteit) for error in refusals} == {(capaciteit, capaciteit)}
    assert not ToewijzingOverride.objects.exists()
    winner = next(value for status, value in outcomes if status == "ok")
    assert list(
        Aanmelding.objects.exclude(toegewezen_op=None).filter(pk__in=[a.pk for a in aanmeldingen])
    ) == [winner.aanmelding]
    assert set(
        AccessLogEntry.objects.filter(object_type="traject").values_list("client_id", flat=True)
    ) == {winner.client_id}


def test_twenty_assignments_of_one_aanmelding_to_different_casemanagers_give_one_traject(
    netwerk, coordinator, aanbieder, aangemeld
):
    casemanagers = [
        CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder) for _ in range(THREADS)
    ]
    aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=aangemeld)

    def assign(casemanager):
        return lambda: aanmelding_assign(
            actor=Actor.of(fresh_user(coordinator)), aanmelding=aanmelding, casemanager=casemanager
        )

    outcomes = run_together([assign(casemanager) for casemanager in casemanagers])

    assert kinds(outcomes) == {"ok": 1, "refused": THREADS - 1}
    assert {
        message for status, value in outcomes if status == "error" for message in value.messages
    } == {"Deze aanmelding is al toegewezen."}
    traject = Traject.objects.get(client=aanmelding.client)
    assert traject.is_open
    winner = next(value for status, value in outcomes if status == "ok")
    assert traject.pk == winner.pk
    assert Aanmelding.objects.get(pk=aanmelding.pk).organisatie == traject.organisatie


def test_twenty_simultaneous_registrations_of_one_bsn_never_create_a_duplicate_or_crash(
    netwerk, coordinator
):
    fields = {
        "voornaam": "Annie",
        "achternaam": "Jansen",
        "geboortedatum": dt.date(1941, 3, 2),
        "gemeente": gemeente_in(netwerk),
    }

    def register():
        return client_register(
            actor=Actor.of(fresh_user(coordinator)), bsn="1112.22.333", client_fields=dict(fields)
        )

    outcomes = run_together([register for _ in range(THREADS)])

    # Every request either got the client or a message, never an error.
    assert set(kinds(outcomes)) <= {"ok", "refused"}
    client = Client.objects.get()
    results = [value for status, value in outcomes if status == "ok"]
    assert {registratie.client.pk for registratie in results} == {client.pk}
    assert [registratie.bestond_al for registratie in results].count(False) == 1


def test_registration_racing_another_registration_of_the_same_bsn_returns_that_client(
    netwerk, coordinator
):
    """Deterministic interleaving: the request has looked the BSN up (nothing yet) and is
    held (on a table lock) before it validates; meanwhile another request commits the same
    BSN, as happens when two people register the same person at the same moment."""
    from django.db import connection

    gemeente = gemeente_in(netwerk)
    outcome = {}

    def register():
        from django.db import connection

        try:
            outcome["value"] = client_register(
                actor=Actor.of(fresh_user(coordinator)),
                bsn="111222333",
                client_fields={
                    "voornaam": "Annie",
                    "achternaam": "Jansen",
                    "geboortedatum": dt.date(1941, 3, 2),
                    "gemeente": gemeente,
                },
            )
        except Exception as error:
            outcome["value"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=register)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE netwerk_werkgebied IN ACCESS EXCLUSIVE MODE")
        thread.start()
        _wait_until_blocked_on_a_lock()
        # the other request registers the same person and commits (with the block)
        other = RegisteredClientFactory(
            netwerk=netwerk,
            gemeente=gemeente,
            bsn="111222333",
            achternaam="Jansen",
            geboortedatum=dt.date(1941, 3, 2),
        )
    thread.join(timeout=60)

    assert Client.objects.count() == 1
    assert not isinstance(outcome["value"], Exception), outcome["value"]
    assert outcome["value"].bestond_al is True
    assert outcome["value"].client.pk == other.pk


def test_twenty_simultaneous_registrations_with_an_aanmelding_put_the_client_on_the_list_once(
    netwerk, coordinator, aangemeld
):
    fields = {
        "voornaam": "Annie",
        "achternaam": "Jansen",
        "geboortedatum": dt.date(1941, 3, 2),
        "gemeente": gemeente_in(netwerk),
    }

    def register():
        return client_register(
            actor=Actor.of(fresh_user(coordinator)),
            bsn="111222333",
            client_fields=dict(fields),
            aanmelding_fields={"datum": aangemeld, "verwijzer_type": "huisarts"},
        )

    outcomes = run_together([register for _ in range(THREADS)])

    assert kinds(outcomes) == {"ok": 1, "refused": THREADS - 1}
    assert Client.objects.count() == 1
    assert Aanmelding.objects.count() == 1


def test_twenty_simultaneous_aanmeldingen_of_a_known_client_through_registration_give_one(
    netwerk, coordinator, aangemeld
):
    client = RegisteredClientFactory(
        netwerk=netwerk, bsn="111222333", achternaam="Jansen", geboortedatum=dt.date(1941, 3, 2)
    )

    def register():
        return client_register(
            actor=Actor.of(fresh_user(coordinator)),
            bsn="111222333",
            client_fields={"achternaam": "Jansen", "geboortedatum": dt.date(1941, 3, 2)},
            aanmelding_fields={"datum": aangemeld, "verwijzer_type": "huisarts"},
        )

    outcomes = run_together([register for _ in range(THREADS)])

    assert kinds(outcomes) == {"ok": 1, "refused": THREADS - 1}
    assert Aanmelding.objects.filter(client=client).count() == 1


def _wait_until_blocked_on_a_lock(timeout=10.0):
    """Until another connection of this database waits for a row or index lock."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # inside a transaction the statistics are a snapshot unless cleared
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second request never waited for the first")


def test_double_submitted_aanmelding_gives_the_second_request_a_message_not_a_crash(
    netwerk, coordinator, aangemeld
):
    """Deterministic interleaving: the first request has written its aanmelding but not yet
    committed when the second one validates and inserts."""
    client = RegisteredClientFactory(netwerk=netwerk)
    first_written = threading.Event()
    release_first = threading.Event()
    outcomes = {}

    def create():
        return aanmelding_create(
            actor=Actor.of(fresh_user(coordinator)),
            client=client,
            datum=aangemeld,
            verwijzer_type="zelf",
        )

    def first():
        from django.db import connection

        try:
            with transaction.atomic():
                outcomes["first"] = create()
                first_written.set()
                release_first.wait(timeout=30)
        finally:
            connection.close()

    def second():
        from django.db import connection

        try:
            first_written.wait(timeout=30)
            outcomes["second"] = create()
        except Exception as error:
            outcomes["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    try:
        assert first_written.wait(timeout=30)
        _wait_until_blocked_on_a_lock()
    finally:
        release_first.set()
        for thread in threads:
            thread.join(timeout=60)

    assert Aanmelding.objects.filter(client=client).count() == 1
    assert not isinstance(outcomes["second"], IntegrityError)
    assert isinstance(outcomes["second"], ValidationError)


def test_ten_simultaneous_posts_of_one_contact_form_give_one_contact(netwerk):
    """A double-clicked (or replayed) contact form: the realised hours insurers see must not
    grow with each submit (security issue #12, fault 10)."""
    from casemanagement.models import Contactmoment
    from casemanagement.services import contact_log

    casemanager = CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder_in(netwerk))
    traject = RegisteredTrajectFactory(casemanager=casemanager)
    sleutel = uuid.uuid4()

    def post():
        return contact_log(
            actor=Actor.of(fresh_user(casemanager.user)),
            traject=traject,
            casemanager=casemanager,
            datum=timezone.localdate(),
            type="huisbezoek",
            minuten=45,
            idempotentie_sleutel=sleutel,
        ).pk

    outcomes = run_together([post for _ in range(10)])

    assert kinds(outcomes) == {"ok": 10}
    assert len({value for _status, value in outcomes}) == 1
    assert Contactmoment.objects.filter(traject=traject).count() == 1
