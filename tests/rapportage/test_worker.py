"""Reliability of report generation with a real Celery worker against the real Redis: a
second run finds the report of the first, and a worker killed in the middle of a report
leads, after redelivery, to exactly one report."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from celery.result import AsyncResult
from django.conf import settings

from config.celery import app
from rapportage.models import Rapport
from rapportage.tasks import rapport_genereren
from tests.config.test_celery import _database_url
from tests.rapportage.conftest import PERIODE


def _start_worker(queue: str, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--queues",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_VISIBILITY_TIMEOUT": "3",
            **env,
        },
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    worker.wait(timeout=30)


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def queue():
    app.conf.task_always_eager = False
    yield f"test-rapport-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_worker_leads_to_exactly_one_report_and_a_rerun_finds_it(gevuld_netwerk, queue):
    traag = _start_worker(queue, RAPPORTAGE_TEST_PAUZE_SECONDEN="60")
    try:
        result = rapport_genereren.apply_async((gevuld_netwerk.pk, PERIODE), queue=queue)
        # the worker has the task and holds its transaction open in the middle of the report
        assert _wait_for(lambda: AsyncResult(result.id).state in ("STARTED", "PROGRESS"))
        time.sleep(1)
        assert not Rapport.objects.exists()
    finally:
        _stop(traag, signal.SIGKILL)  # killed mid-task: nothing acknowledged, nothing committed
    assert not Rapport.objects.exists()

    time.sleep(4)  # past the visibility timeout: the next worker gets the message again
    worker = _start_worker(queue)
    try:
        assert AsyncResult(result.id).get(timeout=90)["rapport"]
        assert Rapport.objects.filter(netwerk=gevuld_netwerk, periode=PERIODE).count() == 1
        rapport = Rapport.objects.get()
        again = rapport_genereren.apply_async((gevuld_netwerk.pk, PERIODE), queue=queue)
        assert again.get(timeout=60)["rapport"] == rapport.pk  # idempotent
        assert Rapport.objects.count() == 1
    finally:
        _stop(worker)
