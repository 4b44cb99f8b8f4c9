from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import RapportType
from .perioden import parse_periode, periode_label, vorige_periodes


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
    """Network and period chosen from lists: the periods are those of the reports the user
    can download, newest first, read as "3e kwartaal 2026" (never typed as a code)."""

    netwerk = forms.TypedChoiceField(
        label=_("Netwerk"), required=False, coerce=int, empty_value=None
    )
    periode = forms.ChoiceField(label=_("Periode"), required=False)

    def __init__(self, *args, netwerken, perioden: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["netwerk"].choices = [("", _("Alle"))] + [(n.pk, n.naam) for n in netwerken]
        self.fields["periode"].choices = [("", _("Alle perioden"))] + [
            (code, periode_label(code)) for code in sorted(perioden, key=_nieuwste_eerst)
        ]


def _nieuwste_eerst(code: str) -> tuple:
    """Newest first; within a year the year report after its last quarter."""
    jaar, _q, kwartaal = code.partition("Q")
    return (-int(jaar), -int(kwartaal or 5)) if jaar.isdigit() else (0, 0)


class MdsExportForm(GenereerForm):
    """A minimale-dataset export: the period, and for the national roles the network (empty
    for all networks)."""

    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"),
        queryset=None,
        required=False,
        empty_label=_("Alle netwerken"),
    )

    def __init__(self, *args, netwerken=None, **kwargs):
        super().__init__(*args, **kwargs)
        if netwerken is None:
            del self.fields["netwerk"]
        else:
            self.fields["netwerk"].queryset = netwerken


class MdsAanleveringForm(forms.Form):
    aangeleverd_op = forms.DateField(
        label=_("Aangeleverd op"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    opmerking = forms.CharField(label=_("Opmerking"), required=False, max_length=300)
