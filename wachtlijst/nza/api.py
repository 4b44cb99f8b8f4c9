"""REST API of the NZa quarterly figures (mounted under /api/v1/ in the "api" namespace).

GET netwerken/<netwerk_pk>/nza-kwartaal/?peildatum=JJJJ-MM-DD answers the figures per
vestiging and for the network: the published version when there is one; else, for the
coordinator and beheerder, the concept; else, for the coordinator, the figures computed now.
``bron`` says which. Insurers get published figures only, suppressed as accounts.disclosure
says: a suppressed figure is null with ``<field>_onderdrukt: true``.
"""

from __future__ import annotations

import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import disclosure
from accounts.web import get_visible_or_404
from netwerk.models import Netwerk
from netwerk.permissions import filter_netwerken_with_details

from ..models import KwartaalStatus, NzaKwartaal
from .peildata import peildatum_error
from .permissions import zichtbare_cijfers
from .selectors import NzaCijfers, bron_voor, zichtbaar_kwartaal


class Bron:
    GEPUBLICEERD = "gepubliceerd"
    CONCEPT = "concept"
    ACTUEEL = "actueel"
    CHOICES = [
        (GEPUBLICEERD, gettext_lazy("De gepubliceerde versie")),
        (CONCEPT, gettext_lazy("Het concept, nog niet gepubliceerd")),
        (ACTUEEL, gettext_lazy("Nu berekend uit de gegevens van vandaag, niet opgeslagen")),
    ]


def _fte() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)


class NzaRegelSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = ("wachtend", "zes_weken_of_langer", "in_zorg", "aantal_casemanagers")

    agb_code = serializers.CharField(
        help_text=gettext_lazy(
            "Leeg voor wie centraal is aangemeld (nog geen aanbieder) en voor een organisatie "
            "zonder actieve vestiging."
        )
    )
    vestiging_naam = serializers.CharField()
    organisatie_naam = serializers.CharField()
    wachtend = disclosure.AantalField()
    zes_weken_of_langer = disclosure.AantalField()
    in_zorg = disclosure.AantalField()
    aantal_casemanagers = disclosure.AantalField()
    fte_casemanagers = _fte()


class NzaTotaalSerializer(disclosure.OnderdruktMixin, serializers.Serializer):
    onderdrukbaar = (
        "aantal_wachtend",
        "aantal_zes_weken_of_langer",
        "aantal_in_zorg",
        "aantal_casemanagers",
        "gemiddelde_wachtdagen",
    )

    aantal_wachtend = disclosure.AantalField()
    aantal_zes_weken_of_langer = disclosure.AantalField()
    aantal_in_zorg = disclosure.AantalField()
    aantal_casemanagers = disclosure.AantalField()
    fte_casemanagers = _fte()
    gemiddelde_wachtdagen = disclosure.OnderdrukbaarDecimalField(
        max_digits=6,
        decimal_places=1,
        help_text=gettext_lazy(
            "Gemiddelde NZa-wachttijd in dagen van wie op de peildatum wacht; leeg als "
            "niemand wacht."
        ),
    )


class NzaKwartaalCijfersSerializer(serializers.Serializer):
    netwerk = serializers.IntegerField()
    netwerk_naam = serializers.CharField()
    peildatum = serializers.DateField()
    bron = serializers.ChoiceField(choices=Bron.CHOICES)
    versie = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Leeg bij bron actueel.")
    )
    status = serializers.ChoiceField(choices=KwartaalStatus.choices, allow_null=True)
    berekend_op = serializers.DateTimeField()
    gepubliceerd_op = serializers.DateTimeField(allow_null=True)
    reden = serializers.CharField(
        allow_blank=True, help_text=gettext_lazy("Reden van de correctie (vanaf versie 2).")
    )
    totaal = NzaTotaalSerializer()
    vestigingen = NzaRegelSerializer(many=True)


