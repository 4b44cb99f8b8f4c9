"""POST /api/v1/aanlevering/: a provider's system delivers a batch with its own key
(``Authorization: Bearer dnk_...`` or ``Api-Key dnk_...``). Only this endpoint accepts a
provider key; the key's service account opens nothing else. See docs/aanleveren.md."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.actor import actor_of

from .formaat import AanleveringSchema, OntvangstbewijsSchema, VormfoutenSchema
from .models import AanleverSleutel, AanleverStatus
from .sleutels import sleutel_voor
from .toepassen import aanlevering_via_sleutel

ONGELDIG = gettext_lazy("Ongeldige of ingetrokken aanleversleutel.")

AANLEVERING_RATE = "60/min"


class AanleverSleutelAuthentication(BaseAuthentication):
    """``Authorization: Bearer dnk_<prefix>_<geheim>`` (or ``Api-Key``): the key's service
    account, with the key as ``request.auth``."""

    keywords = ("bearer", "api-key")

    def authenticate(self, request: Request):
        delen = get_authorization_header(request).split()
        if not delen or delen[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(delen) != 2:
            raise exceptions.AuthenticationFailed(ONGELDIG)
        sleutel = sleutel_voor(delen[1].decode(errors="replace"))
        if sleutel is None:
            raise exceptions.AuthenticationFailed(ONGELDIG)
        return sleutel.gebruiker, sleutel

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="aanlevering"'


class AanleverSleutelScheme(OpenApiAuthenticationExtension):
    target_class = AanleverSleutelAuthentication
    name = "aanleversleutel"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "dnk_<prefix>_<geheim>"}


class AanleverSleutelThrottle(ScopedRateThrottle):
    """At most the "aanlevering" rate of calls per key (its prefix), whatever the address:
    one provider's system cannot crowd out the others, and a key used from many addresses is
    still one key. A refused call is answered 429 with DRF's Dutch message and Retry-After,
    before anything is read or applied. The rate is DEFAULT_THROTTLE_RATES["aanlevering"]
    (env AANLEVERING_LIMIET), else AANLEVERING_RATE: a missing setting is never a 500. The
    history lives in the project cache (Redis), shared by every web process."""

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, AANLEVERING_RATE)

    def get_cache_key(self, request: Request, view) -> str | None:
        if not isinstance(request.auth, AanleverSleutel):
            return None  # refused before this by authentication and permission
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class HeeftAanleverSleutel(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, AanleverSleutel)


VOORBEELD = {
    "versie": 2,
    "clienten": [
        {
            "bron_id": "CL-1001",
            "bsn": "111222333",
            "voornaam": "Johanna",
            "tussenvoegsel": "de",
            "achternaam": "Vries",
            "geboortedatum": "1941-03-12",
            "gemeente": "GM0518",
        }
    ],
    "aanmeldingen": [
        {
            "bron_id": "AM-2001",
            "client": "CL-1001",
            "aanmelddatum": "2026-09-01",
            "verwijzer_type": "huisarts",
            "urgentie": "normaal",
            "uitstel": [{"van": "2026-09-10", "tot": "2026-09-20", "reden": "Vakantie"}],
        }
    ],
    "trajecten": [
        {
            "bron_id": "TR-3001",
            "aanmelding": "AM-2001",
            "casemanager_email": "petra@zorg.example.nl",
            "toegewezen_op": "2026-09-22",
            "eerste_contact_op": "2026-09-25",
            "intensiteit": "midden",
        }
    ],
    "contactminuten": [
        {"bron_id": "CM-3001-2026-09", "traject": "TR-3001", "maand": "2026-09", "minuten": 150}
    ],
    "metingen": [
        {
            "bron_id": "ME-4001",
            "traject": "TR-3001",
            "datum": "2026-09-25",
            "type": "belasting",
            "score": "6.5",
        }
    ],
}

ONTVANGSTBEWIJS = {
    "aanlevering": 17,
    "versie": 2,
    "status": "verwerkt",
    "aantallen": {"aangemaakt": 5},
    "fouten": {},
    "records": [
        {"soort": "clienten", "bron_id": "CL-1001", "resultaat": "aangemaakt", "fouten": {}},
        {"soort": "aanmeldingen", "bron_id": "AM-2001", "resultaat": "aangemaakt", "fouten": {}},
        {"soort": "trajecten", "bron_id": "TR-3001", "resultaat": "aangemaakt", "fouten": {}},
        {
            "soort": "contactminuten",
            "bron_id": "CM-3001-2026-09",
            "resultaat": "aangemaakt",
            "fouten": {},
        },
        {"soort": "metingen", "bron_id": "ME-4001", "resultaat": "aangemaakt", "fouten": {}},
    ],
}

GEWEIGERD = {
    "aanlevering": 18,
    "versie": 2,
    "status": "geweigerd",
    "aantallen": {"geweigerd": 1, "niet_verwerkt": 4},
    "fouten": {},
    "records": [
        {"soort": "clienten", "bron_id": "CL-1001", "resultaat": "niet_verwerkt", "fouten": {}},
        {"soort": "aanmeldingen", "bron_id": "AM-2001", "resultaat": "niet_verwerkt", "fouten": {}},
        {
            "soort": "trajecten",
            "bron_id": "TR-3001",
            "resultaat": "geweigerd",
            "fouten": {
                "aanmelding": [
                    "Conflict: deze cliënt heeft al een lopend traject (toegewezen op "
                    "02-06-2026). Een cliënt heeft hoogstens één open traject; sluit dat "
                    "eerst af."
                ]
            },
        },
        {
            "soort": "contactminuten",
            "bron_id": "CM-3001-2026-09",
            "resultaat": "niet_verwerkt",
            "fouten": {},
        },
        {"soort": "metingen", "bron_id": "ME-4001", "resultaat": "niet_verwerkt", "fouten": {}},
    ],
}

VORMFOUTEN = {
    "status": "geweigerd",
    "fouten": {},
    "clienten": {"CL-1001": {"bsn": ["Dit BSN voldoet niet aan de elfproef."]}},
    "aanmeldingen": {"AM-2001": {"verwijzer_type": ['"buurman" is geen geldige keuze.']}},
}


class AanleveringView(APIView):
    authentication_classes = [AanleverSleutelAuthentication]
    permission_classes = [HeeftAanleverSleutel]
    throttle_classes = [AanleverSleutelThrottle]
    throttle_scope = "aanlevering"

    @extend_schema(
        operation_id="aanlevering_create",
        summary="Aanlevering van een aanbieder (versie 2)",
        description=(
            "Een batch cliënten, aanmeldingen, trajecten, contactminuten per maand en metingen "
            "uit het eigen systeem van een aanbieder (versie 1 wordt nog aangenomen, zonder "
            "contactminuten). Alles of niets: wordt één record geweigerd, dan wordt niets "
            "verwerkt. Het ontvangstbewijs noemt per record wat er gebeurde en waarom. Zie "
            "docs/aanleveren.md."
        ),
        request=AanleveringSchema,
        responses={
            201: OpenApiResponse(OntvangstbewijsSchema, description="Verwerkt."),
            200: OpenApiResponse(
                OntvangstbewijsSchema,
                description="Geweigerd bij het verwerken (een conflict, een onbekende "
                "verwijzing): niets verwerkt, het ontvangstbewijs is bewaard.",
            ),
            400: OpenApiResponse(
                VormfoutenSchema,
                description="Records niet volgens het formaat: niets verwerkt, niets bewaard. "
                "Per soort, per bron_id en per veld de redenen.",
            ),
            401: OpenApiResponse(description="Geen, een onbekende of een ingetrokken sleutel."),
            403: OpenApiResponse(description="De sleutel levert niet aan in dit netwerk."),
            429: OpenApiResponse(
                description="Te veel aanleveringen met deze sleutel in korte tijd: niets "
                "verwerkt. De header Retry-After zegt na hoeveel seconden het weer kan."
            ),
        },
        examples=[
            OpenApiExample("Aanlevering", value=VOORBEELD, request_only=True),
            OpenApiExample(
                "Verwerkt", value=ONTVANGSTBEWIJS, response_only=True, status_codes=["201"]
            ),
            OpenApiExample("Geweigerd", value=GEWEIGERD, response_only=True, status_codes=["200"]),
            OpenApiExample(
                "Niet volgens het formaat",
                value=VORMFOUTEN,
                response_only=True,
                status_codes=["400"],
            ),
        ],
        tags=["aanlevering"],
    )
    def post(self, request: Request) -> Response:
        sleutel: AanleverSleutel = request.auth
        netwerk = sleutel.netwerk
        gegevens = request.data
        gevraagd = gegevens.get("netwerk") if isinstance(gegevens, dict) else None
        if isinstance(gevraagd, str) and gevraagd not in ("", netwerk.slug):
            raise exceptions.PermissionDenied(
                gettext_lazy("Deze sleutel levert alleen aan bij %(netwerk)s.")
                % {"netwerk": netwerk}
            )
        # the organisation's service account, with the caller's address (decision 0022)
        actor = actor_of(request)
        uitkomst = aanlevering_via_sleutel(
            actor=actor, sleutel=sleutel, netwerk=netwerk, gegevens=gegevens
        )
        if uitkomst.aanlevering is None:
            code = status.HTTP_400_BAD_REQUEST
        elif uitkomst.status == AanleverStatus.VERWERKT:
            code = status.HTTP_201_CREATED
        else:
            code = status.HTTP_200_OK
        return Response(uitkomst.ontvangstbewijs, status=code)
