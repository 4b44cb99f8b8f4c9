"""Keeping BSNs out of the signal register.

Signals are read by coordinators and insurers and exported; a BSN has no place in them
(DESIGN.md rule 6: a BSN lives only, encrypted, on the client). Every free-text field of a
signal and its actions is checked: a number that passes the elfproef is refused. Medical
details cannot be recognised by software; the forms ask people not to give them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.bsn import bevat_bsn

BSN_MESSAGE = _(
    "Deze tekst lijkt een burgerservicenummer (BSN) te bevatten. Laat het BSN weg: wij hebben "
    "het niet nodig en mogen het hier niet bewaren."
)


def validate_geen_bsn(value: str) -> None:
    if bevat_bsn(value):
        raise ValidationError(BSN_MESSAGE, code="bsn")
