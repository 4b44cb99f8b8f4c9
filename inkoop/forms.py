from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerk.models import Netwerk, Organisatie, Zorgverzekeraar

from .models import Contract, ContractIndicator, ContractStatus

JAAR_MIN = 2000
JAAR_MAX = 2100
JAAR_ERRORS = {
    "invalid": _("Vul het jaar in cijfers in, bijvoorbeeld 2026."),
    "min_value": _("Kies een jaar tussen 2000 en 2100."),
    "max_value": _("Kies een jaar tussen 2000 en 2100."),
}


def jaar_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Jaar"),
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        error_messages=JAAR_ERRORS,
        **kwargs,
    )


class ContractForm(forms.ModelForm):
    """A contract's terms. For an insurer the zorgverzekeraar is fixed to the insurer it acts
    for (pass ``zorgverzekeraar``) and the field is not shown; a beheerder picks one. The
    status is not a field: it changes through offering, accepting, declining and ending
    (inkoop.services), so nobody declares their own contract agreed."""

    class Meta:
        model = Contract
        fields = [
            "zorgverzekeraar",
            "organisatie",
            "netwerk",
            "jaar",
            "volume_clienten",
            "volume_uren",
            "tarief_per_uur",
            "aansluiting_vereist",
            "conform_zorgstandaard",
            "resultaatafspraken",
        ]
        widgets = {"resultaatafspraken": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"jaar": JAAR_ERRORS}

    def __init__(self, *args, zorgverzekeraar: Zorgverzekeraar | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if zorgverzekeraar is not None:
            del self.fields["zorgverzekeraar"]
            self.instance.zorgverzekeraar = zorgverzekeraar
        else:
            self.fields["zorgverzekeraar"].queryset = Zorgverzekeraar.objects.order_by("naam")
        # Insurers contract any organisation for any region; the list flags the contracts
        # whose organisation is not affiliated or whose network lies outside the region.
        self.fields["organisatie"].queryset = Organisatie.objects.order_by("naam")
        self.fields["netwerk"].queryset = Netwerk.objects.order_by("naam")
        self.fields["volume_clienten"].help_text = _(
            "Vul het volume in cliënten, in uren of allebei in."
        )


class ContractAfwijzenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van afwijzing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("De zorgverzekeraar ziet deze reden bij het contract."),
        error_messages={
            "required": _("Geef aan waarom het netwerk het contract niet accepteert."),
            "max_length": _("Houd de reden korter dan 2000 tekens."),
        },
    )


class ContractIndicatorForm(forms.ModelForm):
    class Meta:
        model = ContractIndicator
        fields = ["naam", "eenheid", "streefwaarde"]


class ContractFilterForm(forms.Form):
    """Filters of the contract list. Every field is optional; an invalid value is reported
    and that filter ignored, the others still apply."""

    jaar = jaar_field(required=False)
    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"),
        queryset=Netwerk.objects.none(),
        required=False,
        empty_label=_("Alle netwerken"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statussen")), *ContractStatus.choices],
        required=False,
    )
    signalen = forms.BooleanField(label=_("Alleen contracten met een signaal"), required=False)

    def __init__(self, *args, netwerken, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["netwerk"].queryset = netwerken

    def filters(self) -> dict:
        """The valid filters (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return {
            "jaar": data.get("jaar"),
            "netwerk": data.get("netwerk"),
            "status": data.get("status") or "",
            "alleen_signalen": bool(data.get("signalen")),
        }

    def querystring(self) -> str:
        """The valid filters as a query string, for the pagination links."""
        filters = self.filters()
        return urlencode(
            {
                key: value
                for key, value in {
                    "jaar": filters["jaar"] or "",
                    "netwerk": filters["netwerk"].pk if filters["netwerk"] else "",
                    "status": filters["status"],
                    "signalen": "on" if filters["alleen_signalen"] else "",
                }.items()
                if value
            }
        )


class JaarForm(forms.Form):
    jaar = jaar_field(required=False)

    def jaar_or(self, default: int) -> int:
        """The chosen year, or the default when none or an invalid one was given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["jaar"] is not None:
            return self.cleaned_data["jaar"]
        return default


class CapaciteitFactorenForm(forms.ModelForm):
    """The network's factors of the capacity calculation (saved by netwerk.services)."""

    class Meta:
        model = Netwerk
        fields = ["prevalentie_thuiswonend", "aandeel_vraag_casemanagement", "caseload_norm"]
        # Dutch decimals: shown as "5,60" and "40,0", typed with a comma (or a point)
        localized_fields = ["prevalentie_thuiswonend", "caseload_norm"]
        widgets = {
            "prevalentie_thuiswonend": forms.TextInput(attrs={"inputmode": "decimal"}),
            "caseload_norm": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        # A typed "5.6" means 5,6: with thousand separators on, Django would read the point
        # as one and make it 56.
        data = kwargs.get("data") if "data" in kwargs else (args[0] if args else None)
        if data is not None:
            data = data.copy()
            for name in ("prevalentie_thuiswonend", "caseload_norm"):
                value = (data.get(name) or "").strip()
                if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", value):  # a number, not any text
                    data[name] = value.replace(".", ",")
            if "data" in kwargs:
                kwargs["data"] = data
            elif args:
                args = (data, *args[1:])
        super().__init__(*args, **kwargs)
