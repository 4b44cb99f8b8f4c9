"""A real Celery worker process against the real Redis and the test database."""

import datetime as dt
import os
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from config.celery import app


def _database_url() -> str:
    """The test database as a URL for the worker process (TCP host or socket folder)."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    if db["HOST"].startswith("/"):
        return f"postgres://{auth}@/{db['NAME']}?host={db['HOST']}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{db['HOST']}{port}/{db['NAME']}"


@pytest.fixture
def worker_queue():
    """Start `celery worker` on a private queue; stop it after the test."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.worker
# The worker reads committed rows, so this test commits; serialized_rollback restores the
# reference data (gemeenten) that the flush after a committing test would remove.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_runs_task_against_database(worker_queue):
    now = timezone.now()
    Session.objects.create(
        session_key="verlopen", session_data="", expire_date=now - dt.timedelta(days=1)
    )
    Session.objects.create(
        session_key="geldig", session_data="", expire_date=now + dt.timedelta(days=1)
    )

    result = clear_expired_sessions.apply_async(queue=worker_queue)

    assert result.get(timeout=60) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["geldig"]


def test_task_settings_redeliver_after_a_killed_worker_and_back_off_below_visibility():
    from config.celery import RETRY_BACKOFF_MAX

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert RETRY_BACKOFF_MAX < settings.CELERY_VISIBILITY_TIMEOUT / 2
