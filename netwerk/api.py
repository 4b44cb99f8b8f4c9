"""REST API of the netwerk app: the networks a user may see."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers

from .models import Gemeente, Netwerk, Zorgverzekeraar
from .permissions import filter_netwerken_with_gesprekken
from .selectors import netwerken_overzicht, werkgebied_gemeenten


class ZorgverzekeraarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zorgverzekeraar
        fields = ["id", "naam", "uzovi_code"]


class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["cbs_code", "naam", "provincie"]


class NetwerkSerializer(serializers.ModelSerializer):
    preferente_zorgverzekeraar = ZorgverzekeraarSerializer(read_only=True)
    aantal_gemeenten = serializers.IntegerField(read_only=True)
    laatste_voortgangsgesprek = serializers.DateField(
        source="laatste_gesprek",
        read_only=True,
        allow_null=True,
        help_text=_(
            "Leeg als er geen gesprek is, of als de gebruiker de voortgangsgesprekken van dit "
            "netwerk niet mag inzien (alleen het netwerk, de preferente zorgverzekeraar en de "
            "landelijke rollen)."
        ),
    )
    plan_status = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Netwerk
        fields = [
            "id",
            "naam",
            "website",
            "preferente_zorgverzekeraar",
            "aantal_gemeenten",
            "plan_status",
            "laatste_voortgangsgesprek",
        ]


class NetwerkDetailSerializer(NetwerkSerializer):
    werkgebied = serializers.SerializerMethodField()

    class Meta(NetwerkSerializer.Meta):
        fields = [
            *NetwerkSerializer.Meta.fields,
            "treeknorm_signaal_dagen",
            "streefpercentage_binnen_4_weken",
            "caseload_norm",
            "werkgebied",
        ]

    @extend_schema(responses=GemeenteSerializer(many=True))
    def get_werkgebied(self, netwerk) -> list[dict]:
        return GemeenteSerializer(
            werkgebied_gemeenten(netwerk, timezone.localdate()), many=True
        ).data


def _overzicht(user):
    return netwerken_overzicht(
        Netwerk.objects.visible_to(user),
        filter_netwerken_with_gesprekken(Netwerk.objects.all(), user),
    )


@extend_schema(
    responses={
        200: NetwerkSerializer(many=True),
        404: OpenApiResponse(description="Deze pagina bestaat niet."),
    }
)
class NetwerkList(generics.ListAPIView):
    """Networks the user may see (their own, those their insurer has an agreed relation with,
    or all)."""

    serializer_class = NetwerkSerializer

    def get_queryset(self):
        return _overzicht(self.request.user)


@extend_schema(
    responses={
        200: NetwerkDetailSerializer,
        404: OpenApiResponse(description="Netwerk onbekend of niet in te zien."),
    }
)
class NetwerkDetail(generics.RetrieveAPIView):
    serializer_class = NetwerkDetailSerializer

    def get_object(self):
        return get_object_or_404(_overzicht(self.request.user), pk=self.kwargs["netwerk_pk"])


urlpatterns = [
    path("netwerken/", NetwerkList.as_view(), name="netwerk-list"),
    path("netwerken/<int:netwerk_pk>/", NetwerkDetail.as_view(), name="netwerk-detail"),
]
