"""Keeping BSNs out of the signal register.

Signals are read by coordinators and insurers and exported; a BSN has no place in them
(DESIGN.md rule 6: a BSN lives only, encrypted, on the client). Every free-text field of a
signal and its actions is checked: a number that passes the elfproef is refused. Medical
details cannot be recognised by software; the forms ask people not to give them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn

from casemanagement.identifiers import normalise_bsn

# Nine digits standing alone, also written in groups with dots, spaces or dashes
# (1234.56.782, 123 456 782). Longer runs (phone numbers, IBANs) do not match; neither do
# eight-digit runs, which would flag too many phone numbers ("06 12345678").
_CANDIDATE = re.compile(
    r"(?<!\d)(?:\d{9}|\d{4}[ .\-]\d{2}[ .\-]\d{3}|\d{3}[ .\-]\d{3}[ .\-]\d{3})(?!\d)"
)

BSN_MESSAGE = _(
    "Deze tekst lijkt een burgerservicenummer (BSN) te bevatten. Laat het BSN weg: wij hebben "
    "het niet nodig en mogen het hier niet bewaren."
)


def contains_bsn(text: str) -> bool:
    """True when the text holds a number that passes the BSN elfproef."""
    for match in _CANDIDATE.finditer(text or ""):
        if stdnum_bsn.is_valid(normalise_bsn(match.group(0))):
            return True
    return False


def validate_geen_bsn(value: str) -> None:
    if contains_bsn(value):
        raise ValidationError(BSN_MESSAGE, code="bsn")
