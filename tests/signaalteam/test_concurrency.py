"""Simultaneous registrations get distinct references, and simultaneous measurements open
one automatic signal per network, against the real PostgreSQL with real threads (each with
its own connection, committing, as separate requests and workers would)."""

import threading

import pytest
from django.utils import timezone

from signaalteam import services
from signaalteam.models import Categorie, MelderType, Signaal
from tests.netwerk.factories import NetwerkFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 10


def run_together(calls) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

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
        threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return outcomes


def test_simultaneous_meldingen_get_distinct_references():
    netwerk = NetwerkFactory()

    def submit():
        return services.meldpunt_submit(
            melder_type=MelderType.CLIENT_MANTELZORGER,
            naam="Iemand",
            email="iemand@example.nl",
            categorie=Categorie.WACHTLIJST,
            omschrijving="Wachten.",
            netwerk=netwerk,
        ).referentie

    outcomes = run_together([submit] * THREADS)

    assert [status for status, _ in outcomes] == ["ok"] * THREADS
    references = {value for _, value in outcomes}
    year = timezone.localdate().year
    assert references == {f"SIG-{year}-{n:04d}" for n in range(1, THREADS + 1)}


def test_simultaneous_measurements_open_one_automatic_signal():
    netwerk = NetwerkFactory()

    def measure():
        return services.wachtlijst_meting_verwerken(
            netwerk_id=netwerk.pk,
            peildatum=timezone.localdate(),
            boven_drempel=True,
            redenen=["Drempel."],
        ).pk

    outcomes = run_together([measure] * THREADS)

    assert [status for status, _ in outcomes] == ["ok"] * THREADS
    assert len({value for _, value in outcomes}) == 1
    assert Signaal.objects.filter(automatisch_netwerk=netwerk).count() == 1
