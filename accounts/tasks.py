import logging

from celery import shared_task
from django.utils import timezone

from .services import session_clear_expired

logger = logging.getLogger(__name__)


@shared_task(name="accounts.tasks.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly. Idempotent: a second run finds nothing left to remove."""
    deleted = session_clear_expired(now=timezone.now())
    logger.info("clear_expired_sessions done deleted=%s", deleted)
    return deleted
