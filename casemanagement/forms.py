"""Forms of casemanagement. Required fields are kept to what the rules need: a casemanager
between two home visits fills in a contact with three fields."""

from __future__ import annotations

import json
import uuid

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_event_date, validate_period, validate_planned_date
from accounts.forms import samen_verplicht
from netwerk.models import Gemeente, Netwerk, Organisatie

from .identifiers import validate_bsn
from .models import (
    CONTACTSOORTEN_INVOER,
    STANDAARD_MINUTEN,
    Afmeldreden,
    Casemanager,
    CasemanagerUitnodiging,
    Client,
    ContactType,
    Eindreden,
    Intensiteit,
    Mantelzorger,
    MetingType,
    MetWie,
    Volhoudtijd,
)
from .models.clienten import normalise_postcode
from .models.zorg import validate_score

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class BsnField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("BSN"))
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return validate_bsn(super().clean(value))


class GemeenteField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Gemeente.objects.filter(actief=True).order_by("naam"),
            label=_("Gemeente"),
            **kwargs,
        )


CLIENT_FIELDS = [
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "straat_huisnummer",
    "postcode",
    "woonplaats",
    "gemeente",
    "huisarts",
    "woonsituatie",
    "diagnose_status",
    "fase",
    "wlz_indicatie",
]


class ClientForm(forms.ModelForm):
    gemeente = GemeenteField()

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {"geboortedatum": DATE}

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])


class AanmeldingFieldsMixin(forms.Form):
    datum = forms.DateField(
        label=_("Datum aanmelding"), widget=DATE, initial=_today, validators=[validate_event_date]
    )
    verwijzer_type = forms.ChoiceField(label=_("Verwezen door"), choices=[])
    verwijzer_naam = forms.CharField(label=_("Naam verwijzer"), required=False, max_length=150)
    urgentie = forms.ChoiceField(label=_("Urgentie"), choices=[], initial="normaal")
    ontvangt_wijkverpleging = forms.BooleanField(
        label=_("Ontvangt al wijkverpleging"),
        required=False,
        help_text=_("Aanvinken als de cliënt al wijkverpleging krijgt terwijl hij of zij wacht."),
    )
    organisatie = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("Centraal bij het netwerk (nog geen aanbieder)"),
    )
    notitie = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def setup_aanmelding_fields(self, *, aanbieders, eigen_organisatie=None):
        from .models import Urgentie, VerwijzerType

        self.fields["verwijzer_type"].choices = VerwijzerType.choices
        self.fields["urgentie"].choices = Urgentie.choices
        self.fields["organisatie"].queryset = aanbieders
        if eigen_organisatie is not None:
            # a casemanager registers at their own organisation
            self.fields["organisatie"].initial = eigen_organisatie.pk
            self.fields["organisatie"].disabled = True
            self.fields["organisatie"].empty_label = None

    def aanmelding_data(self) -> dict:
        keys = [
            "datum",
            "verwijzer_type",
            "verwijzer_naam",
            "urgentie",
            "ontvangt_wijkverpleging",
            "notitie",
            "organisatie",
        ]
        return {key: self.cleaned_data[key] for key in keys}


