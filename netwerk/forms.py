from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_planned_date

from .models import (
    Aansluiting,
    AansluitingRol,
    Actie,
    Afspraak,
    Doel,
    Indicator,
    Meerjarenplan,
    Netwerk,
    Onderwerp,
    Organisatie,
    PlanSectie,
    Realisatie,
    Vestiging,
    Voortgangsgesprek,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NetwerkSettingsForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Netwerk
        fields = [
            "website",
            "treeknorm_signaal_dagen",
            "streefpercentage_binnen_4_weken",
            "caseload_norm",
            "prevalentie_thuiswonend",
            "aandeel_vraag_casemanagement",
        ]


class AansluitingForm(forms.ModelForm):
    rollen = forms.MultipleChoiceField(
        label=_("Overige rollen in het netwerk"),
        choices=AansluitingRol.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Aansluiting
        fields = ["organisatie", "geldig_van", "geldig_tot", "levert_casemanagement", "rollen"]
        widgets = {"geldig_van": DATE, "geldig_tot": DATE}


class AansluitingUpdateForm(AansluitingForm):
    class Meta(AansluitingForm.Meta):
        fields = ["geldig_van", "geldig_tot", "levert_casemanagement", "rollen"]


class OrganisatieForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisatie
        fields = ["naam", "type", "kvk_nummer", "website"]


class NieuwePartnerForm(OrganisatieForm):
    """A new organisation and its affiliation in one step."""

    geldig_van = forms.DateField(
        label=_("Aangesloten vanaf"), widget=DATE, validators=[validate_planned_date]
    )
    levert_casemanagement = forms.BooleanField(
        label=_("Levert casemanagement dementie"), required=False
    )
    rollen = forms.MultipleChoiceField(
        label=_("Overige rollen in het netwerk"),
        choices=AansluitingRol.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class VestigingForm(forms.ModelForm):
    class Meta:
        model = Vestiging
        fields = ["naam", "agb_code", "gemeente"]


class MeerjarenplanForm(forms.ModelForm):
    class Meta:
        model = Meerjarenplan
        fields = ["titel", "startjaar", "eindjaar"]


class PlanSectieForm(forms.ModelForm):
    class Meta:
        model = PlanSectie
        fields = ["tekst"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 8})}


class ExtraSectieForm(forms.ModelForm):
    class Meta:
        model = PlanSectie
        fields = ["titel", "tekst"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titel"].required = True


class VaststellenForm(forms.Form):
    op = forms.DateField(label=_("Vastgesteld op"), widget=DATE, validators=[validate_planned_date])


class PlanBeoordelingForm(forms.Form):
    """The preferente zorgverzekeraar's answer to a submitted plan; the button pressed
    gives ``beoordeling``."""

    beoordeling = forms.ChoiceField(
        choices=[("akkoord", _("Akkoord")), ("opmerkingen", _("Opmerkingen"))],
        widget=forms.HiddenInput,
    )
    toelichting = forms.CharField(
        label=_("Opmerkingen of toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Verplicht als u opmerkingen stuurt; het netwerk verwerkt ze in het plan."),
    )


class DoelForm(forms.ModelForm):
    class Meta:
        model = Doel
        fields = ["titel", "omschrijving", "onderwerp"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["onderwerp"].choices = [("", _("Geen"))] + [
            c for c in Onderwerp.choices if c[0] != Onderwerp.OVERIG
        ]


class IndicatorForm(forms.ModelForm):
    """An indicator with a target field per year of the plan."""

    class Meta:
        model = Indicator
        fields = ["naam", "eenheid", "basiswaarde", "hoger_is_beter"]

    def __init__(self, *args, plan: Meerjarenplan, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {}
        if self.instance.pk:
            existing = {s.jaar: s.waarde for s in self.instance.streefwaarden.all()}
        for jaar in plan.jaren:
            self.fields[f"streef_{jaar}"] = forms.DecimalField(
                label=_("Streefwaarde %(jaar)s") % {"jaar": jaar},
                required=False,
                max_digits=12,
                decimal_places=2,
                initial=existing.get(jaar),
            )
        self.jaren = list(plan.jaren)

    def streefwaarden(self) -> dict:
        return {jaar: self.cleaned_data.get(f"streef_{jaar}") for jaar in self.jaren}


class RealisatieForm(forms.ModelForm):
    class Meta:
        model = Realisatie
        fields = ["datum", "waarde", "toelichting"]
        widgets = {"datum": DATE}


class ActieForm(forms.ModelForm):
    class Meta:
        model = Actie
        fields = ["omschrijving", "eigenaar", "deadline", "status"]
        widgets = {"deadline": DATE}


class VoortgangsgesprekForm(forms.ModelForm):
    class Meta:
        model = Voortgangsgesprek
        fields = ["datum", "deelnemers", "samenvatting"]
        widgets = {
            "datum": DATE,
            "deelnemers": forms.Textarea(attrs={"rows": 4}),
            "samenvatting": forms.Textarea(attrs={"rows": 8}),
        }


class AfspraakForm(forms.ModelForm):
    class Meta:
        model = Afspraak
        fields = ["omschrijving", "eigenaar", "opvolgdatum", "afgerond"]
        widgets = {"opvolgdatum": DATE}


class CsvUploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: cbs_code, jaar, inwoners_65_plus en eventueel inwoners_65_79 en "
            "inwoners_80_plus. Scheidingsteken komma of puntkomma."
        ),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return bestand
