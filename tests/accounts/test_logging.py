"""No BSN and no query string in any log line the project writes: the filter itself,
runserver's request lines (django.server), gunicorn's access and error log, Celery."""

import io
import logging
import os
import runpy
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import (
    WSGIRequestHandler,
    WSGIServer,
    get_internal_wsgi_application,
)

from accounts.logging import QUERY_REMOVED, REDACTED, RedactIdentifiersFilter, redact

BSN = "111222333"  # passes the elfproef
SEARCH = f"/clienten/?q={BSN}&pagina=2"
REFERER = "http://127.0.0.1/clienten/?q=1112.22.333"
BSN_FORMS = (BSN, "1112.22.333", "111%20222%20333")


def _record(msg, args=(), exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("x", logging.INFO, __file__, 1, msg, args, exc_info)


def _assert_clean(text: str) -> None:
    for form in BSN_FORMS:
        assert form not in text, text


def test_bsn_like_numbers_never_reach_the_log_output():
    record = _record("client bsn=%s en %s", ("111222333", "1234.56.782"))
    RedactIdentifiersFilter().filter(record)
    message = record.getMessage()
    assert "111222333" not in message
    assert "1234.56.782" not in message
    assert message.count(REDACTED) == 2


def test_other_numbers_stay_readable():
    record = _record("id=%s tel=%s", (12, "0612345678"))
    RedactIdentifiersFilter().filter(record)
    assert record.getMessage() == "id=12 tel=0612345678"


def test_query_strings_are_dropped_from_every_url_in_a_line():
    line = f'"GET /clienten/?q=111%20222%20333 HTTP/1.1" 200 512 "{REFERER}" "Mozilla/5.0"'
    assert redact(line) == (
        f'"GET /clienten/{QUERY_REMOVED} HTTP/1.1" 200 512 '
        f'"http://127.0.0.1/clienten/{QUERY_REMOVED}" "Mozilla/5.0"'
    )
    assert redact("Not Found: /clienten/ en/of wat?") == "Not Found: /clienten/ en/of wat?"


def test_an_exception_message_with_a_bsn_is_redacted_in_the_traceback():
    try:
        raise ValueError(f"ongeldig: {BSN}")
    except ValueError:
        record = _record("mislukt", exc_info=sys.exc_info())
    RedactIdentifiersFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "ValueError" in text
    _assert_clean(text)


# --- runserver ---------------------------------------------------------------------------


@contextmanager
def _captured(logger_name: str):
    """What the configured handlers of the logger write (their streams swapped)."""
    stream = io.StringIO()
    handlers = [h for h in logging.getLogger(logger_name).handlers if hasattr(h, "setStream")]
    assert handlers, f"{logger_name} has no stream handler"
    previous = [handler.setStream(stream) for handler in handlers]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


def test_runserver_request_line_with_a_bsn_in_the_query_is_logged_without_it():
    """The server and request handler `manage.py runserver` uses, on a free port."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    server.set_app(get_internal_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    with _captured("django.server") as log:
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_port}/account/inloggen/?q={BSN}"
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200
        finally:
            server.shutdown()
            server.server_close()
    text = log.getvalue()
    assert f"GET /account/inloggen/{QUERY_REMOVED}" in text
    _assert_clean(text)


# --- gunicorn ----------------------------------------------------------------------------


def _gunicorn_config(tmp_path: Path):
    """gunicorn's configuration as it reads gunicorn.conf.py, logging to files."""
    from gunicorn.config import Config

    cfg = Config()
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    for key, value in conf.items():
        if key in cfg.settings:
            cfg.set(key, value)
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return cfg


class _Response:
    status = "200 OK"
    sent = 512
    headers = [("Content-Type", "text/html")]


class _Request:
    headers = [("REFERER", REFERER), ("USER-AGENT", "Mozilla/5.0")]


def test_gunicorn_access_and_error_log_hold_no_bsn_and_no_query_string(tmp_path):
    """gunicorn's logger as gunicorn.conf.py configures it, with a format that asks for every
    atom that could carry the query string."""
    cfg = _gunicorn_config(tmp_path)
    cfg.set("access_log_format", '"%(r)s" q=%(q)s "%(f)s" %({referer}i)s %({raw_uri}e)s')
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": SEARCH,
        "PATH_INFO": "/clienten/",
        "QUERY_STRING": f"q={BSN}&pagina=2",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": REFERER,
        "REMOTE_ADDR": "127.0.0.1",
    }
    logger.access(_Response(), _Request(), environ, timedelta(milliseconds=12))
    try:
        raise RuntimeError(f"kapot bij {SEARCH}")
    except RuntimeError:
        logger.exception("Error handling request %s", SEARCH)

    access = (tmp_path / "access.log").read_text()
    error = (tmp_path / "error.log").read_text()
    assert '"GET /clienten/ HTTP/1.1"' in access
    assert "Error handling request /clienten/" in error
    assert "RuntimeError" in error
    for text in (access, error):
        _assert_clean(text)
        assert "pagina=2" not in text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_as_the_project_starts_it_logs_a_search_without_the_bsn(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"),
                *("--workers", "1"),
            ],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/account/inloggen/?q={BSN}"
        request = urllib.request.Request(url, headers={"Referer": REFERER})
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    assert response.status == 200
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text()
    assert '"GET /account/inloggen/ HTTP/1.1" 200' in text
    _assert_clean(text)


# --- Celery ------------------------------------------------------------------------------

_CELERY_LOGS = f"""
import logging
from celery.utils.log import get_task_logger
from config.celery import app

app.log.setup_logging_subsystem(loglevel="INFO")
get_task_logger("accounts.tasks").info("taak voor bsn {BSN}")
logging.getLogger("celery.worker").warning("ophalen van {SEARCH} mislukt")
"""


def test_celery_worker_and_beat_logs_hold_no_bsn():
    """Logging as a worker or beat sets it up (the same call), in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-c", _CELERY_LOGS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    text = result.stdout + result.stderr
    assert "taak voor bsn" in text
    assert "ophalen van /clienten/" in text
    _assert_clean(text)


@pytest.mark.parametrize("written", ["111222333", "1112.22.333", "111 222 333", "1112-22-333"])
def test_a_bsn_in_any_spelling_is_redacted_in_logs_and_refused_in_signals(written):
    """One pattern for both (accounts.bsn): what the signal form refuses, the logs hide."""
    from django.core.exceptions import ValidationError

    from accounts.logging import redact
    from signaalteam.validators import validate_geen_bsn

    assert written not in redact(f"zoek {written} gevonden")
    with pytest.raises(ValidationError):
        validate_geen_bsn(f"cliënt {written} wacht")
