from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import RapportType
from .perioden import parse_periode, vorige_periodes


def periode_keuzes(aantal_kwartalen: int = 8) -> list[tuple[str, str]]:
    """The last quarters and years, newest first."""
    vandaag = timezone.localdate()
    keuzes: list[tuple[str, str]] = []
    periode = vorige_periodes(vandaag)[0]
    for _i in range(aantal_kwartalen):
        keuzes.append((periode.code, periode.label))
        vorige = periode.begin - timezone.timedelta(days=1)
        periode = parse_periode(f"{vorige.year}Q{(vorige.month - 1) // 3 + 1}")
    for jaar in range(vandaag.year - 1, vandaag.year - 4, -1):
        keuzes.append((str(jaar), str(jaar)))
    return keuzes


class GenereerForm(forms.Form):
    periode = forms.ChoiceField(label=_("Periode"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = periode_keuzes()


class LandelijkGenereerForm(GenereerForm):
    type = forms.ChoiceField(
        label=_("Rapport"),
        choices=[
            (RapportType.LANDELIJK_WACHTLIJST, RapportType.LANDELIJK_WACHTLIJST.label),
            (RapportType.SIGNALEN, RapportType.SIGNALEN.label),
        ],
    )


class TekstenForm(forms.Form):
    tekst_resultaten = forms.CharField(
        label=_("Behaalde resultaten"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        required=False,
    )
    tekst_knelpunten = forms.CharField(
        label=_("Knelpunten"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        required=False,
    )


class DownloadFilterForm(forms.Form):
    netwerk = forms.TypedChoiceField(
        label=_("Netwerk"), required=False, coerce=int, empty_value=None
    )
    periode = forms.CharField(
        label=_("Periode"),
        required=False,
        max_length=10,
        help_text=_("Bijvoorbeeld 2026Q3 of 2026."),
    )

    def __init__(self, *args, netwerken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["netwerk"].choices = [("", _("Alle"))] + [(n.pk, n.naam) for n in netwerken]

    def clean_periode(self):
        value = self.cleaned_data["periode"].strip()
        if value:
            try:
                return parse_periode(value).code
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        return value