class ClientRegistrationForm(AanmeldingFieldsMixin, ClientForm):
    """A new client and their aanmelding in one form.

    With ``setup_werkgebied`` the gemeente list starts with the registrant's own werkgebied,
    and a gemeente outside it is only accepted once the registrant confirms that the
    aanmelding goes to the network of that gemeente (docs/decisions/0019)."""

    bsn = BsnField()
    buiten_werkgebied_bevestigd = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label=_("Toch aanmelden")
    )
    field_order = [
        "bsn",
        *CLIENT_FIELDS[: CLIENT_FIELDS.index("gemeente") + 1],
        "buiten_werkgebied_bevestigd",
        *CLIENT_FIELDS[CLIENT_FIELDS.index("gemeente") + 1 :],
    ]

    class Meta(ClientForm.Meta):
        fields = [f for f in CLIENT_FIELDS if f not in ("fase", "wlz_indicatie")]

    netwerk: Netwerk | None = None
    ontvangend_netwerk: Netwerk | None = None

    def setup_werkgebied(self, *, netwerk: Netwerk | None) -> None:
        """The registrant's own gemeenten first, then the others (which lead elsewhere)."""
        from netwerk.selectors import werkgebied_gemeenten

        self.netwerk = netwerk
        if netwerk is None:
            return
        eigen = list(werkgebied_gemeenten(netwerk, _today()).filter(actief=True))
        eigen_ids = {gemeente.pk for gemeente in eigen}
        andere = [g for g in self.fields["gemeente"].queryset if g.pk not in eigen_ids]
        self.fields["gemeente"].choices = [
            ("", "---------"),
            (
                _("Werkgebied van %(netwerk)s") % {"netwerk": netwerk.naam},
                [(str(g.pk), g.naam) for g in eigen],
            ),
            (
                _("Buiten het werkgebied (de aanmelding gaat naar het netwerk van de gemeente)"),
                [(str(g.pk), g.naam) for g in andere],
            ),
        ]
        self.fields["gemeente"].help_text = _(
            "Gemeenten van uw eigen werkgebied staan bovenaan. Een cliënt uit een andere "
            "gemeente meldt u aan bij het netwerk van die gemeente."
        )

    def clean(self):
        cleaned = super().clean()
        gemeente = cleaned.get("gemeente")
        if self.netwerk is None or gemeente is None:
            return cleaned
        from netwerk.selectors import netwerk_for_gemeente

        ontvangend = netwerk_for_gemeente(gemeente, _today())
        if ontvangend is None or ontvangend.pk == self.netwerk.pk:
            return cleaned
        self.ontvangend_netwerk = ontvangend
        if not cleaned.get("buiten_werkgebied_bevestigd"):
            field = self.fields["buiten_werkgebied_bevestigd"]
            field.widget = forms.CheckboxInput()
            field.label = _("Ja, meld deze cliënt aan bij %(netwerk)s") % {
                "netwerk": ontvangend.naam
            }
            # the bound field was made with the hidden widget and old label: make it again
            self._bound_fields_cache.pop("buiten_werkgebied_bevestigd", None)
            self.add_error(
                None,
                ValidationError(
                    _(
                        "%(gemeente)s hoort niet bij het werkgebied van %(eigen)s, maar bij "
                        "%(ontvangend)s. De aanmelding gaat dan naar %(ontvangend)s: die "
                        "netwerkcoördinator wijst haar toe, en u kunt de cliënt daarna niet "
                        "zoeken of toewijzen. Kies een andere gemeente, of vink onder de "
                        "gemeente aan dat u de cliënt bij %(ontvangend)s aanmeldt."
                    ),
                    code="buiten_werkgebied",
                    params={
                        "gemeente": gemeente.naam,
                        "eigen": self.netwerk.naam,
                        "ontvangend": ontvangend.naam,
                    },
                ),
            )
        return cleaned

    def client_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self._meta.fields}


class AanmeldingForm(AanmeldingFieldsMixin):
    pass


class MantelzorgerForm(forms.ModelForm):
    class Meta:
        model = Mantelzorger
        fields = ["naam", "relatie", "telefoon", "email", "is_primair"]


