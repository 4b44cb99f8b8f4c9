"""REST API of the inkoop app (mounted under /api/v1/ in the "api" namespace): the contracts
a user may see, and a network's capacity figures."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.web import get_visible_or_404
from netwerk.models import Netwerk

from . import selectors
from .forms import JAAR_ERRORS, JAAR_MAX, JAAR_MIN
from .models import Contract, ContractIndicator, ContractStatus
from .permissions import can_list_contracten, can_view_capaciteit, can_view_tarief


def _jaar_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=JAAR_MIN, max_value=JAAR_MAX, error_messages=JAAR_ERRORS, **kwargs
    )


# --- Contracten ----------------------------------------------------------------------------


class ContractIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractIndicator
        fields = ["id", "naam", "eenheid", "streefwaarde"]


class ContractSerializer(serializers.ModelSerializer):
    zorgverzekeraar_naam = serializers.CharField(source="zorgverzekeraar.naam", read_only=True)
    organisatie_naam = serializers.CharField(source="organisatie.naam", read_only=True)
    netwerk_naam = serializers.CharField(source="netwerk.naam", read_only=True)
    tarief_per_uur = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        allow_null=True,
        read_only=True,
        help_text=_(
            "Alleen gevuld voor de zorgverzekeraar van het contract en voor beheerders; "
            "tarieven zijn vertrouwelijk."
        ),
    )
    signalen = serializers.SerializerMethodField(
        help_text=_(
            "Waarom het contract aandacht vraagt: organisatie niet aangesloten als "
            "aanbieder van casemanagement, of netwerk buiten de regio van de verzekeraar. "
            "Leeg als het contract in orde is."
        )
    )
    indicatoren = ContractIndicatorSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(
        choices=ContractStatus.choices,
        read_only=True,
        help_text=_(
            "concept en aangeboden: nog niet overeengekomen; afgesloten: door het netwerk "
            "geaccepteerd (telt mee in de capaciteit); beeindigd."
        ),
    )
    geaccepteerd_op = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_("Wanneer het netwerk het contract accepteerde; leeg als het dat niet deed."),
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "zorgverzekeraar",
            "zorgverzekeraar_naam",
            "organisatie",
            "organisatie_naam",
            "netwerk",
            "netwerk_naam",
            "jaar",
            "volume_uren",
            "volume_clienten",
            "tarief_per_uur",
            "aansluiting_vereist",
            "conform_zorgstandaard",
            "resultaatafspraken",
            "status",
            "geaccepteerd_op",
            "signalen",
            "indicatoren",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_signalen(self, contract: Contract) -> list[str]:
        return [signaal.tekst for signaal in selectors.signalen(contract)]

    def to_representation(self, contract: Contract) -> dict:
        data = super().to_representation(contract)
        if not can_view_tarief(self.context["request"].user, contract):
            data["tarief_per_uur"] = None
        return data


class CanListContracten(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_list_contracten(request.user)


class ContractFilterSerializer(serializers.Serializer):
    jaar = _jaar_field(required=False)
    netwerk = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=ContractStatus.choices, required=False)
    signalen = serializers.BooleanField(required=False, default=False)


@extend_schema(
    summary="Contracten die de gebruiker mag inzien",
    description="Een zorgverzekeraar ziet alleen zijn eigen contracten, een "
    "netwerkcoördinator die voor zijn netwerk; beheer en signaalteam zien alle contracten. "
    "Alleen lezen: een contract aanbieden, accepteren, afwijzen of beëindigen gaat via de "
    "contractpagina's, en alleen het netwerk (of beheer) accepteert een contract.",
    parameters=[
        OpenApiParameter("jaar", OpenApiTypes.INT, description="Alleen contracten van dit jaar"),
        OpenApiParameter("netwerk", OpenApiTypes.INT, description="Alleen voor dit netwerk (id)"),
        OpenApiParameter("status", OpenApiTypes.STR, enum=ContractStatus.values),
        OpenApiParameter(
            "signalen", OpenApiTypes.BOOL, description="Alleen contracten met een signaal"
        ),
    ],
    responses={
        200: ContractSerializer(many=True),
        400: OpenApiResponse(description="Ongeldig filter, met de reden per parameter."),
        403: OpenApiResponse(description="Deze rol ziet geen contracten."),
        404: OpenApiResponse(description="Deze pagina bestaat niet."),
    },
)
class ContractListView(generics.ListAPIView):
    serializer_class = ContractSerializer
    permission_classes = [IsAuthenticated, CanListContracten]

    def get_queryset(self):
        params = ContractFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        return selectors.contract_list(
            Contract.objects.visible_to(self.request.user),
            jaar=filters.get("jaar"),
            netwerk=filters.get("netwerk"),
            status=filters.get("status", ""),
            alleen_signalen=filters.get("signalen", False),
        ).prefetch_related("indicatoren")


# --- Capaciteit ----------------------------------------------------------------------------


def _figure(decimal_places: int, max_digits: int = 12) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=max_digits, decimal_places=decimal_places, coerce_to_string=False
    )


class CapaciteitSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    inwoners_65_plus = serializers.IntegerField()
    bevolkingsjaar = serializers.IntegerField(
        allow_null=True,
        help_text=_("Jaar van de gebruikte bevolkingscijfers; leeg als er geen zijn."),
    )
    prevalentie_thuiswonend = _figure(2)
    verwachte_mensen_met_dementie_thuis = serializers.IntegerField()
    aandeel_vraag_casemanagement = serializers.IntegerField()
    verwachte_vraag_clienten = serializers.IntegerField()
    caseload_norm = _figure(1)
    benodigde_fte = _figure(1)
    gecontracteerde_clienten = serializers.IntegerField()
    gecontracteerde_uren = _figure(1, max_digits=14)
    gecontracteerde_fte = _figure(1)
    verschil_clienten = serializers.IntegerField(
        help_text=_("Negatief: tekort; positief: overschot.")
    )
    verschil_fte = _figure(1)


class JaarQuerySerializer(serializers.Serializer):
    jaar = _jaar_field(required=False)


@extend_schema(
    summary="Capaciteit casemanagement van een netwerk (zorgplicht)",
    parameters=[
        OpenApiParameter(
            "jaar", OpenApiTypes.INT, description="Het jaar; standaard het huidige jaar"
        )
    ],
    responses={
        200: CapaciteitSerializer,
        400: OpenApiResponse(description="Ongeldig jaar (tussen 2000 en 2100)."),
        404: OpenApiResponse(description="Netwerk onbekend of niet in te zien."),
    },
)
@api_view(["GET"])
def capaciteit(request: Request, netwerk_pk: int) -> Response:
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    if not can_view_capaciteit(request.user, netwerk):
        raise NotFound
    params = JaarQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    jaar = params.validated_data.get("jaar") or timezone.localdate().year
    return Response(CapaciteitSerializer(selectors.capaciteit(netwerk, jaar)).data)


urlpatterns = [
    path("contracten/", ContractListView.as_view(), name="contract-list"),
    path(
        "netwerken/<int:netwerk_pk>/capaciteit/",
        capaciteit,
        name="netwerk-capaciteit",
    ),
]
