from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_event_date, validate_period, validate_planned_date
from netwerk.models import Organisatie

from ..models import Verzoeker


class VernietigingsverzoekForm(forms.Form):
    verzoeker = forms.ChoiceField(label=_("Wie vraagt om vernietiging?"), choices=Verzoeker.choices)
    ontvangen_op = forms.DateField(
        label=_("Verzoek ontvangen op"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_event_date],
    )
    bevestiging = forms.BooleanField(
        label=_(
            "Ik heb vastgesteld dat de verzoeker de cliënt is of de cliënt mag vertegenwoordigen."
        ),
        required=True,
    )


class AfwijzingForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van afwijzing (art. 7:455 lid 2 BW), zonder gegevens van de cliënt"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ToegangslogFilterForm(forms.Form):
    gebruiker = forms.CharField(label=_("Gebruiker (naam of e-mail)"), required=False)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, queryset=Organisatie.objects.none()
    )
    client = forms.CharField(label=_("Cliënt (naam of BSN)"), required=False, max_length=100)
    van = forms.DateField(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_planned_date],
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_planned_date],
    )
    alleen_opvallend = forms.BooleanField(label=_("Alleen opvallende toegang"), required=False)

    def __init__(self, *args, netwerk_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            aansluitingen__netwerk_id=netwerk_id
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        try:
            validate_period(cleaned.get("van"), cleaned.get("tot"))
        except forms.ValidationError as error:
            self.add_error("tot", error)
        return cleaned
