"""REST API of rapportage: the reports a user may see and their PDFs."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.actor import actor_of

from .downloads import PDF_ONTBREEKT, PdfOntbreekt, pdf_download
from .models import Rapport
from .perioden import parse_periode
from .vergelijking.api import urlpatterns as vergelijking_urls


class RapportSerializer(serializers.ModelSerializer):
    netwerk = serializers.CharField(source="netwerk.naam", allow_null=True, read_only=True)
    netwerk_id = serializers.IntegerField(allow_null=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Rapport
        fields = [
            "id",
            "netwerk_id",
            "netwerk",
            "type",
            "periode",
            "periode_begin",
            "periode_eind",
            "versie",
            "status",
            "vastgesteld_op",
            "sha256",
            "pdf_url",
        ]

    def get_pdf_url(self, rapport) -> str | None:
        if not rapport.pdf:
            return None
        request = self.context.get("request")
        url = f"/api/v1/rapporten/{rapport.pk}/pdf"
        return request.build_absolute_uri(url) if request else url


@extend_schema(
    parameters=[
        OpenApiParameter("netwerk", int, description="Alleen rapporten van dit netwerk."),
        OpenApiParameter("periode", str, description="Bijvoorbeeld 2026Q3 of 2026."),
    ],
    responses={
        200: RapportSerializer(many=True),
        400: OpenApiResponse(description="Ongeldig netwerk of ongeldige periode, met de reden."),
        404: OpenApiResponse(description="Deze pagina bestaat niet."),
    },
)
class RapportList(generics.ListAPIView):
    """Reports the user may see (insurers: the vastgesteld reports of their networks)."""

    serializer_class = RapportSerializer

    def get_queryset(self):
        rapporten = Rapport.objects.visible_to(self.request.user).select_related("netwerk")
        netwerk = self.request.query_params.get("netwerk")
        if netwerk:
            if not netwerk.isdigit():
                raise ValidationError({"netwerk": "Geef het nummer van een netwerk."})
            rapporten = rapporten.filter(netwerk_id=int(netwerk))
        periode = self.request.query_params.get("periode")
        if periode:
            try:
                rapporten = rapporten.filter(periode=parse_periode(periode).code)
            except ValueError as error:
                raise ValidationError({"periode": str(error)}) from error
        return rapporten


class RapportPdf(APIView):
    """The PDF of a report; every download is written to the access log."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY),
            404: OpenApiResponse(
                description="Rapport onbekend, niet in te zien of zonder PDF (ook als het "
                "PDF-bestand op de server ontbreekt)."
            ),
        }
    )
    def get(self, request, rapport_pk: int):
        rapport = get_object_or_404(Rapport.objects.visible_to(request.user), pk=rapport_pk)
        try:
            return pdf_download(rapport, actor=actor_of(request))
        except PdfOntbreekt:
            return Response({"detail": PDF_ONTBREEKT}, status=404)


urlpatterns = [
    *vergelijking_urls,
    path("rapporten/", RapportList.as_view(), name="rapport-list"),
    path("rapporten/<int:rapport_pk>/pdf", RapportPdf.as_view(), name="rapport-pdf"),
]
