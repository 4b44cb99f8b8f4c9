"""Validators for Dutch identifiers of parties (not of persons)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_cbs_code(value: str) -> None:
    if not re.fullmatch(r"GM\d{4}", value or ""):
        raise ValidationError(
            _("Een CBS-gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0363."),
            code="cbs_code",
        )


def validate_kvk_nummer(value: str) -> None:
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(_("Een KvK-nummer bestaat uit precies 8 cijfers."), code="kvk_nummer")


def validate_agb_code(value: str) -> None:
    """AGB-codes (Vektis) of organisations and vestigingen: 8 digits; the first two give the
    zorgsoort and cannot be 00."""
    if not re.fullmatch(r"\d{8}", value or "") or value.startswith("00"):
        raise ValidationError(
            _("Een AGB-code bestaat uit 8 cijfers en begint niet met 00, bijvoorbeeld 47123456."),
            code="agb_code",
        )


def validate_uzovi_code(value: str) -> None:
    if not re.fullmatch(r"\d{4}", value or "") or value == "0000":
        raise ValidationError(
            _("Een UZOVI-code bestaat uit 4 cijfers, bijvoorbeeld 3311."), code="uzovi_code"
        )
