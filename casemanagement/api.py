"""REST API of casemanagement (mounted under /api/v1/ in the "api" namespace): referrers'
systems register a client with an aanmelding, and read that aanmelding back.

The BSN goes in the request body only, never in a URL, and is only ever answered masked.
Every read of an aanmelding writes an access-log row, a refused one too; the creating
services write their own rows.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.actor import actor_of
from accounts.dates import validate_born_before, validate_event_date, validate_geboortedatum
from accounts.web import get_visible_or_404_logged
from netwerk.models import Gemeente, Organisatie

from . import services
from .aanlevering.api import AanleveringView
from .identifiers import validate_bsn
from .models import (
    Aanmelding,
    Geslacht,
    Uitstel,
    Urgentie,
    VerwijzerType,
    Woonsituatie,
)
from .models.clienten import normalise_postcode, validate_postcode
from .permissions import can_register_client

AANMELDINGEN_RATE = "120/min"


class AanmeldingenThrottle(ScopedRateThrottle):
    """Per user, for the "aanmeldingen" scope. Uses the rate in DEFAULT_THROTTLE_RATES when
    set there, else AANMELDINGEN_RATE, so a missing setting never turns into a 500."""

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, AANMELDINGEN_RATE)


class Status:
    WACHTEND = "wachtend"
    IN_ZORG = "in_zorg"
    AFGEMELD = "afgemeld"
    CHOICES = [
        (WACHTEND, gettext_lazy("Wachtend")),
        (IN_ZORG, gettext_lazy("In zorg (eerste contact gehad)")),
        (AFGEMELD, gettext_lazy("Afgemeld")),
    ]


def status_of(aanmelding: Aanmelding) -> str:
    if aanmelding.afgemeld_op is not None:
        return Status.AFGEMELD
    if aanmelding.eerste_contact_op is not None:
        return Status.IN_ZORG
    return Status.WACHTEND


# --- Serializers ----------------------------------------------------------------------------


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


class AanmeldingCreateSerializer(serializers.Serializer):
    """The client (looked up by BSN first) and the aanmelding, as the registration form."""

    bsn = serializers.CharField(
        max_length=12,
        write_only=True,
        help_text=gettext_lazy("Burgerservicenummer, 9 cijfers (elfproef)."),
    )
    voornaam = serializers.CharField(max_length=100)
    tussenvoegsel = _text(20)
    achternaam = serializers.CharField(max_length=100)
    geboortedatum = serializers.DateField(validators=[validate_geboortedatum])
    geslacht = serializers.ChoiceField(choices=Geslacht.choices, default=Geslacht.ONBEKEND)
    postcode = _text(7, help_text=gettext_lazy("4 cijfers en 2 letters, bijvoorbeeld 2514 EA."))
    woonplaats = _text(100)
    gemeente = serializers.CharField(
        max_length=6,
        help_text=gettext_lazy(
            "CBS-code van de woongemeente, bijvoorbeeld GM0518. De aanmelding gaat naar het "
            "netwerk van deze gemeente."
        ),
    )
    huisarts = _text(150)
    woonsituatie = serializers.ChoiceField(
        choices=Woonsituatie.choices, required=False, allow_blank=True, default=""
    )
    datum = serializers.DateField(
        validators=[validate_event_date],
        help_text=gettext_lazy("Datum van aanmelding; hier begint de wachttijd."),
    )
    verwijzer_type = serializers.ChoiceField(choices=VerwijzerType.choices)
    verwijzer_naam = _text(150)
    urgentie = serializers.ChoiceField(choices=Urgentie.choices, default=Urgentie.NORMAAL)
    ontvangt_wijkverpleging = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "De cliënt krijgt al wijkverpleging terwijl hij of zij wacht; false: nee of niet "
            "bekend."
        ),
    )
    notitie = _text(2000)
    organisatie_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text=gettext_lazy(
            "Aanbieder bij wie de cliënt wordt aangemeld; leeg voor een centrale aanmelding bij "
            "het netwerk. Een casemanager meldt altijd aan bij de eigen organisatie."
        ),
    )

    def validate_bsn(self, value: str) -> str:
        try:
            return validate_bsn(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_postcode(self, value: str) -> str:
        value = normalise_postcode(value)
        if value:
            try:
                validate_postcode(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from error
        return value

    def validate_gemeente(self, value: str) -> Gemeente:
        gemeente = Gemeente.objects.filter(cbs_code=value.strip().upper()).first()
        if gemeente is None:
            raise serializers.ValidationError(
                _("Onbekende gemeentecode. Gebruik de CBS-code, bijvoorbeeld GM0518.")
            )
        return gemeente

    def validate(self, data: dict) -> dict:
        try:
            validate_born_before(data.get("geboortedatum"), data.get("datum"))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"geboortedatum": error.messages}) from error
        return data

    def validate_organisatie_id(self, value: int | None) -> Organisatie | None:
        if value is None:
            return None
        organisatie = Organisatie.objects.filter(pk=value).first()
        if organisatie is None:
            raise serializers.ValidationError(_("Deze organisatie bestaat niet."))
        return organisatie


class AanmeldingCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    datum = serializers.DateField()
    netwerk = serializers.IntegerField()
    netwerk_naam = serializers.CharField()
    organisatie = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.CHOICES)
    client_id = serializers.IntegerField()
    client_bsn_gemaskeerd = serializers.CharField(
        help_text=gettext_lazy("Alleen de laatste drie cijfers, bijvoorbeeld ******782."),
    )
    client_bestond_al = serializers.BooleanField(
        help_text=gettext_lazy(
            "Waar als het BSN al bekend was: de aanmelding is dan aan de bestaande cliënt "
            "toegevoegd en de meegestuurde cliëntgegevens zijn niet gebruikt."
        )
    )


class AanmeldingDoorgestuurdSerializer(serializers.Serializer):
    melding = serializers.CharField(
        default=gettext_lazy(
            "De aanmelding is ontvangen en doorgestuurd naar de netwerkcoördinator die haar "
            "toewijst. U krijgt geen inzage in deze cliënt tot die aan uw organisatie is "
            "toegewezen."
        )
    )
    netwerk_naam = serializers.CharField(
        allow_blank=True,
        help_text=gettext_lazy(
            "Het netwerk van de opgegeven woongemeente als de cliënt nieuw was; leeg bij een "
            "cliënt die al bekend was."
        ),
    )


CLIENT_FIELDS = [
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "postcode",
    "woonplaats",
    "gemeente",
    "huisarts",
    "woonsituatie",
]
AANMELDING_FIELDS = [
    "datum",
    "verwijzer_type",
    "verwijzer_naam",
    "urgentie",
    "ontvangt_wijkverpleging",
    "notitie",
]


class UitstelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Uitstel
        fields = ["van", "tot", "reden"]
        read_only_fields = fields


class AanmeldingSerializer(serializers.ModelSerializer):
    netwerk_naam = serializers.CharField(source="netwerk.naam", read_only=True)
    organisatie_naam = serializers.CharField(
        source="organisatie.naam", read_only=True, allow_null=True, default=None
    )
    status = serializers.SerializerMethodField()
    client_naam = serializers.CharField(source="client.naam", read_only=True)
    client_bsn_gemaskeerd = serializers.CharField(source="client.bsn_masked", read_only=True)
    uitstellen = UitstelSerializer(many=True, read_only=True)

    class Meta:
        model = Aanmelding
        fields = [
            "id",
            "datum",
            "netwerk",
            "netwerk_naam",
            "organisatie",
            "organisatie_naam",
            "verwijzer_type",
            "verwijzer_naam",
            "urgentie",
            "ontvangt_wijkverpleging",
            "status",
            "toegewezen_op",
            "eerste_contact_op",
            "afgemeld_op",
            "afmeldreden",
            "uitstellen",
            "client",
            "client_naam",
            "client_bsn_gemaskeerd",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Status.CHOICES))
    def get_status(self, aanmelding: Aanmelding) -> str:
        return status_of(aanmelding)


# --- Views ----------------------------------------------------------------------------------


class MayRegisterClients(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_register_client(request.user)


# Service fields -> the request fields a referrer's system sent.
_REQUEST_FIELD = {
    "bsn_hash": "bsn",
    "organisatie": "organisatie_id",
    "vestiging": "organisatie_id",
    "netwerk_reden": "gemeente",
}


def _as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    detail = serializers.as_serializer_error(error)
    names = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **_REQUEST_FIELD}
    return serializers.ValidationError(
        {names.get(field, field): messages for field, messages in detail.items()}
    )


@extend_schema(tags=["aanmeldingen"])
class AanmeldingCreateView(APIView):
    permission_classes = [IsAuthenticated, MayRegisterClients]
    throttle_classes = [AanmeldingenThrottle]
    throttle_scope = "aanmeldingen"

    @extend_schema(
        operation_id="aanmelding_create",
        summary="Een cliënt aanmelden voor casemanagement dementie",
        description=(
            "Voor verwijzers en hun systemen (token-authenticatie), als casemanager of "
            "netwerkcoördinator. Registreert de cliënt en maakt de aanmelding bij het netwerk "
            "van de woongemeente. Is het BSN al bekend, dan moeten achternaam en "
            "geboortedatum kloppen met de registratie (anders 400, zonder te zeggen wat er "
            "geregistreerd staat); er komt geen tweede cliënt. 201: de aanmelding staat bij "
            "u en u kunt haar opvragen. 202: de aanmelding is doorgestuurd (naar een ander "
            "netwerk, of de cliënt was al bekend bij een andere aanbieder); de "
            "netwerkcoördinator daar wijst haar toe en u krijgt geen inzage. Het BSN komt "
            "alleen gemaskeerd terug."
        ),
        request=AanmeldingCreateSerializer,
        responses={
            201: AanmeldingCreatedSerializer,
            202: AanmeldingDoorgestuurdSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Ongeldige gegevens: per veld de Nederlandse foutmeldingen.",
            ),
            403: OpenApiResponse(description="Deze rol mag geen cliënten aanmelden."),
            429: OpenApiResponse(description="Te veel aanmeldingen in korte tijd."),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = AanmeldingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            registratie = services.client_register(
                actor=actor_of(request),
                bsn=data["bsn"],
                client_fields={name: data[name] for name in CLIENT_FIELDS},
                aanmelding_fields={name: data[name] for name in AANMELDING_FIELDS}
                | {"organisatie": data["organisatie_id"]},
            )
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
        if not registratie.zichtbaar:
            return Response(
                AanmeldingDoorgestuurdSerializer(
                    {"netwerk_naam": registratie.netwerk.naam if not registratie.bestond_al else ""}
                ).data,
                status=status.HTTP_202_ACCEPTED,
            )
        aanmelding = registratie.aanmelding
        body = {
            "id": aanmelding.pk,
            "datum": aanmelding.datum,
            "netwerk": aanmelding.netwerk_id,
            "netwerk_naam": aanmelding.netwerk.naam,
            "organisatie": aanmelding.organisatie_id,
            "status": status_of(aanmelding),
            "client_id": registratie.client.pk,
            "client_bsn_gemaskeerd": registratie.client.bsn_masked,
            "client_bestond_al": registratie.bestond_al,
        }
        return Response(AanmeldingCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["aanmeldingen"])
class AanmeldingDetailView(APIView):
    @extend_schema(
        operation_id="aanmelding_retrieve",
        summary="Een aanmelding met haar gebeurtenissen",
        description=(
            "Toewijzing, eerste contact, afmelding en uitstel op eigen verzoek, met de naam en "
            "het gemaskeerde BSN van de cliënt. Alleen voor wie de aanmelding mag zien; elke "
            "inzage (ook een geweigerde) komt in het toegangslog."
        ),
        responses={
            200: AanmeldingSerializer,
            404: OpenApiResponse(description="Onbekend, of niet in te zien voor deze gebruiker."),
        },
    )
    def get(self, request: Request, aanmelding_pk: int) -> Response:
        aanmelding = get_visible_or_404_logged(
            request,
            Aanmelding.objects.select_related("client", "netwerk", "organisatie").prefetch_related(
                "uitstellen"
            ),
            aanmelding_pk,
            lambda a: a.client_id,
        )
        return Response(AanmeldingSerializer(aanmelding).data)


urlpatterns = [
    path("aanmeldingen/", AanmeldingCreateView.as_view(), name="aanmelding-create"),
    path(
        "aanmeldingen/<int:aanmelding_pk>/",
        AanmeldingDetailView.as_view(),
        name="aanmelding-detail",
    ),
    path("aanlevering/", AanleveringView.as_view(), name="aanlevering"),
]
