"""The choices of the national inventory (page, exports and API): peildatum, category,
order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy

from accounts.dates import BEGIN_OF_RECORDS, validate_event_date

from .selectors import Categorie, Sortering

# A peildatum follows the event-date rule of accounts.dates (validate_event_date): one in
# the future would count everyone as still waiting up to that day; before 2000 there are no
# records (and dates near the year 1 would break the quarter's date arithmetic).
PEILDATUM_ONGELDIG = gettext_lazy("Vul de peildatum in als jjjj-mm-dd, bijvoorbeeld 2026-10-01.")


@dataclass(frozen=True)
class Keuze:
    peildatum: dt.date
    categorie: str
    sortering: str

    def querystring(self, **anders: str) -> str:
        """The choices as a query string (defaults left out), with some replaced."""
        values = {
            "peildatum": self.peildatum.isoformat(),
            "categorie": self.categorie,
            "sorteer": self.sortering if self.sortering != Sortering.NAAM else "",
            **anders,
        }
        return urlencode({key: value for key, value in values.items() if value})


class InventarisatieForm(forms.Form):
    """The choices of the inventory. Every field is optional; a wrong value is reported and
    replaced by its default, the other choices still apply."""

    peildatum = forms.DateField(
        label=gettext_lazy("Peildatum"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": PEILDATUM_ONGELDIG},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Leeg: vandaag."),
    )
    categorie = forms.ChoiceField(
        label=gettext_lazy("Wachtlijst"),
        choices=[("", gettext_lazy("Alle netwerken")), *Categorie.choices],
        required=False,
    )
    sorteer = forms.ChoiceField(
        label=gettext_lazy("Sorteren op"), choices=Sortering.choices, required=False
    )

    def __init__(self, *args, vandaag: dt.date, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.fields["peildatum"].widget.attrs.update(
            min=BEGIN_OF_RECORDS.isoformat(), max=vandaag.isoformat()
        )

    def clean_peildatum(self) -> dt.date | None:
        peildatum = self.cleaned_data["peildatum"]
        validate_event_date(peildatum, vandaag=self.vandaag)
        return peildatum

    def keuze(self) -> Keuze:
        """The valid choices, the defaults for the rest (call is_valid() first)."""
        data = getattr(self, "cleaned_data", {})
        return Keuze(
            peildatum=data.get("peildatum") or self.vandaag,
            categorie=data.get("categorie") or "",
            sortering=data.get("sorteer") or Sortering.NAAM,
        )
