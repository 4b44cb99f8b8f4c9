"""What every page does alike: Dutch error pages, no traceback for an ordinary 403, a
favicon, the current menu item marked, Dutch dates and numbers, the admin in Dutch."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.dates import korte_datum
from tests.netwerk.factories import casemanager_of, coordinator_of

pytestmark = pytest.mark.django_db


def test_an_ordinary_403_is_logged_without_a_traceback(client, netwerk, caplog):
    client.force_login(casemanager_of(netwerk))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("rapportage:downloads"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request"]
    # the project's filter runs where the handlers of settings.LOGGING see the record
    from config.logfilters import ForbiddenWithoutTracebackFilter

    ForbiddenWithoutTracebackFilter().filter(record)
    assert record.exc_info is None
    assert "Forbidden" in record.getMessage()


def test_the_filter_keeps_the_traceback_of_a_server_error():
    from config.logfilters import ForbiddenWithoutTracebackFilter

    try:
        raise RuntimeError("kapot")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", 40, "", 0, "Server Error", (), sys.exc_info())
    record.status_code = 500
    ForbiddenWithoutTracebackFilter().filter(record)
    assert record.exc_info is not None


def test_django_request_logger_has_the_filter(settings):
    assert "forbidden_without_traceback" in settings.LOGGING["loggers"]["django.request"]["filters"]
    logger = logging.getLogger("django.request")
    assert any(type(f).__name__ == "ForbiddenWithoutTracebackFilter" for f in logger.filters)


def test_a_refused_form_gets_a_dutch_page(netwerk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator_of(netwerk))
    response = browser.post(reverse("accounts:logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier is verlopen" in html
    assert "CSRF verification failed" not in html


def test_every_page_has_a_favicon(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.ico")


def test_the_current_menu_item_is_marked(client, netwerk):
    client.force_login(coordinator_of(netwerk))
    html = client.get(reverse("rapportage:rapporten")).content.decode()
    assert '<a href="/rapporten/" aria-current="page">Rapportages</a>' in html
    assert html.count("aria-current") == 1
    detail = client.get(reverse("netwerk:partner_list", args=[netwerk.pk])).content.decode()
    partners = reverse("netwerk:partner_list", args=[netwerk.pk])
    assert f'<a href="{partners}" aria-current="page">' in detail
    # the main menu marks the section the page is in
    assert f'<a href="{reverse("netwerk:detail", args=[netwerk.pk])}" aria-current="true">' in (
        detail
    )


def test_short_dates_and_hours_are_written_the_dutch_way():
    assert korte_datum(dt.date(2026, 10, 1)) == "1 okt."
    assert korte_datum(dt.date(2026, 5, 3), met_jaar=True) == "3 mei 2026"
    from casemanagement.models import Indicatie

    indicatie = Indicatie(
        uren=Decimal("20.0"), periode_van=dt.date(2026, 1, 1), periode_tot=dt.date(2026, 6, 30)
    )
    assert str(indicatie).startswith("20,0 uur")


def test_the_admin_names_the_second_factor_and_login_attempts_in_dutch(client, beheerder):
    from tests.conftest import verify_second_factor

    beheerder.is_staff = beheerder.is_superuser = True
    beheerder.save()
    verify_second_factor(client, beheerder)
    html = client.get(reverse("admin:index")).content.decode()
    for english in ("TOTP devices", "Access attempts", "Otp_Totp", "static devices"):
        assert english not in html
    assert "Tweede factor: authenticator-apps" in html
    assert "Inlogpogingen" in html
