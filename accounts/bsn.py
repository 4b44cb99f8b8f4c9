"""Recognising a BSN inside free text: one pattern for the log redaction (accounts.logging)
and for keeping BSNs out of signal texts (signaalteam.validators). Validating, storing and
masking a BSN on a client is casemanagement.identifiers' job.

A candidate is nine digits standing alone, also written in groups with dots, spaces or
dashes (1234.56.782, 123 456 782, 1234-56-782). Longer runs (phone numbers, IBANs) do not
match; neither do eight-digit runs, which would flag too many phone numbers ("06 12345678").
"""

from __future__ import annotations

import re

from stdnum.nl import bsn as stdnum_bsn

BSN_KANDIDAAT = re.compile(
    r"(?<!\d)(?:\d{9}|\d{4}[ .\-]\d{2}[ .\-]\d{3}|\d{3}[ .\-]\d{3}[ .\-]\d{3})(?!\d)"
)


def bevat_bsn(text: str) -> bool:
    """True when the text holds a number that passes the BSN elfproef."""
    return any(stdnum_bsn.is_valid(match.group(0)) for match in BSN_KANDIDAAT.finditer(text or ""))


def zonder_bsn(text: str, vervanging: str) -> str:
    """Every candidate replaced, whether or not it passes the elfproef (for logs, where a
    mistyped BSN is still a BSN)."""
    return BSN_KANDIDAAT.sub(vervanging, text)
