"""Reads of the delivery: the keys of every network with how they are used."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Aanlevering, AanleverSleutel

GEBRUIK_DAGEN = 30


def sleutels_overzicht(
    *,
    netwerk_id: int | None = None,
    organisatie_id: int | None = None,
    actief: bool | None = None,
    nu: dt.datetime | None = None,
) -> QuerySet[AanleverSleutel]:
    """Every key, newest first, with its network, organisation and the people who issued and
    revoked it, and annotated with ``aanleveringen_recent`` (batches received with it in the
    last GEBRUIK_DAGEN days, before ``nu``) and ``laatste_status`` (the status of its last
    receipt, None before its first): one query however many keys and batches there are."""
    sinds = (nu or timezone.now()) - dt.timedelta(days=GEBRUIK_DAGEN)
    van_sleutel = Aanlevering.objects.filter(sleutel=OuterRef("pk")).order_by()
    recent = (
        van_sleutel.filter(ontvangen_op__gte=sinds)
        .values("sleutel")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    laatste = van_sleutel.order_by("-ontvangen_op", "-pk").values("status")[:1]
    sleutels = AanleverSleutel.objects.select_related(
        "netwerk", "organisatie", "aangemaakt_door", "ingetrokken_door"
    ).annotate(
        aanleveringen_recent=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0)),
        laatste_status=Subquery(laatste),
    )
    if netwerk_id is not None:
        sleutels = sleutels.filter(netwerk_id=netwerk_id)
    if organisatie_id is not None:
        sleutels = sleutels.filter(organisatie_id=organisatie_id)
    if actief is not None:
        sleutels = sleutels.filter(ingetrokken_op__isnull=actief)
    return sleutels.order_by("-aangemaakt_op", "-pk")
