"""The delivery format, versions 1 and 2: one serializer per record type. The API reads them from
JSON, the upload from the rows of a CSV/XLSX file with the same field names; both check
every record on its own with these, so a refusal names the record and the field the same
way. Described field by field in docs/aanleveren.md."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.dates import validate_event_date, validate_geboortedatum
from netwerk.models import Gemeente

from ..identifiers import validate_bsn
from ..models import (
    MAX_CONTACT_MINUTEN,
    MAX_MAAND_MINUTEN,
    Afmeldreden,
    Eindreden,
    Intensiteit,
    MetingType,
    Urgentie,
    VerwijzerType,
    Volhoudtijd,
)

# Version 2 added the month's contact minutes and made a delivered ``uitstel`` list the
# provider's whole list (a period left out goes); version 1 stays as it was (only adds).
VERSIE = 2
VERSIES = (1, 2)
MAX_RECORDS = 5000
SOORTEN = (
    "clienten",
    "aanmeldingen",
    "trajecten",
    "contactminuten",
    "metingen",
)  # also the order they are applied in

_DATUM = {"input_formats": ["iso-8601", "%d-%m-%Y"]}


def _django_validator(validator):
    """A Django validator as a DRF one, keeping its Dutch message."""

    def check(value):
        from django.core.exceptions import ValidationError

        try:
            validator(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    return check


class _Record(serializers.Serializer):
    bron_id = serializers.CharField(
        max_length=100,
        help_text=gettext_lazy("Uw eigen, vaste kenmerk van dit record (uniek per soort)."),
    )


class ClientRecord(_Record):
    bsn = serializers.CharField(max_length=20)
    voornaam = serializers.CharField(max_length=100)
    tussenvoegsel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    achternaam = serializers.CharField(max_length=100)
    geboortedatum = serializers.DateField(
        **_DATUM, validators=[_django_validator(validate_geboortedatum)]
    )
    gemeente = serializers.CharField(
        max_length=100, help_text=gettext_lazy("CBS-code (GM0518) of naam van de woongemeente.")
    )

    def validate_bsn(self, value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            return validate_bsn(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_gemeente(self, value: str) -> Gemeente:
        gemeente = (
            Gemeente.objects.filter(cbs_code__iexact=value.strip()).first()
            or Gemeente.objects.filter(naam__iexact=value.strip()).first()
        )
        if gemeente is None:
            raise serializers.ValidationError(_("Onbekende gemeente."))
        return gemeente


class UitstelRecord(serializers.Serializer):
    van = serializers.DateField(**_DATUM)
    tot = serializers.DateField(**_DATUM)
    reden = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs["tot"] <= attrs["van"]:
            raise serializers.ValidationError({"tot": _("Het uitstel eindigt na het begin.")})
        return attrs


class AanmeldingRecord(_Record):
    client = serializers.CharField(
        max_length=100, help_text=gettext_lazy("Het bron_id van de cliënt.")
    )
    aanmelddatum = serializers.DateField(
        **_DATUM, validators=[_django_validator(validate_event_date)]
    )
    verwijzer_type = serializers.ChoiceField(choices=VerwijzerType.choices)
    verwijzer_naam = serializers.CharField(max_length=150, required=False, allow_blank=True)
    urgentie = serializers.ChoiceField(choices=Urgentie.choices, required=False)
    vestiging_agb = serializers.RegexField(
        r"^\d{8}$",
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("AGB-code (8 cijfers) van uw vestiging die de cliënt behandelt."),
    )
    netwerk_reden = serializers.CharField(max_length=300, required=False, allow_blank=True)
    uitstel = UitstelRecord(many=True, required=False)
    afgemeld_op = serializers.DateField(
        **_DATUM,
        required=False,
        allow_null=True,
        validators=[_django_validator(validate_event_date)],
    )
    afmeldreden = serializers.ChoiceField(
        choices=Afmeldreden.choices, required=False, allow_blank=True
    )

    def validate(self, attrs):
        if attrs.get("afgemeld_op") and not attrs.get("afmeldreden"):
            raise serializers.ValidationError({"afmeldreden": _("Geef de reden van afmelding.")})
        if attrs.get("afgemeld_op") and attrs["afgemeld_op"] < attrs["aanmelddatum"]:
            raise serializers.ValidationError(
                {"afgemeld_op": _("De afmelding ligt voor de aanmelddatum.")}
            )
        return attrs


class TrajectRecord(_Record):
    aanmelding = serializers.CharField(
        max_length=100, help_text=gettext_lazy("Het bron_id van de aanmelding.")
    )
    casemanager_email = serializers.EmailField(
        help_text=gettext_lazy("E-mailadres van uw casemanager, zoals bekend in de applicatie.")
    )
    toegewezen_op = serializers.DateField(
        **_DATUM, validators=[_django_validator(validate_event_date)]
    )
    eerste_contact_op = serializers.DateField(
        **_DATUM,
        required=False,
        allow_null=True,
        validators=[_django_validator(validate_event_date)],
        help_text=gettext_lazy(
            "Eerste contact van de casemanager met de cliënt: stopt de wachttijd."
        ),
    )
    eerste_contact_minuten = serializers.IntegerField(
        min_value=1,
        max_value=MAX_CONTACT_MINUTEN,
        required=False,
        help_text=gettext_lazy(
            "Duur van het eerste contact in minuten (standaard 60); telt mee in het maandtotaal "
            "van zijn maand."
        ),
    )
    intensiteit = serializers.ChoiceField(choices=Intensiteit.choices, required=False)
    einddatum = serializers.DateField(
        **_DATUM,
        required=False,
        allow_null=True,
        validators=[_django_validator(validate_event_date)],
    )
    eindreden = serializers.ChoiceField(choices=Eindreden.choices, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs.get("einddatum") and not attrs.get("eindreden"):
            raise serializers.ValidationError({"eindreden": _("Geef de reden van het einde.")})
        return attrs


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-09"})
class MaandField(serializers.Field):
    """A calendar month as JJJJ-MM (or a date in it, as a spreadsheet makes of 2026-10):
    its first day."""

    default_error_messages = {
        "invalid": gettext_lazy("Geef de maand als JJJJ-MM, bijvoorbeeld 2026-10."),
        "te_vroeg": gettext_lazy("De maand ligt voor 2000."),
    }

    def to_internal_value(self, data) -> dt.date:
        if isinstance(data, dt.date):
            return dt.date(data.year, data.month, 1)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(data).strip())
        if match is None or not 1 <= int(match.group(2)) <= 12:
            self.fail("invalid")
        if int(match.group(1)) < 2000:
            self.fail("te_vroeg")
        return dt.date(int(match.group(1)), int(match.group(2)), 1)

    def to_representation(self, value: dt.date) -> str:
        return f"{value:%Y-%m}"


class ContactminutenRecord(_Record):
    traject = serializers.CharField(
        max_length=100, help_text=gettext_lazy("Het bron_id van het traject.")
    )
    maand = MaandField(help_text=gettext_lazy("De kalendermaand, JJJJ-MM."))
    minuten = serializers.IntegerField(
        min_value=0,
        max_value=MAX_MAAND_MINUTEN,
        help_text=gettext_lazy(
            "Alle contactminuten van de casemanagers met en voor deze cliënt in die maand, het "
            "eerste contact inbegrepen; 0 haalt een eerder aangeleverd totaal weg."
        ),
    )


class MetingRecord(_Record):
    traject = serializers.CharField(
        max_length=100, help_text=gettext_lazy("Het bron_id van het traject.")
    )
    datum = serializers.DateField(**_DATUM, validators=[_django_validator(validate_event_date)])
    type = serializers.ChoiceField(choices=MetingType.choices)
    score = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("QoL-AD 13-52, belasting 0-10, cliëntoordeel 1-10."),
    )
    volhoudtijd = serializers.ChoiceField(
        choices=Volhoudtijd.choices, required=False, allow_blank=True
    )


RECORD_SERIALIZERS: dict[str, type[_Record]] = {
    "clienten": ClientRecord,
    "aanmeldingen": AanmeldingRecord,
    "trajecten": TrajectRecord,
    "contactminuten": ContactminutenRecord,
    "metingen": MetingRecord,
}


class AanleveringSchema(serializers.Serializer):
    """The whole batch, for the OpenAPI schema (the service checks record by record)."""

    versie = serializers.IntegerField(
        help_text=gettext_lazy("Versie van het formaat: 2 (1 wordt nog aangenomen).")
    )
    netwerk = serializers.CharField(
        required=False, help_text=gettext_lazy("Optioneel: de slug van het netwerk.")
    )
    clienten = ClientRecord(many=True, required=False)
    aanmeldingen = AanmeldingRecord(many=True, required=False)
    trajecten = TrajectRecord(many=True, required=False)
    contactminuten = ContactminutenRecord(many=True, required=False)
    metingen = MetingRecord(many=True, required=False)


class RegelSchema(serializers.Serializer):
    soort = serializers.CharField()
    bron_id = serializers.CharField()
    resultaat = serializers.ChoiceField(
        choices=["aangemaakt", "bijgewerkt", "ongewijzigd", "geweigerd", "niet_verwerkt"]
    )
    fouten = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class OntvangstbewijsSchema(serializers.Serializer):
    aanlevering = serializers.IntegerField()
    versie = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=["verwerkt", "geweigerd"])
    aantallen = serializers.DictField(child=serializers.IntegerField())
    fouten = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    records = RegelSchema(many=True)


def _veldfouten() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        required=False,
        help_text=gettext_lazy("Per bron_id, per veld de redenen."),
    )


class VormfoutenSchema(serializers.Serializer):
    """The answer to a batch refused on its form (400): nothing applied, nothing kept."""

    status = serializers.CharField()
    fouten = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    clienten = _veldfouten()
    aanmeldingen = _veldfouten()
    trajecten = _veldfouten()
    contactminuten = _veldfouten()
    metingen = _veldfouten()
