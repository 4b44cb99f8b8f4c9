"""REST API of the waitlist figures (mounted under /api/v1/ in the "api" namespace): a
network's waitlist on a peildatum, and the national inventory of every network the user may
see (wachtlijst.nza.api has the NZa quarterly figures).

Insurers get the figures as accounts.disclosure shows them (DESIGN.md rule 5): a suppressed
figure is null with ``<field>_onderdrukt: true``. Figures come from selectors.
"""

from __future__ import annotations

import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import disclosure
from accounts.dates import validate_event_date
from accounts.web import get_visible_or_404

from .forms import PEILDATUM_ONGELDIG
from .permissions import (
    can_view_landelijk,
    netwerken_voor_landelijk,
    zichtbare_inventarisatie,
    zichtbare_regel,
)
from .selectors import Categorie, inventarisatie, netwerk_cijfers

# --- Fields --------------------------------------------------------------------------------


def AantalPersonenField(**kwargs):
    return disclosure.AantalField(**kwargs)


def _dagen(source: str, help_text: str):
    return disclosure.OnderdrukbaarDecimalField(
        source=source, max_digits=6, decimal_places=1, help_text=help_text
    )


def _langste(source: str, help_text: str):
    return disclosure.AantalField(source=source, help_text=help_text)


def _percentage(source: str, help_text: str):
    return disclosure.OnderdrukbaarDecimalField(
        source=source, max_digits=4, decimal_places=1, help_text=help_text
    )


# --- Serializers ---------------------------------------------------------------------------


class NetwerkRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    naam = serializers.CharField(read_only=True)


class NetwerkWachtlijstSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = (
        "aantal_wachtend",
        "aantal_wenswachtend",
        "aantal_dreigt",
        "aantal_boven_treeknorm",
        "aantal_zes_weken_of_langer",
        "aantal_wijkverpleging",
        "mediaan_wachtdagen",
        "p90_wachtdagen",
        "langste_wachtdagen",
        "mediaan_wachtdagen_gecorrigeerd",
        "p90_wachtdagen_gecorrigeerd",
        "langste_wachtdagen_gecorrigeerd",
        "aantal_gestart",
        "percentage_gestart_binnen_treeknorm",
        "percentage_gestart_binnen_4_weken",
    )

    # a network's waitlist on the peildatum and the starts in the quarter before it
    netwerk = NetwerkRefSerializer(read_only=True)
    peildatum = serializers.DateField(read_only=True)
    aantal_wachtend = AantalPersonenField(
        source="samenvatting.aantal_wachtend",
        help_text=_("Op de peildatum wachtend op casemanagement (wenswachtenden inbegrepen)."),
    )
    aantal_wenswachtend = AantalPersonenField(
        source="samenvatting.aantal_wenswachtend",
        help_text=_("Wachtenden die op de peildatum uitstel op eigen verzoek hebben."),
    )
    aantal_wijkverpleging = AantalPersonenField(
        source="samenvatting.aantal_wijkverpleging",
        help_text=_("Wachtenden die op de peildatum al wijkverpleging krijgen."),
    )
    aantal_dreigt = AantalPersonenField(
        source="samenvatting.aantal_dreigt",
        help_text=_(
            "Gecorrigeerde wachttijd boven de signaalgrens van het netwerk, tot en met 42 dagen."
        ),
    )
    aantal_boven_treeknorm = AantalPersonenField(
        source="samenvatting.aantal_boven_treeknorm",
        help_text=_("Gecorrigeerde wachttijd langer dan 42 dagen."),
    )
    aantal_zes_weken_of_langer = AantalPersonenField(
        source="samenvatting.aantal_zes_weken_of_langer",
        help_text=_("NZa-wachttijd van 42 dagen of meer (NZa-transparantie)."),
    )
    mediaan_wachtdagen = _dagen(
        "samenvatting.mediaan_wachtdagen", _("Mediaan van de NZa-wachttijd van de wachtenden.")
    )
    p90_wachtdagen = _dagen(
        "samenvatting.p90_wachtdagen", _("90e percentiel van de NZa-wachttijd.")
    )
    langste_wachtdagen = _langste(
        "samenvatting.langste_wachtdagen", _("Langste NZa-wachttijd; leeg als niemand wacht.")
    )
    mediaan_wachtdagen_gecorrigeerd = _dagen(
        "samenvatting.mediaan_wachtdagen_gecorrigeerd",
        _("Mediaan van de wachttijd zonder uitstel op eigen verzoek."),
    )
    p90_wachtdagen_gecorrigeerd = _dagen(
        "samenvatting.p90_wachtdagen_gecorrigeerd",
        _("90e percentiel van de gecorrigeerde wachttijd."),
    )
    langste_wachtdagen_gecorrigeerd = _langste(
        "samenvatting.langste_wachtdagen_gecorrigeerd", _("Langste gecorrigeerde wachttijd.")
    )
    treeknorm_signaal_dagen = serializers.IntegerField(
        source="netwerk.treeknorm_signaal_dagen",
        read_only=True,
        help_text=_("Signaalgrens van het netwerk (dagen) waarboven de Treeknorm dreigt."),
    )
    kwartaal_vanaf = serializers.DateField(
        source="gestart.vanaf",
        read_only=True,
        help_text=_(
            "Begin van het kwartaal voor de peildatum: de gestarte cliënten hadden hun "
            "eerste contact vanaf deze dag tot de peildatum."
        ),
    )
    aantal_gestart = AantalPersonenField(
        source="gestart.aantal", help_text=_("In zorg genomen in het kwartaal voor de peildatum.")
    )
    percentage_gestart_binnen_treeknorm = _percentage(
        "gestart.percentage_binnen_treeknorm",
        _(
            "Deel van de in het kwartaal gestarte cliënten met een gecorrigeerde wachttijd "
            "van hoogstens 42 dagen. Leeg zonder starts."
        ),
    )
    percentage_gestart_binnen_4_weken = _percentage(
        "gestart.percentage_binnen_4_weken", _("Idem, binnen 4 weken (28 dagen).")
    )
    streefpercentage_binnen_4_weken = serializers.IntegerField(
        source="netwerk.streefpercentage_binnen_4_weken", read_only=True
    )


