"""The choices of the national comparison (page and API): the quarter, and optionally the
network to highlight."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..perioden import Periode, parse_periode, vorige_periodes


def laatste_kwartaal(vandaag: dt.date) -> Periode:
    """The last quarter that has ended before today (its peildatum is at the latest today)."""
    return vorige_periodes(vandaag)[0]


def kwartaal_uit(code: str, *, vandaag: dt.date) -> Periode:
    """A quarter such as 2026Q3 that has ended; a ValidationError in Dutch otherwise."""
    try:
        periode = parse_periode(code)
    except ValueError as error:
        raise ValidationError(str(error), code="ongeldig") from None
    if not periode.is_kwartaal:
        raise ValidationError(
            _("Kies een kwartaal, bijvoorbeeld %(voorbeeld)s, geen heel jaar.")
            % {"voorbeeld": laatste_kwartaal(vandaag).code},
            code="geen_kwartaal",
        )
    if periode.peildatum > vandaag:
        raise ValidationError(
            _("Het kwartaal %(kwartaal)s is nog niet voorbij; kies %(voorbeeld)s of eerder.")
            % {"kwartaal": periode.code, "voorbeeld": laatste_kwartaal(vandaag).code},
            code="toekomst",
        )
    return periode


@dataclass(frozen=True)
class Keuze:
    periode: Periode
    netwerk: int | None

    def querystring(self, **anders) -> str:
        values = {"kwartaal": self.periode.code, "netwerk": self.netwerk or "", **anders}
        return urlencode({key: value for key, value in values.items() if value})


class VergelijkingForm(forms.Form):
    """Every field is optional; a wrong value is reported and replaced by its default."""

    kwartaal = forms.CharField(
        label=gettext_lazy("Kwartaal"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Bijvoorbeeld 2026Q3. Leeg: het laatste afgesloten kwartaal."),
    )
    netwerk = forms.TypedChoiceField(
        label=gettext_lazy("Netwerk uitlichten"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, vandaag: dt.date, netwerken=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.fields["netwerk"].choices = [
            ("", gettext_lazy("Geen (of uw eigen netwerken)")),
            *((n.pk, n.naam) for n in netwerken),
        ]
        self.fields["netwerk"].error_messages["invalid_choice"] = gettext_lazy(
            "Dit netwerk staat niet in uw vergelijking."
        )

    def clean_kwartaal(self) -> Periode | None:
        code = (self.cleaned_data.get("kwartaal") or "").strip()
        if not code:
            return None
        return kwartaal_uit(code, vandaag=self.vandaag)

    def keuze(self) -> Keuze:
        """The valid choices, the defaults for the rest (call is_valid() first)."""
        data = getattr(self, "cleaned_data", {})
        return Keuze(
            periode=data.get("kwartaal") or laatste_kwartaal(self.vandaag),
            netwerk=data.get("netwerk"),
        )
