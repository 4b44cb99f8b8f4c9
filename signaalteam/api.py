"""REST API of the signaalteam app (mounted under /api/v1/ in the "api" namespace): the
signals a user may see, with the filters of the overview, and one signal with its
timeline. Read-only; changes go through the pages.

The melder's contact details (melder_naam, melder_organisatie, melder_email,
melder_telefoon) are only in the answer for the signaalteam; for every other role the keys
are left out altogether (not sent empty), so a client cannot mistake "not shown" for
"not given". Casemanagers are refused (403).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission, IsAuthenticated

from accounts.dates import validate_period, validate_planned_date
from accounts.web import get_visible_or_404

from . import selectors
from .forms import MAX_ZOEKTEKST, STATUS_FILTERS
from .models import MELDER_FIELDS, Categorie, Signaal, SignaalActie
from .permissions import can_list_signalen, can_view_melder_gegevens

MELDER_HELP = _(
    "Alleen voor het signaalteam; ontbreekt voor andere rollen. Leeg nadat de gegevens na de "
    "bewaartermijn zijn verwijderd."
)


class NetwerkKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField()


class PersoonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField()


class SignaalActieSerializer(serializers.ModelSerializer):
    auteur = serializers.CharField(
        source="auteur.naam", allow_null=True, default=None, help_text=_("Leeg bij het systeem.")
    )

    class Meta:
        model = SignaalActie
        fields = ["id", "type", "datum", "auteur", "tekst", "opvolgdatum", "opgevolgd"]
        read_only_fields = fields


def _melder_field(**kwargs) -> serializers.CharField:
    # Not read-only on purpose: drf-spectacular lists read-only fields as required, and
    # these are left out for every role but the signaalteam. The API has no write operation.
    return serializers.CharField(required=False, help_text=MELDER_HELP, **kwargs)


class SignaalSerializer(serializers.ModelSerializer):
    netwerken = NetwerkKortSerializer(many=True, read_only=True)
    eigenaar = PersoonSerializer(read_only=True, allow_null=True)
    doorlooptijd_dagen = serializers.SerializerMethodField(
        help_text=_("Dagen van ontvangst tot sluiten; bij een open signaal tot vandaag.")
    )
    melder_naam = _melder_field()
    melder_organisatie = _melder_field()
    melder_email = _melder_field()
    melder_telefoon = _melder_field()

    class Meta:
        model = Signaal
        fields = [
            "id",
            "referentie",
            "titel",
            "omschrijving",
            "categorie",
            "status",
            "netwerken",
            "regio",
            "bron",
            "melder_type",
            *MELDER_FIELDS,
            "betrokken_partijen",
            "eigenaar",
            "ontvangen_op",
            "in_behandeling_op",
            "gesloten_op",
            "doorlooptijd_dagen",
            "oplossing",
        ]
        read_only_fields = [name for name in fields if name not in MELDER_FIELDS]

    def get_doorlooptijd_dagen(self, signaal: Signaal) -> int:
        return signaal.doorlooptijd()

    def to_representation(self, signaal: Signaal) -> dict:
        data = super().to_representation(signaal)
        if not can_view_melder_gegevens(self.context["request"].user):
            for name in MELDER_FIELDS:
                data.pop(name, None)
        return data


class SignaalDetailSerializer(SignaalSerializer):
    acties = SignaalActieSerializer(
        many=True, read_only=True, help_text=_("De tijdlijn, nieuwste eerst.")
    )

    class Meta(SignaalSerializer.Meta):
        fields = [*SignaalSerializer.Meta.fields, "acties"]
        read_only_fields = [*SignaalSerializer.Meta.read_only_fields, "acties"]


class CanListSignalen(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_list_signalen(request.user)


class SignaalFilterSerializer(serializers.Serializer):
    categorie = serializers.ChoiceField(choices=Categorie.choices, required=False)
    status = serializers.ChoiceField(
        choices=[choice for choice in STATUS_FILTERS if choice[0]], required=False
    )
    netwerk = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    eigenaar = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    van = serializers.DateField(required=False, validators=[validate_planned_date])
    tot = serializers.DateField(required=False, validators=[validate_planned_date])
    q = serializers.CharField(required=False, max_length=MAX_ZOEKTEKST, allow_blank=True)

    def validate(self, data: dict) -> dict:
        try:
            validate_period(data.get("van"), data.get("tot"))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"tot": error.messages}) from error
        return data


def _prefetch_acties(signalen):
    return signalen.prefetch_related(
        Prefetch(
            "acties",
            queryset=SignaalActie.objects.select_related("auteur").order_by(
                "-datum", "-aangemaakt_op", "-id"
            ),
        )
    )


@extend_schema(
    summary="Signalen die de gebruiker mag inzien",
    description="Het signaalteam en beheer zien alle signalen, een netwerkcoördinator die over "
    "zijn netwerk, een zorgverzekeraar die over de netwerken in zijn regio (waar hij "
    "preferent is). De contactgegevens van de melder staan er alleen voor het signaalteam in. "
    "Een periode (van, tot) geeft de signalen die in die periode open waren.",
    parameters=[
        OpenApiParameter("categorie", OpenApiTypes.STR, enum=Categorie.values),
        OpenApiParameter(
            "status",
            OpenApiTypes.STR,
            enum=[choice[0] for choice in STATUS_FILTERS if choice[0]],
            description="Een status, of open / gesloten",
        ),
        OpenApiParameter("netwerk", OpenApiTypes.INT, description="Over dit netwerk (id)"),
        OpenApiParameter("eigenaar", OpenApiTypes.INT, description="Eigenaar (gebruiker-id)"),
        OpenApiParameter("van", OpenApiTypes.DATE, description="Open op of na deze datum"),
        OpenApiParameter("tot", OpenApiTypes.DATE, description="Ontvangen op of vóór deze datum"),
        OpenApiParameter(
            "q",
            OpenApiTypes.STR,
            description="Zoeken in titel, omschrijving en acties (Nederlandse woordvormen, "
            "zoekmachine-syntaxis), of een referentie",
        ),
    ],
    responses={
        200: SignaalSerializer(many=True),
        400: OpenApiResponse(description="Ongeldig filter, met de reden per parameter."),
        403: OpenApiResponse(description="Deze rol ziet geen signalen."),
        404: OpenApiResponse(description="Deze pagina bestaat niet."),
    },
)
class SignaalListView(generics.ListAPIView):
    serializer_class = SignaalSerializer
    permission_classes = [IsAuthenticated, CanListSignalen]

    def get_queryset(self):
        params = SignaalFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.signaal_list(
            Signaal.objects.visible_to(self.request.user), **params.validated_data
        )


@extend_schema(
    summary="Eén signaal met zijn tijdlijn",
    responses={
        200: SignaalDetailSerializer,
        403: OpenApiResponse(description="Deze rol ziet geen signalen."),
        404: OpenApiResponse(description="Signaal onbekend of niet in te zien."),
    },
)
class SignaalDetailView(generics.RetrieveAPIView):
    serializer_class = SignaalDetailSerializer
    permission_classes = [IsAuthenticated, CanListSignalen]

    def get_object(self) -> Signaal:
        return get_visible_or_404(
            _prefetch_acties(
                selectors.signaal_detail(Signaal.objects.visible_to(self.request.user))
            ),
            pk=self.kwargs["signaal_pk"],
        )


urlpatterns = [
    path("signalen/", SignaalListView.as_view(), name="signaal-list"),
    path("signalen/<int:signaal_pk>/", SignaalDetailView.as_view(), name="signaal-detail"),
]
