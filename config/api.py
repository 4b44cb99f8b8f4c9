"""The REST API root (/api/v1/): every app contributes its routes in its own api.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import acting_membership, acting_role


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    naam = serializers.CharField()
    rol = serializers.CharField()
    lidmaatschap = serializers.CharField(allow_null=True)


@extend_schema(responses=MeSerializer, summary="De ingelogde gebruiker en de rol waarin die werkt")
@api_view(["GET"])
def me(request: Request) -> Response:
    membership = acting_membership(request.user)
    data = {
        "email": request.user.email,
        "naam": request.user.naam,
        "rol": acting_role(request.user),
        "lidmaatschap": str(membership) if membership else None,
    }
    return Response(MeSerializer(data).data)
