"""REST API of the national comparison (mounted under /api/v1/ in the "api" namespace, via
rapportage.api). The same figures as the page, as accounts.disclosure shows them to the
reader: a suppressed figure is null with ``<field>_onderdrukt: true`` (decision 0016)."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import disclosure
from wachtlijst.landelijk.api import NetwerkRefSerializer
from wachtlijst.landelijk.permissions import netwerken_voor_landelijk

from .forms import VergelijkingForm
from .permissions import can_view_vergelijking
from .views import zichtbaar_voor


def _aantal(source: str | None, help_text: str):
    bron = {"source": source} if source else {}
    return disclosure.AantalField(help_text=help_text, **bron)


def _cijfer(source: str | None, help_text: str, max_digits: int = 6):
    bron = {"source": source} if source else {}
    return disclosure.OnderdrukbaarDecimalField(
        max_digits=max_digits, decimal_places=1, help_text=help_text, **bron
    )


class VergelijkingUitkomstSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = ("aantal_clienten", "gemiddelde")

    type = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    aantal_clienten = _aantal(
        None, _("Cliënten met een meting van deze uitkomstmaat in het kwartaal.")
    )
    gemiddelde = _cijfer(None, _("Gemiddelde score van die metingen."))


class NetwerkVergelijkingSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = (
        "aantal_wachtend",
        "aantal_zes_weken_of_langer",
        "mediaan_wachtdagen",
        "p90_wachtdagen",
        "aantal_gestart",
        "percentage_gestart_binnen_4_weken",
        "percentage_gestart_binnen_6_weken",
        "aantal_in_zorg",
        "clienten_per_fte",
        "bereik_percentage",
    )

    netwerk = NetwerkRefSerializer(read_only=True)
    uitgelicht = serializers.BooleanField(
        source="gemarkeerd",
        read_only=True,
        help_text=_(
            "Het gekozen netwerk (?netwerk=), anders voor een zorgverzekeraar de netwerken "
            "waar hij preferent is."
        ),
    )
    aantal_wachtend = _aantal(
        "wachtlijst.samenvatting.aantal_wachtend", _("Wachtend op de peildatum.")
    )
    aantal_zes_weken_of_langer = _aantal(
        "wachtlijst.samenvatting.aantal_zes_weken_of_langer",
        _("NZa-wachttijd van 42 dagen of meer op de peildatum."),
    )
    mediaan_wachtdagen = _cijfer(
        "wachtlijst.samenvatting.mediaan_wachtdagen", _("Mediaan van de NZa-wachttijd (dagen).")
    )
    p90_wachtdagen = _cijfer(
        "wachtlijst.samenvatting.p90_wachtdagen", _("90e percentiel van de NZa-wachttijd.")
    )
    aantal_gestart = _aantal("wachtlijst.gestart.aantal", _("In zorg genomen in het kwartaal."))
    percentage_gestart_binnen_4_weken = _cijfer(
        "wachtlijst.gestart.percentage_binnen_4_weken",
        _("Deel van de starts met een gecorrigeerde wachttijd van hoogstens 28 dagen."),
        4,
    )
    percentage_gestart_binnen_6_weken = _cijfer(
        "wachtlijst.gestart.percentage_binnen_treeknorm",
        _("Deel van de starts met een gecorrigeerde wachttijd van hoogstens 42 dagen."),
        4,
    )
    aantal_in_zorg = _aantal("in_zorg", _("Cliënten in zorg op de peildatum."))
    fte_casemanagers = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, read_only=True
    )
    caseload_norm = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        coerce_to_string=False,
        read_only=True,
        help_text=_("Caseloadnorm van het netwerk (cliënten per fte)."),
    )
    clienten_per_fte = _cijfer(None, _("Cliënten in zorg per fte casemanager."))
    inwoners_65_plus = serializers.IntegerField(read_only=True)
    bevolkingsjaar = serializers.IntegerField(read_only=True, allow_null=True)
    prevalentie_thuiswonend = serializers.DecimalField(
        source="netwerk.prevalentie_thuiswonend",
        max_digits=4,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
    )
    verwachte_mensen_met_dementie = serializers.IntegerField(
        read_only=True,
        help_text=_("65-plussers in het werkgebied × de prevalentie van het netwerk / 100."),
    )
    bereik_percentage = _cijfer(
        None, _("Cliënten in zorg als % van de verwachte mensen met dementie.")
    )
    uitkomsten = VergelijkingUitkomstSerializer(many=True, read_only=True)
    aanbieder_vestigingen = serializers.IntegerField(
        source="aanlevering.vestigingen",
        read_only=True,
        help_text=_("Actieve vestigingen van de aanbieders van casemanagement op de peildatum."),
    )
    vestigingen_bevestigd = serializers.IntegerField(
        source="aanlevering.bevestigd",
        read_only=True,
        help_text=_("Daarvan: NZa-cijfers voor de peildatum bevestigd of gecorrigeerd."),
    )
    percentage_bevestigd = serializers.DecimalField(
        source="aanlevering.percentage",
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=_("Volledigheid van de aanlevering; leeg zonder vestigingen."),
    )


class VergelijkingTotalenSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = ("aantal_wachtend", "aantal_zes_weken_of_langer", "aantal_in_zorg")

    aantal_netwerken = serializers.IntegerField(source="totalen.aantal_netwerken", read_only=True)
    aantal_wachtend = _aantal("totalen.aantal_wachtend", _("Over alle netwerken in de lijst."))
    aantal_zes_weken_of_langer = _aantal("totalen.aantal_zes_weken_of_langer", "")
    aantal_in_zorg = _aantal(None, "")


class VergelijkingSerializer(serializers.Serializer):
    kwartaal = serializers.CharField(source="periode.code", read_only=True)
    kwartaal_label = serializers.CharField(source="periode.label", read_only=True)
    begin = serializers.DateField(source="periode.begin", read_only=True)
    eind = serializers.DateField(source="periode.eind", read_only=True)
    peildatum = serializers.DateField(read_only=True)
    netwerken = NetwerkVergelijkingSerializer(source="regels", many=True, read_only=True)
    totalen = VergelijkingTotalenSerializer(source="*", read_only=True)


class CanViewVergelijking(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_view_vergelijking(request.user)


@extend_schema(
    summary="Landelijke vergelijking van de netwerken per kwartaal",
    description="Per netwerk: wachtenden en wachttijden op de peildatum, gestart binnen 4 en 6 "
    "weken, cliënten per fte tegen de caseloadnorm, bereik tegen het verwachte aantal mensen "
    "met dementie en de gemiddelde uitkomstscores. Signaalteam en beheer zien alle netwerken, "
    "een zorgverzekeraar zijn regio. Wat een zorgverzekeraar niet mag zien (minder dan 5 "
    "personen, of daaruit terug te rekenen) is null met <veld>_onderdrukt true.",
    parameters=[
        OpenApiParameter(
            "kwartaal",
            OpenApiTypes.STR,
            description="Een afgesloten kwartaal, bijvoorbeeld 2026Q3; standaard het laatste.",
        ),
        OpenApiParameter("netwerk", OpenApiTypes.INT, description="Uit te lichten netwerk."),
    ],
    responses={
        200: VergelijkingSerializer,
        400: OpenApiResponse(description="Ongeldig kwartaal of netwerk, met de reden."),
        403: OpenApiResponse(description="Deze rol ziet de vergelijking niet."),
    },
)
@api_view(["GET"])
@permission_classes([IsAuthenticated, CanViewVergelijking])
def vergelijking_api(request: Request) -> Response:
    netwerken = netwerken_voor_landelijk(request.user)
    form = VergelijkingForm(
        request.query_params, vandaag=timezone.localdate(), netwerken=netwerken.order_by("pk")
    )
    if not form.is_valid():
        raise ValidationError({veld: list(fouten) for veld, fouten in form.errors.items()})
    _keuze, zichtbaar = zichtbaar_voor(request, form, netwerken)
    return Response(VergelijkingSerializer(zichtbaar, context={"request": request}).data)


urlpatterns = [
    path("vergelijking/", vergelijking_api, name="vergelijking"),
]
