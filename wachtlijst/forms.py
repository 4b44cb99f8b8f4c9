from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_event_date

from .clock import Status

SORTERINGEN = [
    ("wacht", _("Langst wachtend eerst")),
    ("datum", _("Aanmelddatum")),
    ("naam", _("Naam")),
    ("urgentie", _("Urgentie")),
]


class WachtlijstFilterForm(forms.Form):
    peildatum = forms.DateField(
        label=_("Peildatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    organisatie = forms.TypedChoiceField(
        label=_("Aanbieder"), required=False, coerce=int, empty_value=None
    )
    gemeente = forms.TypedChoiceField(
        label=_("Gemeente"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + [(s.value, s.label) for s in Status],
    )
    sortering = forms.ChoiceField(label=_("Sorteren"), required=False, choices=SORTERINGEN)

    def __init__(self, *args, organisaties, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        # the browser's date picker offers no day after today
        self.fields["peildatum"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["organisatie"].choices = [
            ("", _("Alle")),
            ("0", _("Centraal (nog geen aanbieder)")),
        ] + [(o.pk, o.naam) for o in organisaties]
        self.fields["gemeente"].choices = [("", _("Alle"))] + [(g.pk, g.naam) for g in gemeenten]

    def clean_peildatum(self):
        peildatum = self.cleaned_data.get("peildatum")
        if peildatum is not None and peildatum > timezone.localdate():
            raise ValidationError(
                _(
                    "De peildatum %(datum)s ligt in de toekomst; wie dan wacht is nog niet "
                    "bekend. Kies vandaag of een eerdere dag."
                ),
                code="toekomst",
                params={"datum": peildatum.strftime("%d-%m-%Y")},
            )
        validate_event_date(peildatum)
        return peildatum
