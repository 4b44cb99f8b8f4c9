"""The date rules of accounts.dates: the windows, their edges, and the messages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.dates import (
    check_field,
    dag_tekst,
    latest_planned,
    validate_born_before,
    validate_event_date,
    validate_geboortedatum,
    validate_period,
    validate_planned_date,
)

VANDAAG = dt.date(2026, 12, 3)


def _message(rule, value, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        rule(value, **kwargs)
    (message,) = error.value.messages
    return message


@pytest.mark.parametrize("value", [dt.date(1900, 1, 1), dt.date(1942, 3, 14), VANDAAG], ids=str)
def test_a_birth_date_between_1900_and_today_passes(value):
    validate_geboortedatum(value, vandaag=VANDAAG)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.date(1, 1, 1), "Een geboortedatum ligt niet voor 1 januari 1900. Controleer het jaar."),
        (dt.date(1899, 12, 31), "Een geboortedatum ligt niet voor 1 januari 1900."),
        (VANDAAG + dt.timedelta(days=1), "Een geboortedatum ligt niet in de toekomst."),
        (dt.date(2099, 1, 1), "Een geboortedatum ligt niet in de toekomst."),
    ],
    ids=str,
)
def test_a_birth_date_outside_the_window_is_refused(value, message):
    assert _message(validate_geboortedatum, value, vandaag=VANDAAG).startswith(message)


@pytest.mark.parametrize("value", [dt.date(2000, 1, 1), VANDAAG], ids=str)
def test_an_event_from_2000_up_to_today_passes(value):
    validate_event_date(value, vandaag=VANDAAG)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.date(1, 1, 1), "Deze datum ligt voor 1 januari 2000. Controleer het jaar."),
        (dt.date(1999, 12, 31), "Deze datum ligt voor 1 januari 2000. Controleer het jaar."),
        (VANDAAG + dt.timedelta(days=1), "Deze datum ligt in de toekomst."),
        (dt.date(2099, 1, 1), "Deze datum ligt in de toekomst."),
        (dt.date(9999, 12, 31), "Deze datum ligt in de toekomst."),
    ],
    ids=str,
)
def test_an_event_outside_the_window_is_refused(value, message):
    assert _message(validate_event_date, value, vandaag=VANDAAG) == message


def test_a_planned_date_may_lie_two_years_ahead_and_no_more():
    validate_planned_date(dt.date(2028, 12, 3), vandaag=VANDAAG)
    assert _message(validate_planned_date, dt.date(2028, 12, 4), vandaag=VANDAAG) == (
        "Deze datum ligt meer dan 2 jaar vooruit. Kies een datum tot en met 03-12-2028."
    )
    assert _message(validate_planned_date, dt.date(2099, 1, 1), vandaag=VANDAAG).startswith(
        "Deze datum ligt meer dan 2 jaar vooruit."
    )
    assert _message(validate_planned_date, dt.date(1, 1, 1), vandaag=VANDAAG) == (
        "Deze datum ligt voor 1 januari 2000. Controleer het jaar."
    )


def test_the_planning_horizon_from_a_leap_day_ends_on_28_february():
    assert latest_planned(dt.date(2028, 2, 29)) == dt.date(2030, 2, 28)


def test_a_period_ending_before_it_starts_is_refused_and_open_ends_pass():
    validate_period(dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    validate_period(dt.date(2026, 1, 1), None)
    validate_period(None, dt.date(2026, 1, 1))
    assert _message(validate_period, dt.date(2026, 2, 1), eind=dt.date(2026, 1, 31)) == (
        "De einddatum ligt vóór de begindatum."
    )


def test_a_client_is_not_born_after_the_aanmelding():
    validate_born_before(dt.date(2026, 9, 1), dt.date(2026, 9, 1))
    assert _message(validate_born_before, dt.date(2026, 9, 2), datum=dt.date(2026, 9, 1)) == (
        "De geboortedatum ligt na de datum van aanmelding (01-09-2026)."
    )


def test_a_service_refusal_names_the_field():
    with pytest.raises(ValidationError) as error:
        check_field("datum", validate_event_date, dt.date(1, 1, 1))
    assert error.value.message_dict == {
        "datum": ["Deze datum ligt voor 1 januari 2000. Controleer het jaar."]
    }


def test_years_before_1000_are_written_with_four_digits():
    assert dag_tekst(dt.date(1, 1, 1)) == "01-01-0001"