class UitstelForm(forms.Form):
    van = forms.DateField(
        label=_("Uitstel vanaf"), widget=DATE, initial=_today, validators=[validate_planned_date]
    )
    tot = forms.DateField(
        label=_("Weer beschikbaar op"),
        widget=DATE,
        validators=[validate_planned_date],
        help_text=_("De eerste dag dat de cliënt weer bereikbaar is; die dag telt als wachten."),
    )
    reden = forms.CharField(label=_("Reden"), required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["tot"] <= cleaned["van"]:
            raise ValidationError(_("‘Weer beschikbaar op’ ligt na het begin van het uitstel."))
        return cleaned


class AfmeldForm(forms.Form):
    datum = forms.DateField(
        label=_("Afgemeld op"), widget=DATE, initial=_today, validators=[validate_event_date]
    )
    reden = forms.ChoiceField(label=_("Reden"), choices=Afmeldreden.choices)


class NetwerkWijzigForm(forms.Form):
    netwerk = forms.ModelChoiceField(label=_("Netwerk"), queryset=Netwerk.objects.all())
    reden = forms.CharField(label=_("Reden"), max_length=300)


class ToewijzingForm(forms.Form):
    casemanager = forms.ModelChoiceField(
        label=_("Casemanager"), queryset=Casemanager.objects.none(), widget=forms.RadioSelect
    )
    override_reden = forms.CharField(
        label=_("Reden om boven de caseloadnorm toe te wijzen"),
        required=False,
        max_length=300,
        help_text=_(
            "Alleen nodig als de casemanager geen vrije plaats meer heeft; wordt vastgelegd."
        ),
    )

    def __init__(self, *args, casemanagers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casemanager"].queryset = casemanagers
        self.fields["casemanager"].label_from_instance = lambda cm: f"{cm} ({cm.organisatie})"


class FormulierSleutelField(forms.UUIDField):
    """A hidden key that makes posting the same form twice harmless: the service finds the
    first result instead of writing a second one. A form sent without it gets a fresh key
    when shown again, so the user can send it once more."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        melding = _(
            "Het formulier is niet volledig verstuurd. Controleer de gegevens en verstuur het "
            "opnieuw."
        )
        super().__init__(
            initial=uuid.uuid4, error_messages={"required": melding, "invalid": melding}, **kwargs
        )

    def bound_data(self, data, initial):
        return data or uuid.uuid4()


class FocusMixin:
    """Puts the focus where the user continues after HTMX swapped the form in: the first
    field with an error, else the first field to fill in (see static/js/app.js)."""

    eerste_veld = ""

    def focus_first(self) -> None:
        name = next(iter(self.errors), self.eerste_veld) if self.is_bound else self.eerste_veld
        field = self.fields.get(name)
        if field is not None and not field.widget.is_hidden:
            field.widget.attrs["data-focus-after-swap"] = ""


class ContactForm(FocusMixin, forms.Form):
    """Three required fields (date, kind, minutes), all three filled in already (today, a
    home visit, the usual minutes of the kind); the rest is optional."""

    eerste_veld = "type"
    idempotentie_sleutel = FormulierSleutelField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        soort = self.fields["type"]
        soort.widget.attrs["data-minuten-per-soort"] = json.dumps(
            {str(key): value for key, value in STANDAARD_MINUTEN.items()}
        )
        minuten = STANDAARD_MINUTEN[ContactType(soort.initial)]
        self.fields["minuten"].initial = minuten
        self.fields["minuten"].widget.attrs["data-standaard"] = str(minuten)

    def clean(self):
        # a hidden field's message would not be shown beside it: show it for the form
        if "idempotentie_sleutel" in self._errors:
            self.add_error(None, self._errors.pop("idempotentie_sleutel"))
        return super().clean()

    datum = forms.DateField(
        label=_("Datum"), widget=DATE, initial=_today, validators=[validate_event_date]
    )
    type = forms.ChoiceField(
        label=_("Soort contact"), choices=CONTACTSOORTEN_INVOER, initial=ContactType.HUISBEZOEK
    )
    minuten = forms.IntegerField(
        label=_("Minuten"),
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    met_wie = forms.MultipleChoiceField(
        label=_("Met wie"),
        choices=MetWie.choices,
        required=False,
        initial=[MetWie.CLIENT],
        widget=forms.CheckboxSelectMultiple,
    )
    notitie = forms.CharField(
        label=_("Korte notitie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntensiteitForm(forms.Form):
    intensiteit = forms.ChoiceField(label=_("Intensiteit"), choices=Intensiteit.choices)
    datum = forms.DateField(
        label=_("Vanaf"), widget=DATE, initial=_today, validators=[validate_planned_date]
    )


class WisselForm(forms.Form):
    casemanager = forms.ModelChoiceField(
        label=_("Nieuwe casemanager"), queryset=Casemanager.objects.none()
    )
    reden = forms.CharField(label=_("Reden van de wissel"), max_length=300)
    override_reden = forms.CharField(
        label=_("Reden om boven de caseloadnorm toe te wijzen"), required=False, max_length=300
    )

    def __init__(self, *args, casemanagers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casemanager"].queryset = casemanagers


class OverdrachtForm(forms.Form):
    naar_organisatie = forms.ModelChoiceField(
        label=_("Naar organisatie"), queryset=Organisatie.objects.none()
    )
    casemanager = forms.ModelChoiceField(
        label=_("Casemanager bij de nieuwe organisatie"),
        queryset=Casemanager.objects.none(),
        required=False,
        help_text=_("Leeg laten als de huidige casemanager bij de nieuwe organisatie werkt."),
    )
    reden = forms.CharField(label=_("Reden"), max_length=300)
    override_reden = forms.CharField(
        label=_("Reden om boven de caseloadnorm toe te wijzen"), required=False, max_length=300
    )

    def __init__(self, *args, organisaties, casemanagers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar_organisatie"].queryset = organisaties
        self.fields["casemanager"].queryset = casemanagers


class AfsluitForm(forms.Form):
    datum = forms.DateField(
        label=_("Afgesloten op"), widget=DATE, initial=_today, validators=[validate_event_date]
    )
    reden = forms.ChoiceField(label=_("Reden"), choices=Eindreden.choices)
    nazorg_dagen = forms.IntegerField(
        label=_("Nazorg mantelzorger (dagen)"),
        required=False,
        min_value=0,
        max_value=365,
        help_text=_("Leeg: 3 maanden na opname of overlijden, anders geen."),
    )


class IndicatieForm(forms.Form):
    uren = forms.DecimalField(
        label=_("Uren casemanagement"), min_value=0.5, max_value=500, decimal_places=1
    )
    periode_van = forms.DateField(
        label=_("Periode vanaf"), widget=DATE, initial=_today, validators=[validate_planned_date]
    )
    periode_tot = forms.DateField(
        label=_("Periode tot en met"), widget=DATE, validators=[validate_planned_date]
    )
    medeondertekening_door = forms.ModelChoiceField(
        label=_("Medeondertekening door (verpleegkundige)"),
        queryset=Casemanager.objects.none(),
        required=False,
        help_text=_("Nodig als u zelf een achtergrond in sociaal werk heeft."),
    )

    def __init__(self, *args, verpleegkundigen, opsteller_is_verpleegkundige: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if opsteller_is_verpleegkundige:
            # a verpleegkundige's own indication is valid as it is
            del self.fields["medeondertekening_door"]
        else:
            field = self.fields["medeondertekening_door"]
            field.queryset = verpleegkundigen
            field.required = True
            field.help_text = _(
                "U heeft een achtergrond in sociaal werk: de indicatie is pas geldig als een "
                "verpleegkundige haar medeondertekent. Die krijgt er een melding van."
            )
            field.error_messages["required"] = _(
                "Kies de verpleegkundige die de indicatie medeondertekent."
            )

    def clean(self):
        cleaned = super().clean()
        try:
            validate_period(cleaned.get("periode_van"), cleaned.get("periode_tot"))
        except ValidationError as error:
            self.add_error("periode_tot", error)
        return cleaned


class MetingenForm(FocusMixin, forms.Form):
    """The four outcome measurements, taken together, in one form: a field per instrument
    with its range in the label; what was not measured stays empty. At least one is needed,
    so no field says "(optioneel)" (accounts.forms.samen_verplicht)."""

    datum = forms.DateField(
        label=_("Datum van de meting"),
        widget=DATE,
        initial=_today,
        validators=[validate_event_date],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for type_ in MetingType:
            if type_ == MetingType.VOLHOUDTIJD:
                field = forms.ChoiceField(
                    label=_("Volhoudtijd mantelzorger: hoe lang houdt de mantelzorger het vol?"),
                    required=False,
                    choices=[("", _("Niet gemeten")), *Volhoudtijd.choices],
                )
            else:
                field = forms.DecimalField(
                    label=type_.label,
                    required=False,
                    max_digits=4,
                    decimal_places=1,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
            self.fields[type_.value] = field
        samen_verplicht(self, *[t.value for t in MetingType])

    def clean(self):
        cleaned = super().clean()
        for type_ in MetingType:
            try:
                validate_score(type_, cleaned.get(type_.value))
            except ValidationError as error:
                self.add_error(type_.value, error)
        if not any(cleaned.get(t.value) not in (None, "") for t in MetingType) and not any(
            t.value in self.errors for t in MetingType
        ):
            raise ValidationError(
                _("Vul ten minste één uitkomstmaat in; wat u niet heeft gemeten, laat u leeg."),
                code="geen_meting",
            )
        return cleaned

    def waarden(self) -> dict:
        return {t.value: self.cleaned_data.get(t.value) for t in MetingType}


class CasemanagerForm(forms.ModelForm):
    """Changes an existing profile; a new one comes from an invitation."""

    email = forms.EmailField(label=_("E-mailadres van de gebruiker"), required=False, disabled=True)

    class Meta:
        model = Casemanager
        fields = [
            "organisatie",
            "achtergrond",
            "fte",
            "werkgebied",
            "big_nummer",
            "registratie",
            "actief",
        ]
        widgets = {"werkgebied": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, organisaties, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties
        self.fields["werkgebied"].queryset = gemeenten
        self.fields["email"].initial = self.instance.user.email


class CasemanagerUitnodigingForm(forms.ModelForm):
    """What the coordinator fills in to invite a casemanager. The address is not looked up:
    the answer is the same whether or not it has an account (docs/decisions/0010)."""

    field_order = ["email", "naam"]

    class Meta:
        model = CasemanagerUitnodiging
        fields = [
            "email",
            "naam",
            "organisatie",
            "achtergrond",
            "fte",
            "werkgebied",
            "big_nummer",
            "registratie",
        ]
        labels = {"naam": _("Naam van de casemanager")}
        help_texts = {
            "email": _(
                "De casemanager krijgt hier een uitnodiging met een link. Het profiel wordt "
                "actief zodra de uitnodiging is aangenomen."
            )
        }
        widgets = {"werkgebied": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, organisaties, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties
        self.fields["werkgebied"].queryset = gemeenten

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_naam(self):
        naam = self.cleaned_data["naam"].strip()
        if not naam:
            raise ValidationError(_("Vul de naam van de casemanager in."))
        return naam


class UitnodigingAccountForm(forms.Form):
    """Someone without an account accepts an invitation: their name and a password."""

    naam = forms.CharField(label=_("Uw naam"), max_length=150)
    password = forms.CharField(
        label=_("Kies een wachtwoord"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lengths = [
            validator.min_length
            for validator in password_validation.get_default_password_validators()
            if isinstance(validator, password_validation.MinimumLengthValidator)
        ]
        self.fields["password"].help_text = _(
            "Minstens %(n)s tekens; geen veelgebruikt wachtwoord en niet alleen cijfers."
        ) % {"n": max(lengths, default=8)}

    def clean_naam(self):
        naam = self.cleaned_data["naam"].strip()
        if not naam:
            raise ValidationError(_("Vul uw naam in."))
        return naam

    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("De twee wachtwoorden zijn niet gelijk."))
        return cleaned


class VerhuisForm(forms.Form):
    naar_organisatie = forms.ModelChoiceField(
        label=_("Naar organisatie"), queryset=Organisatie.objects.none()
    )
    reden = forms.CharField(label=_("Reden"), max_length=300)

    def __init__(self, *args, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar_organisatie"].queryset = organisaties


class ZoekForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een cliënt"),
        required=False,
        max_length=100,
        help_text=_("Naam, geboortedatum (dd-mm-jjjj) of BSN."),
    )
