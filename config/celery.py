"""The Celery app. Workers and beat run with the same DJANGO_SETTINGS_MODULE as the web.

Conventions for every task in the project (see docs/decisions/0003-celery.md):
- thin: take ids, call one service, return a small summary;
- idempotent: check whether the result already exists before doing the work;
- enqueued with ``transaction.on_commit`` so a worker never sees uncommitted rows;
- ``acks_late`` + ``task_reject_on_worker_lost`` (settings) so a killed worker's task is
  redelivered, and retries back off no longer than RETRY_BACKOFF_MAX, well below the
  broker's visibility timeout.
"""

import logging
import logging.config

from celery import Celery
from celery.signals import setup_logging

app = Celery("dementienetwerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(loglevel=None, **kwargs) -> None:
    """Workers and beat log through settings.LOGGING, whose handlers keep BSNs and query
    strings out (accounts.logging). Without this receiver Celery replaces the root logger's
    handlers with its own, unfiltered ones. The level given with --loglevel still holds."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


# Retry policy shared by tasks that talk to the outside world (mail, files).
RETRY_BACKOFF_MAX = 10 * 60
RETRY_POLICY = {
    "autoretry_for": (OSError,),
    "retry_backoff": 5,
    "retry_backoff_max": RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": 6,
}
