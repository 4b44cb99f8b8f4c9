"""Rule 6: the BSN is validated with the elfproef, stored encrypted, found through a keyed
hash and shown masked."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from casemanagement.identifiers import bsn_hash, decrypt, mask_bsn, validate_bsn
from casemanagement.models import Client
from tests.casemanagement.factories import ClientFactory

INVALID_BSN_MESSAGE = (
    "Dit is geen geldig BSN: het moet 9 cijfers hebben en voldoen aan de elfproef."
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("111222333", "111222333"),
        ("123456782", "123456782"),
        ("1112.22.333", "111222333"),
        ("111 222 333", "111222333"),
        (" 1234-56-782 ", "123456782"),
        # the leading zero is often left out
        ("10000008", "010000008"),
    ],
)
def test_valid_bsn_is_accepted_and_normalised_to_nine_digits(typed, stored):
    assert stdnum_bsn.is_valid(typed)
    assert validate_bsn(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "123456789",  # fails the elfproef
        "111252333",  # fails the elfproef
        "1112223334",  # ten digits
        "11122233",  # eight digits that, padded, fail the elfproef
        "11122233A",  # a letter
        "abcdefghi",
        "000000000",
        "",
    ],
)
def test_invalid_bsn_is_refused_with_a_dutch_message_without_the_number(typed):
    assert not stdnum_bsn.is_valid(typed)

    with pytest.raises(ValidationError) as error:
        validate_bsn(typed)

    assert error.value.messages == [INVALID_BSN_MESSAGE]
    assert error.value.code == "bsn"
    if typed:
        assert typed not in str(error.value)


@given(st.text(alphabet="0123456789 .-x", max_size=12))
@example("1112.22.333")
@example("0111222333")
def test_validate_bsn_accepts_exactly_what_python_stdnum_accepts(typed):
    if stdnum_bsn.is_valid(typed):
        assert validate_bsn(typed) == stdnum_bsn.validate(typed)
    else:
        with pytest.raises(ValidationError) as error:
            validate_bsn(typed)
        assert error.value.messages == [INVALID_BSN_MESSAGE]


def test_bsn_is_shown_masked_with_only_the_last_three_digits():
    assert mask_bsn("123456782") == "******782"
    assert mask_bsn("1234.56.782") == "******782"
    assert mask_bsn("10000008") == "******008"


@pytest.mark.parametrize("value", ["", "12"])
def test_missing_or_short_bsn_is_masked_with_stars_only(value):
    assert mask_bsn(value) == "*" * 9


def test_client_shows_the_masked_bsn():
    client = Client(bsn="111222333")

    assert client.bsn_masked == "******333"
    assert "111222" not in client.bsn_masked


@pytest.mark.django_db
def test_bsn_is_stored_encrypted_and_decrypts_back():
    client = ClientFactory(bsn="111222333")

    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_hash FROM casemanagement_client WHERE id = %s", [client.pk])
        stored_bsn, stored_hash = cursor.fetchone()

    assert stored_bsn != "111222333"
    assert "111222333" not in stored_bsn
    assert "111222333" not in stored_hash
    assert decrypt(stored_bsn) == "111222333"
    assert Client.objects.get(pk=client.pk).bsn == "111222333"


@pytest.mark.django_db
def test_same_bsn_is_encrypted_differently_each_time_so_only_the_hash_can_find_it():
    client = ClientFactory(bsn="111222333")
    client.save()

    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM casemanagement_client WHERE id = %s", [client.pk])
        first = cursor.fetchone()[0]
        client.save()
        cursor.execute("SELECT bsn FROM casemanagement_client WHERE id = %s", [client.pk])
        second = cursor.fetchone()[0]

    assert first != second
    assert Client.objects.get(bsn_hash=bsn_hash("1112.22.333")) == client


def test_bsn_hash_is_keyed_and_ignores_how_the_number_was_typed():
    assert bsn_hash("111222333") == bsn_hash("1112.22.333") == bsn_hash("111 222 333")
    assert bsn_hash("111222333") != bsn_hash("123456782")
    # keyed (HMAC): a plain hash of all 10^9 numbers would reveal every BSN
    assert bsn_hash("111222333") != hashlib.sha256(b"111222333").hexdigest()
    assert len(bsn_hash("111222333")) == 64
