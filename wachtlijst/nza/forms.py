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


MAXIMUM = 100_000  # far above any network's count; bigger is a typing error


class NzaAanleveringForm(forms.Form):
    """A provider confirms (``actie`` bevestigen) or corrects the figures of a vestiging;
    the numbers and the reason are checked by the service (cyclus.nza_aanlevering_vastleggen)
    when the action is a correction."""

    vestiging = forms.IntegerField(widget=forms.HiddenInput)
    actie = forms.ChoiceField(
        choices=[("bevestigen", "bevestigen"), ("corrigeren", "corrigeren")],
        widget=forms.HiddenInput,
    )
    wachtend = forms.IntegerField(
        label=gettext_lazy("Wachtend"), min_value=0, max_value=MAXIMUM, required=False
    )
    zes_weken_of_langer = forms.IntegerField(
        label=gettext_lazy("Wachtend 6 weken of langer"),
        min_value=0,
        max_value=MAXIMUM,
        required=False,
    )
    in_zorg = forms.IntegerField(
        label=gettext_lazy("In zorg"), min_value=0, max_value=MAXIMUM, required=False
    )
    aantal_casemanagers = forms.IntegerField(
        label=gettext_lazy("Aantal casemanagers"), min_value=0, max_value=MAXIMUM, required=False
    )
    # text: the service reads "1,30" and "1.30" alike (a localized DecimalField would read
    # "1.30" as 130, the dot being the Dutch thousands separator)
    fte_casemanagers = forms.CharField(
        label=gettext_lazy("Fte casemanagers"), max_length=12, required=False
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden van de correctie"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    namens = forms.CharField(
        label=gettext_lazy("Namens de aanbieder bevestigd door"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Alleen als de coördinator dit namens de aanbieder vastlegt."),
    )
