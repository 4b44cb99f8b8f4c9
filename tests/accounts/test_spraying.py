"""Password spraying: many accounts tried from one client IP address lock that address out,
beside django-axes' lockout of one account."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from accounts import spraying
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SPRAYER, OTHER, OFFICE = "198.51.100.7", "198.51.100.8", "198.51.100.9"
SPRAYED_PASSWORD = "Welkom2026!"  # what a sprayer tries
BLOCKED = "Vanaf uw internetverbinding is te vaak tevergeefs geprobeerd in te loggen"


@pytest.fixture(autouse=True)
def clean_addresses():
    for address in (SPRAYER, OTHER, OFFICE):
        spraying.reset(address)
    yield
    for address in (SPRAYER, OTHER, OFFICE):
        spraying.reset(address)


@pytest.fixture
def thresholds(settings):
    settings.LOGIN_SPRAYING_ACCOUNTS = 20
    settings.LOGIN_SPRAYING_WINDOW_MINUTES = 15
    settings.LOGIN_SPRAYING_LOCKOUT_MINUTES = 30


def _login(client, email, password, address):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _without_csrf_tokens(response) -> str:
    """The page; its CSRF token is masked differently on every response."""
    return re.sub(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}', "", response.content.decode())


def _spray(client, emails, address=SPRAYER, password=SPRAYED_PASSWORD):
    for email in emails:
        response = _login(client, email, password, address)
        assert response.status_code == 200
        assert "niet bekend" in response.content.decode()


def test_twenty_accounts_failing_from_one_address_lock_it_out_even_for_a_right_password(
    client, coordinator, thresholds
):
    existing = [UserFactory().email for _ in range(10)]
    unknown = [f"bestaat-niet-{n}@example.nl" for n in range(10)]
    _spray(client, existing + unknown)

    response = _login(client, coordinator.email, PASSWORD, SPRAYER)

    assert response.status_code == 429
    html = response.content.decode()
    assert BLOCKED in html
    assert "30 minuten" in html
    assert coordinator.email not in html
    assert not client.get(reverse("start")).wsgi_request.user.is_authenticated


def test_the_refusal_is_the_same_for_an_unknown_and_a_known_account(
    client, coordinator, thresholds
):
    _spray(client, [f"x{n}@example.nl" for n in range(20)])

    known = _login(client, coordinator.email, PASSWORD, SPRAYER)
    unknown = _login(client, "niemand@example.nl", "wat-dan-ook", SPRAYER)

    assert known.status_code == unknown.status_code == 429
    assert _without_csrf_tokens(known) == _without_csrf_tokens(unknown)


def test_another_address_is_not_affected(client, coordinator, thresholds):
    _spray(client, [f"x{n}@example.nl" for n in range(20)])

    response = _login(client, coordinator.email, PASSWORD, OTHER)

    assert response.status_code == 302
    assert response["Location"] == reverse("start")


def test_nineteen_accounts_do_not_lock_the_address(client, coordinator, thresholds):
    _spray(client, [f"x{n}@example.nl" for n in range(19)])

    assert _login(client, coordinator.email, PASSWORD, SPRAYER).status_code == 302


def test_colleagues_mistyping_at_one_office_address_count_per_account(
    client, coordinator, thresholds
):
    """Ten people each mistyping twice: 20 failures, but 10 accounts."""
    emails = [UserFactory().email for _ in range(10)]
    _spray(client, emails + emails, address=OFFICE)

    assert _login(client, coordinator.email, PASSWORD, OFFICE).status_code == 302


def test_failures_older_than_the_window_no_longer_count(client, coordinator, thresholds):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)):
        _spray(client, [f"x{n}@example.nl" for n in range(19)])
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 16, tzinfo=dt.UTC)):
        _spray(client, ["laat@example.nl"])
        assert _login(client, coordinator.email, PASSWORD, SPRAYER).status_code == 302


def test_the_thresholds_are_settings(client, coordinator, settings):
    settings.LOGIN_SPRAYING_ACCOUNTS = 3
    settings.LOGIN_SPRAYING_LOCKOUT_MINUTES = 5
    _spray(client, ["a@example.nl", "b@example.nl", "c@example.nl"])

    response = _login(client, coordinator.email, PASSWORD, SPRAYER)
    assert response.status_code == 429
    assert "5 minuten" in response.content.decode()


def test_one_account_is_still_locked_after_five_failures(client, coordinator, thresholds):
    for _ in range(5):
        _login(client, coordinator.email, "verkeerd-wachtwoord", OTHER)

    response = _login(client, coordinator.email, PASSWORD, OTHER)

    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert not spraying.is_locked_out(OTHER)
