"""Logging filter that keeps BSNs and query strings out of every log line, whatever the
caller wrote.

The code never logs a BSN, a name or a note on purpose; this is the safety net for the
case where one slips into an exception message, a third-party log line or an access log.
Query strings are dropped from every URL in a log line: a search typed into a form (a
name, a BSN, a date of birth) travels in the query string, and the request lines of
runserver (django.server) and gunicorn, and the referer in gunicorn's access log, would
write it down. The filter is attached to every handler of settings.LOGGING (Django, the
django.server request lines, Celery through config.celery) and to gunicorn's error and
access log (config.gunicorn_logging, named in gunicorn.conf.py).
"""

import logging
import re

from .bsn import zonder_bsn

REDACTED = "[BSN-verwijderd]"

# A path (with or without scheme and host) followed by a non-empty query string.
_URL_WITH_QUERY = re.compile(
    r"(?P<url>(?:[a-z][a-z0-9+.-]*://[^\s/?#\"'<>]*)?/[^\s?#\"'<>]*)\?[^\s#\"'<>]+",
    re.IGNORECASE,
)
QUERY_REMOVED = "?[verwijderd]"


def strip_query_strings(text: str) -> str:
    """Every URL in the text without its query string."""
    return _URL_WITH_QUERY.sub(lambda match: match["url"] + QUERY_REMOVED, text)


def redact(text: str) -> str:
    return zonder_bsn(strip_query_strings(text), REDACTED)


class RedactIdentifiersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # A traceback is formatted after the filters ran: format it now, so its text
        # (an exception message holding a BSN) is redacted too.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