class LandelijkNetwerkSerializer(NetwerkWachtlijstSerializer):
    categorie = serializers.ChoiceField(
        choices=Categorie.choices,
        read_only=True,
        help_text=_("geen: niemand wacht; 1-99; 100+: 100 of meer wachtenden."),
    )


class NetwerkenPerCategorieSerializer(serializers.Serializer):
    # The number of networks per category, one property per category. The values (geen,
    # 1-99, 100+) are no Python names, so the fields are built here.
    def get_fields(self) -> dict:
        return {
            categorie.value: serializers.IntegerField(read_only=True) for categorie in Categorie
        }


class TotalenSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = (
        "aantal_wachtend",
        "aantal_wenswachtend",
        "aantal_boven_treeknorm",
        "aantal_zes_weken_of_langer",
        "aantal_wijkverpleging",
    )

    aantal_netwerken = serializers.IntegerField(read_only=True)
    netwerken_per_categorie = NetwerkenPerCategorieSerializer(read_only=True)
    aantal_wachtend = AantalPersonenField()
    aantal_wenswachtend = AantalPersonenField()
    aantal_boven_treeknorm = AantalPersonenField()
    aantal_zes_weken_of_langer = AantalPersonenField()
    aantal_wijkverpleging = AantalPersonenField()


class InventarisatieSerializer(serializers.Serializer):
    peildatum = serializers.DateField(read_only=True)
    netwerken = LandelijkNetwerkSerializer(source="regels", many=True, read_only=True)
    totalen = TotalenSerializer(read_only=True, help_text=_("Over alle netwerken in de lijst."))


class PeildatumQuerySerializer(serializers.Serializer):
    # empty or left out: today (as on the page)
    peildatum = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": PEILDATUM_ONGELDIG},
        validators=[validate_event_date],
    )


def _peildatum(request: Request) -> dt.date:
    params = PeildatumQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data.get("peildatum") or timezone.localdate()


class CanViewLandelijk(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_view_landelijk(request.user)


PEILDATUM_PARAMETER = OpenApiParameter(
    "peildatum",
    OpenApiTypes.DATE,
    description="De peildatum (jjjj-mm-dd), standaard vandaag; niet in de toekomst en niet "
    "voor 2000.",
)

# --- Views ---------------------------------------------------------------------------------


@extend_schema(
    summary="Wachtlijst van een netwerk op een peildatum",
    description="Wachtenden, wachttijden (NZa en gecorrigeerd) en het deel dat in het kwartaal "
    "voor de peildatum binnen de Treeknorm startte. Wat een zorgverzekeraar niet mag zien "
    "(minder dan 5 personen, of daaruit afgeleid) is null met <veld>_onderdrukt true.",
    parameters=[PEILDATUM_PARAMETER],
    responses={
        200: NetwerkWachtlijstSerializer,
        400: OpenApiResponse(description="Ongeldige peildatum, met de reden."),
        404: OpenApiResponse(description="Netwerk onbekend of niet in te zien."),
    },
)
@api_view(["GET"])
def netwerk_wachtlijst(request: Request, netwerk_pk: int) -> Response:
    netwerk = get_visible_or_404(netwerken_voor_landelijk(request.user), pk=netwerk_pk)
    cijfers = zichtbare_regel(
        netwerk_cijfers(netwerk, _peildatum(request)),
        onderdrukken=disclosure.moet_onderdrukken(request.user),
    )
    return Response(NetwerkWachtlijstSerializer(cijfers, context={"request": request}).data)


@extend_schema(
    summary="Landelijke inventarisatie van de wachtlijsten",
    description="Per netwerk dat de gebruiker mag inzien de cijfers van de wachtlijst en de "
    "categorie (geen, 1-99, 100+), met totalen. Signaalteam en beheer zien alle netwerken, een "
    "zorgverzekeraar zijn regio, een netwerkcoördinator zijn eigen netwerk.",
    parameters=[PEILDATUM_PARAMETER],
    responses={
        200: InventarisatieSerializer,
        400: OpenApiResponse(description="Ongeldige peildatum, met de reden."),
        403: OpenApiResponse(description="Deze rol ziet de inventarisatie niet."),
    },
)
@api_view(["GET"])
@permission_classes([IsAuthenticated, CanViewLandelijk])
def wachtlijst_landelijk(request: Request) -> Response:
    inventaris = zichtbare_inventarisatie(
        inventarisatie(netwerken_voor_landelijk(request.user), _peildatum(request)),
        onderdrukken=disclosure.moet_onderdrukken(request.user),
    )
    return Response(InventarisatieSerializer(inventaris, context={"request": request}).data)


urlpatterns = [
    path(
        "netwerken/<int:netwerk_pk>/wachtlijst/",
        netwerk_wachtlijst,
        name="netwerk-wachtlijst",
    ),
    path("wachtlijst/landelijk/", wachtlijst_landelijk, name="wachtlijst-landelijk"),
]
