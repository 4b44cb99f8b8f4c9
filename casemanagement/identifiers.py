"""The BSN: validated with the elfproef (python-stdnum), stored encrypted (Fernet with
FIELD_ENCRYPTION_KEY), found through a keyed hash, shown masked, never logged or put in a URL.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.util import clean


def normalise_bsn(value: str) -> str:
    """Spaces, dots and dashes removed; an 8-digit BSN gets its leading zero. Nothing else is
    padded, so a short or empty value stays recognisably wrong."""
    digits = clean(value or "", " -.").strip()
    return digits.zfill(9) if len(digits) == 8 and digits.isdigit() else digits


def validate_bsn(value: str) -> str:
    """The normalised BSN, or a ValidationError in Dutch (the number is never in the message)."""
    try:
        return stdnum_bsn.validate(normalise_bsn(value))
    except StdnumError as error:
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet 9 cijfers hebben en voldoen aan de elfproef."),
            code="bsn",
        ) from error


def mask_bsn(value: str) -> str:
    """Only the last three digits are shown: '******782'."""
    digits = normalise_bsn(value)
    return "*" * 6 + digits[-3:] if len(digits) == 9 else "*********"


@cache
def _fernet() -> MultiFernet:
    keys = [key for key in settings.FIELD_ENCRYPTION_KEY if key]
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set")
    return MultiFernet([Fernet(key.encode()) for key in keys])


@cache
def _hash_key() -> bytes:
    # The oldest key (last in the list) stays in place when keys rotate (new ones are put in
    # front), so hashes of existing clients keep matching. Derived, never the key itself.
    oldest = [key for key in settings.FIELD_ENCRYPTION_KEY if key][-1]
    return hmac.new(oldest.encode(), b"bsn-lookup-v1", hashlib.sha256).digest()


def bsn_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) of the normalised BSN, for lookups and uniqueness."""
    return hmac.new(_hash_key(), normalise_bsn(value).encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Encrypted data cannot be read with the configured FIELD_ENCRYPTION_KEY"
        ) from error


class EncryptedCharField(models.TextField):
    """Stores the value Fernet-encrypted (base64 text); Python code sees the plain value.
    Not searchable or sortable in the database: look values up through a hash field."""

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        # "" is what a destroyed record holds (casemanagement.levensloop.vernietigen)
        return value if value in (None, "") else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
