"""Logging filters of the project itself (the redaction filter lives in accounts.logging)."""

from __future__ import annotations

import logging


class ForbiddenWithoutTracebackFilter(logging.Filter):
    """An ordinary 403 (PermissionDenied: a user opened a page their role may not see) is an
    expected answer, not an error: Django's ``django.request`` logger still writes its
    warning line, but without the traceback it attaches to it. Every other record passes
    unchanged, a 500 with its traceback too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