class PeildatumQuerySerializer(serializers.Serializer):
    peildatum = serializers.DateField(
        input_formats=["iso-8601"],
        error_messages={
            "required": gettext_lazy("Geef een peildatum op (JJJJ-MM-DD)."),
            "null": gettext_lazy("Geef een peildatum op (JJJJ-MM-DD)."),
            "invalid": gettext_lazy(
                "Geen geldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-10-01."
            ),
            "datetime": gettext_lazy("Geef een datum zonder tijd (JJJJ-MM-DD)."),
        },
    )

    def validate_peildatum(self, peildatum: dt.date) -> dt.date:
        error = peildatum_error(peildatum, timezone.localdate())
        if error:
            raise serializers.ValidationError(error)
        return peildatum


def _answer(netwerk: Netwerk, bron: NzaKwartaal | NzaCijfers, onderdrukken: bool) -> dict:
    if isinstance(bron, NzaKwartaal):
        # shown against its earlier published versions (a correction), as on the pages
        cijfers = zichtbaar_kwartaal(bron, onderdrukken=onderdrukken)
        meta = {
            "bron": Bron.GEPUBLICEERD if bron.is_gepubliceerd else Bron.CONCEPT,
            "versie": bron.versie,
            "status": bron.status,
            "berekend_op": bron.aangemaakt_op,
            "gepubliceerd_op": bron.gepubliceerd_op,
            "reden": bron.reden,
        }
    else:
        cijfers = zichtbare_cijfers(bron, onderdrukken=onderdrukken)
        meta = {
            "bron": Bron.ACTUEEL,
            "versie": None,
            "status": None,
            "berekend_op": timezone.now(),
            "gepubliceerd_op": None,
            "reden": "",
        }
    return {
        "netwerk": netwerk.pk,
        "netwerk_naam": netwerk.naam,
        "peildatum": cijfers.peildatum,
        **meta,
        "totaal": cijfers,
        "vestigingen": cijfers.regels,
    }


@extend_schema(
    summary="NZa-kwartaalcijfers van een netwerk op een peildatum",
    description="Per vestiging (AGB-code) en voor het netwerk: wachtend, wachtend 6 weken of "
    "langer, in zorg, aantal casemanagers en hun fte, en de gemiddelde wachttijd. Bron: de "
    "gepubliceerde versie; anders voor de netwerkcoördinator en beheerder het concept; anders "
    "voor de netwerkcoördinator de cijfers zoals ze nu berekend worden. Zorgverzekeraars "
    "krijgen alleen gepubliceerde cijfers; een cijfer dat zij niet mogen zien (minder dan 5 "
    "personen, of anders terug te rekenen) is null met <veld>_onderdrukt true.",
    parameters=[
        OpenApiParameter(
            "peildatum",
            OpenApiTypes.DATE,
            required=True,
            description="1 januari, 1 april, 1 juli of 1 oktober, niet in de toekomst.",
        )
    ],
    responses={
        200: NzaKwartaalCijfersSerializer,
        400: OpenApiResponse(description="Peildatum ontbreekt, is ongeldig of geen kwartaalbegin."),
        404: OpenApiResponse(
            description="Netwerk onbekend of niet in te zien, of geen cijfers voor u op die "
            "peildatum."
        ),
    },
)
@api_view(["GET"])
def nza_kwartaal(request: Request, netwerk_pk: int) -> Response:
    netwerk = get_visible_or_404(
        filter_netwerken_with_details(Netwerk.objects.all(), request.user), pk=netwerk_pk
    )
    params = PeildatumQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    peildatum = params.validated_data["peildatum"]
    bron = bron_voor(netwerk, peildatum, request.user)
    if bron is None:
        raise NotFound(_("Voor deze peildatum zijn er (nog) geen gepubliceerde cijfers."))
    serializer = NzaKwartaalCijfersSerializer(
        _answer(netwerk, bron, disclosure.moet_onderdrukken(request.user))
    )
    return Response(serializer.data)


urlpatterns = [
    path(
        "netwerken/<int:netwerk_pk>/nza-kwartaal/",
        nza_kwartaal,
        name="nza-kwartaal",
    ),
]
