"""Forms of the signaalteam app. They collect input; the services decide."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.dates import (
    dag_tekst,
    validate_event_date,
    validate_period,
    validate_planned_date,
)
from accounts.forms import samen_verplicht
from netwerk.models import Gemeente, Netwerk

from .models import (
    CLOSED_STATUSES,
    MELDER_FIELDS,
    ActieType,
    Bron,
    Categorie,
    MelderType,
    Signaal,
    SignaalStatus,
    validate_telefoon,
)
from .validators import validate_geen_bsn

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATUM_ERRORS = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")}
MAX_ZOEKTEKST = 200


def _today() -> dt.date:
    return timezone.localdate()


def datum_field(label, *, rule, **kwargs) -> forms.DateField:
    """A date input with the rule of accounts.dates that fits what it records."""
    return forms.DateField(
        label=label, widget=DATE, error_messages=DATUM_ERRORS, validators=[rule], **kwargs
    )


def _check_period(form: forms.Form, data: dict) -> None:
    try:
        validate_period(data.get("van"), data.get("tot"))
    except forms.ValidationError as error:
        form.add_error("tot", error)


# --- The overview --------------------------------------------------------------------------

STATUS_FILTERS = [
    ("", _("Alle statussen")),
    ("open", _("Open (gemeld of in behandeling)")),
    ("gesloten", _("Gesloten (met of zonder oplossing)")),
    *SignaalStatus.choices,
]


class SignaalFilterForm(forms.Form):
    """Filters of the overview. Every field is optional; an invalid value is reported and
    that filter left out, the others still apply."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=MAX_ZOEKTEKST,
        help_text=_("In titel, omschrijving en acties; ook een referentie als SIG-2026-0042."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    categorie = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[("", _("Alle categorieën")), *Categorie.choices],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"),
        queryset=Netwerk.objects.none(),
        required=False,
        empty_label=_("Alle netwerken"),
    )
    regio = forms.CharField(label=_("Regio"), required=False, max_length=100)
    eigenaar = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=None, required=False, empty_label=_("Iedereen")
    )
    van = datum_field(_("Periode van"), rule=validate_planned_date, required=False)
    tot = datum_field(_("tot en met"), rule=validate_planned_date, required=False)

    def __init__(self, *args, netwerken, eigenaren, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["netwerk"].queryset = netwerken
        self.fields["eigenaar"].queryset = eigenaren

    def clean(self):
        data = super().clean()
        _check_period(self, data)
        return data

    def filters(self) -> dict:
        """The valid filters (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "categorie": data.get("categorie") or "",
            "status": data.get("status") or "",
            "netwerk": data.get("netwerk"),
            "regio": data.get("regio") or "",
            "eigenaar": data.get("eigenaar"),
            "van": data.get("van"),
            "tot": data.get("tot"),
        }

    def querystring(self) -> str:
        """The valid filters as a query string, for pagination and export links."""
        filters = self.filters()
        values = {
            "q": filters["q"],
            "categorie": filters["categorie"],
            "status": filters["status"],
            "netwerk": filters["netwerk"].pk if filters["netwerk"] else "",
            "regio": filters["regio"],
            "eigenaar": filters["eigenaar"].pk if filters["eigenaar"] else "",
            "van": filters["van"].isoformat() if filters["van"] else "",
            "tot": filters["tot"].isoformat() if filters["tot"] else "",
        }
        return urlencode({key: value for key, value in values.items() if value})


class PeriodeForm(forms.Form):
    """The period of the PDF overview; by default this calendar year up to today."""

    van = datum_field(_("Van"), rule=validate_planned_date, required=False)
    tot = datum_field(_("Tot en met"), rule=validate_planned_date, required=False)

    def clean(self):
        data = super().clean()
        _check_period(self, data)
        return data

    def periode(self) -> tuple[dt.date, dt.date]:
        vandaag = _today()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        tot = data.get("tot") or vandaag
        van = data.get("van") or dt.date(tot.year, 1, 1)
        return van, tot


# --- Registering and the workflow ---------------------------------------------------------


class SignaalForm(forms.ModelForm):
    """A signal registered or edited by the signaalteam."""

    class Meta:
        model = Signaal
        fields = [
            "titel",
            "omschrijving",
            "categorie",
            "netwerken",
            "regio",
            "betrokken_partijen",
            "eigenaar",
            "ontvangen_op",
            "melder_type",
            "melder_naam",
            "melder_organisatie",
            "melder_email",
            "melder_telefoon",
        ]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 6}),
            "betrokken_partijen": forms.Textarea(attrs={"rows": 3}),
            "netwerken": forms.SelectMultiple(attrs={"size": 8}),
            "ontvangen_op": DATE,
            "melder_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "melder_telefoon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        error_messages = {"ontvangen_op": DATUM_ERRORS}

    def __init__(self, *args, eigenaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["netwerken"].queryset = Netwerk.objects.order_by("naam")
        self.fields["netwerken"].help_text = _(
            "Houd Ctrl (of Cmd) ingedrukt om meer netwerken te kiezen."
        )
        self.fields["eigenaar"].queryset = eigenaren
        self.fields["eigenaar"].empty_label = _("Nog niemand")
        self.fields["ontvangen_op"].initial = _today
        if self.instance.bron == Bron.SYSTEEM:
            # Raised from the figures: there is no melder to record.
            for name in ("melder_type", *MELDER_FIELDS):
                del self.fields[name]
            return
        self.fields["melder_type"].choices = [
            choice for choice in MelderType.choices if choice[0] != MelderType.SYSTEEM
        ]
        self.fields["melder_naam"].help_text = _(
            "Alleen het signaalteam ziet de gegevens van de melder. Ze worden verwijderd als "
            "de bewaartermijn na het sluiten voorbij is."
        )


class TakeUpForm(forms.Form):
    eigenaar = forms.ModelChoiceField(label=_("Eigenaar"), queryset=None)
    datum = datum_field(_("In behandeling genomen op"), rule=validate_event_date)

    def __init__(self, *args, eigenaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].queryset = eigenaren
        self.fields["datum"].initial = _today


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Uitkomst"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in SignaalStatus if s in CLOSED_STATUSES],
    )
    oplossing = forms.CharField(
        label=_("Samenvatting van de oplossing"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        validators=[validate_geen_bsn],
        help_text=_("Wat is er bereikt, of waarom sluit het signaal zonder oplossing?"),
        error_messages={"required": _("Vat de oplossing samen, of waarom het signaal sluit.")},
    )
    datum = datum_field(_("Gesloten op"), rule=validate_event_date)

    def __init__(self, *args, signaal: Signaal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = _today
        self.open_opvolgingen = list(
            signaal.acties.filter(opvolgdatum__isnull=False, opgevolgd=False).order_by(
                "opvolgdatum", "pk"
            )
        )
        if self.open_opvolgingen:
            # Closing while a follow-up is still planned is allowed, but only knowingly.
            eerste = self.open_opvolgingen[0].opvolgdatum
            self.fields["toch_sluiten"] = forms.BooleanField(
                label=_("Toch sluiten, ook al staat de opvolging nog gepland"),
                help_text=ngettext(
                    "Er staat nog %(n)s afspraak open om op te volgen (op %(datum)s).",
                    "Er staan nog %(n)s afspraken open om op te volgen (de eerste op %(datum)s).",
                    len(self.open_opvolgingen),
                )
                % {"n": len(self.open_opvolgingen), "datum": dag_tekst(eerste)},
                error_messages={
                    "required": _(
                        "Er staat nog een opvolging gepland. Volg die eerst op, of vink aan "
                        "dat u het signaal toch wilt sluiten."
                    )
                },
            )
        if signaal.status == SignaalStatus.GEMELD:
            # Not taken up yet: it can only close without a resolution (duplicate, spam).
            self.fields["status"].choices = [
                (
                    SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
                    SignaalStatus.GESLOTEN_ZONDER_OPLOSSING.label,
                )
            ]
            self.fields["status"].initial = SignaalStatus.GESLOTEN_ZONDER_OPLOSSING


class ReopenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden om te heropenen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        validators=[validate_geen_bsn],
        error_messages={"required": _("Geef de reden om het signaal te heropenen.")},
    )


class ActieForm(forms.Form):
    """An action on the timeline. Pass the types the user may add; with one type (a
    coordinator's update from the region) the choice is not shown."""

    type = forms.ChoiceField(label=_("Soort actie"))
    datum = datum_field(_("Datum"), rule=validate_event_date)
    tekst = forms.CharField(
        label=_("Wat is er gebeurd of afgesproken?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        validators=[validate_geen_bsn],
        help_text=_(
            "Zichtbaar voor de netwerkcoördinator en de zorgverzekeraar van het netwerk: noem "
            "geen namen of contactgegevens van de melder en geen gegevens van cliënten."
        ),
    )
    opvolgdatum = datum_field(
        _("Opvolgen op"),
        rule=validate_planned_date,
        required=False,
        help_text=_("Alleen bij een afspraak: de afspraak komt dan op de lijst van de eigenaar."),
    )

    def __init__(self, *args, types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(t, ActieType(t).label) for t in types]
        self.fields["datum"].initial = _today
        if len(types) == 1:
            self.fields["type"].widget = forms.HiddenInput()
            self.fields["type"].initial = types[0]
            if types[0] != ActieType.AFSPRAAK:
                del self.fields["opvolgdatum"]

    def clean(self):
        data = super().clean()
        if data.get("opvolgdatum") and data.get("type") != ActieType.AFSPRAAK:
            self.add_error("opvolgdatum", _("Alleen een afspraak heeft een opvolgdatum."))
        return data


# --- The public meldpunt -------------------------------------------------------------------

# What a melder chooses, in everyday words, and the category it becomes.
MELDPUNT_ONDERWERPEN = [
    (Categorie.WACHTLIJST.value, _("Er is een wachtlijst: casemanagement begint niet op tijd")),
    (Categorie.CONTINUITEIT.value, _("De vaste casemanager stopt of wordt vervangen")),
    (Categorie.NETWERK.value, _("Een zorgaanbieder of het dementienetwerk stopt of verandert")),
    (Categorie.FINANCIERING.value, _("Casemanagement wordt niet vergoed of niet ingekocht")),
    (Categorie.INDICATIESTELLING.value, _("Er is een probleem met de indicatie")),
    (Categorie.PERSONEEL.value, _("Er zijn te weinig casemanagers")),
    (Categorie.OVERIG.value, _("Iets anders")),
]
HONEYPOT_FIELD = "website"


class MeldpuntForm(forms.Form):
    """The public report form: who you are and how to reach you, where, and what is wrong.
    No BSN, no date of birth, no address, no medical details."""

    melder_type = forms.ChoiceField(
        label=_("Ik meld als"),
        widget=forms.RadioSelect,
        choices=[c for c in MelderType.choices if c[0] != MelderType.SYSTEEM],
    )
    naam = forms.CharField(
        label=_("Uw naam"),
        max_length=150,
        validators=[validate_geen_bsn],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisatie = forms.CharField(
        label=_("Uw organisatie"),
        required=False,
        max_length=200,
        validators=[validate_geen_bsn],
        help_text=_("Alleen als u meldt vanuit uw werk."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telefoon = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=20,
        validators=[validate_telefoon],
        help_text=_("Vul een e-mailadres of een telefoonnummer in, of allebei."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    netwerk = forms.ModelChoiceField(
        label=_("Dementienetwerk"),
        queryset=Netwerk.objects.order_by("naam"),
        required=False,
        empty_label=_("Weet ik niet"),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Gemeente.objects.filter(actief=True).order_by("naam"),
        required=False,
        empty_label=_("Kies een gemeente"),
        help_text=_("Kies het netwerk, de gemeente, of allebei."),
    )
    categorie = forms.ChoiceField(
        label=_("Wat is er aan de hand?"), widget=forms.RadioSelect, choices=MELDPUNT_ONDERWERPEN
    )
    omschrijving = forms.CharField(
        label=_("Vertel wat er gebeurt"),
        max_length=4000,
        validators=[validate_geen_bsn],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Wat u hier schrijft, lezen het landelijk signaalteam, de coördinator van het "
            "dementienetwerk en de zorgverzekeraar van de regio. Noem daarom geen namen. "
            "Schrijf geen burgerservicenummer (BSN) en geen medische gegevens op, zoals een "
            "diagnose of medicijnen. Die hebben wij niet nodig."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # one of each pair is needed (their help texts say so): neither says "(optioneel)"
        samen_verplicht(self, "email", "telefoon", "netwerk", "gemeente")

    def clean(self):
        data = super().clean()
        unreachable = not data.get("email") and not data.get("telefoon")
        if unreachable and "email" not in self.errors and "telefoon" not in self.errors:
            self.add_error(
                "email",
                _("Vul een e-mailadres of een telefoonnummer in, zodat wij u kunnen bereiken."),
            )
        if not data.get("netwerk") and not data.get("gemeente"):
            self.add_error("netwerk", _("Kies het netwerk of de gemeente waar het om gaat."))
        return data
