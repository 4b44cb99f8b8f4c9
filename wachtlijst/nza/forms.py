"""Forms of the NZa pages: the peildatum of a concept made by hand, the reason of a
correction."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy


class NzaConceptForm(forms.Form):
    peildatum = forms.TypedChoiceField(
        label=gettext_lazy("Peildatum"),
        coerce=dt.date.fromisoformat,
        help_text=gettext_lazy("Kwartalen die nog geen cijfers hebben."),
    )

    def __init__(self, *args, peildata: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peildatum"].choices = [
            (peildatum.isoformat(), date_format(peildatum, "j F Y")) for peildatum in peildata
        ]


class NzaCorrectieForm(forms.Form):
    reden = forms.CharField(
        label=gettext_lazy("Reden van de correctie"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Wat klopte er niet aan de gepubliceerde cijfers? Noem geen cliënten: de reden is "
            "te lezen voor iedereen die de cijfers van het netwerk inziet."
        ),
    )
