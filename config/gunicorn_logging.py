"""gunicorn's logger for this project (named in gunicorn.conf.py): no BSN and no query string
in its error log or its access log.

gunicorn writes both logs itself, before and beside Django's logging configuration. Its
access log line holds the request line (``%(r)s``, with the query string), the query string
(``%(q)s``) and the referer (``%(f)s``, the full address of the previous page); its error
log names the URI of a request that failed. A search typed into a form travels in the query
string, so every atom is written without query strings, and both loggers pass through
accounts.logging's filter, whatever access-log format an operator chooses.
"""

from __future__ import annotations

from gunicorn import glogging

from accounts.logging import RedactIdentifiersFilter, redact

# Atoms that are nothing but the query string.
_QUERY_ATOMS = ("q", "{query_string}e")


class RedactingLogger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactIdentifiersFilter) for f in log.filters):
                log.addFilter(RedactIdentifiersFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if key in _QUERY_ATOMS:
                atoms[key] = "-"
            elif isinstance(value, str):
                atoms[key] = redact(value)
        # The request line without the query string (RAW_URI carries it).
        atoms["r"] = "{} {} {}".format(
            environ.get("REQUEST_METHOD", "-"),
            environ.get("PATH_INFO", "-"),
            environ.get("SERVER_PROTOCOL", "-"),
        )
        return atoms
