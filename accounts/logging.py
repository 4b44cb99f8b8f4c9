"""Logging filter that keeps BSNs out of every log line, whatever the caller wrote.

The code never logs a BSN, a name or a note on purpose; this is the safety net for the
case where one slips into an exception message or a third-party log line.
"""

import logging
import re

# Nine digits standing alone (optionally written with dots or spaces: 1234.56.789).
_BSN_LIKE = re.compile(r"(?<!\d)\d{4}[ .]?\d{2}[ .]?\d{3}(?!\d)")
REDACTED = "[BSN-verwijderd]"


def redact(text: str) -> str:
    return _BSN_LIKE.sub(REDACTED, text)


class RedactIdentifiersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
