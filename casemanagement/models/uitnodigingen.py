"""Invitations to become a casemanager in a network (docs/decisions/0010).

A coordinator never links an existing account: they invite an e-mail address with the
profile they have in mind, and the profile and its membership exist only once the person
behind the address accepts. The link's token is kept as a SHA-256 hash, never as itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from netwerk.models import Gemeente, Netwerk, Organisatie

from .zorg import Achtergrond, Casemanager

TOKEN_BYTES = 32


def token_new() -> str:
    """A fresh link token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database keeps of a token. A random 256-bit token needs no slow hash: nobody
    can guess it, so a fast one is enough to keep the link unusable for a reader of the
    database or a backup."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class UitnodigingStatus(models.TextChoices):
    OPEN = "open", _("Uitgenodigd")
    AANGENOMEN = "aangenomen", _("Aangenomen")
    NIET_AANGENOMEN = "niet_aangenomen", _("Niet aangenomen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class CasemanagerUitnodigingQuerySet(models.QuerySet["CasemanagerUitnodiging"]):
    def visible_to(self, user) -> CasemanagerUitnodigingQuerySet:
        from ..permissions import filter_visible_uitnodigingen

        return filter_visible_uitnodigingen(self, user)

    def for_token(self, token: str) -> CasemanagerUitnodiging | None:
        """The invitation whose link holds this token, whatever its status, or None. Looked up
        by hash (the token itself is nowhere in the database), then compared in constant time."""
        digest = token_hash(token)
        found = self.filter(token_hash=digest).first()
        if found is None or not hmac.compare_digest(found.token_hash, digest):
            return None
        return found


class CasemanagerUitnodiging(models.Model):
    """An invitation to an e-mail address to work as casemanager of an organisation in a
    network, holding the profile the coordinator filled in. Single use: it ends accepted,
    not accepted (the account may not become a casemanager this way) or revoked. An open
    one past ``geldig_tot`` is expired; sending it again gives it a new token and term."""

    netwerk = models.ForeignKey(
        Netwerk,
        verbose_name=_("netwerk"),
        on_delete=models.PROTECT,
        related_name="casemanager_uitnodigingen",
    )
    email = models.EmailField(_("e-mailadres"))
    naam = models.CharField(_("naam"), max_length=150)
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    achtergrond = models.CharField(_("achtergrond"), max_length=16, choices=Achtergrond.choices)
    fte = models.DecimalField(
        _("fte"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.20"))],
    )
    werkgebied = models.ManyToManyField(
        Gemeente, verbose_name=_("werkgebied"), blank=True, related_name="+"
    )
    big_nummer = models.CharField(
        _("BIG-nummer"),
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^\d{11}$", _("Een BIG-nummer heeft 11 cijfers."))],
    )
    registratie = models.CharField(
        _("registratie"),
        max_length=150,
        blank=True,
        help_text=_("Bijvoorbeeld het kwaliteitsregister V&V of Registerplein."),
    )
    token_hash = models.CharField(_("token (hash)"), max_length=64, unique=True, editable=False)
    geldig_tot = models.DateTimeField(_("geldig tot"))
    status = models.CharField(
        _("status"), max_length=16, choices=UitnodigingStatus.choices, default="open"
    )
    uitgenodigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uitgenodigd_op = models.DateTimeField(_("uitgenodigd op"))
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    casemanager = models.ForeignKey(
        Casemanager,
        verbose_name=_("casemanager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CasemanagerUitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging casemanager")
        verbose_name_plural = _("uitnodigingen casemanager")
        ordering = ["-uitgenodigd_op", "-id"]
        constraints = [
            # one open invitation per address and network: sending again reuses it
            models.UniqueConstraint(
                Lower("email"),
                "netwerk",
                condition=Q(status="open"),
                name="cm_uitnodiging_een_open_per_adres",
            ),
            models.CheckConstraint(
                name="cm_uitnodiging_afgehandeld_als_gesloten",
                condition=Q(status="open", afgehandeld_op__isnull=True)
                | (~Q(status="open") & Q(afgehandeld_op__isnull=False)),
            ),
            models.CheckConstraint(
                name="cm_uitnodiging_casemanager_alleen_als_aangenomen",
                condition=Q(casemanager__isnull=True) | Q(status="aangenomen"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.netwerk})"

    def is_open(self) -> bool:
        return self.status == UitnodigingStatus.OPEN

    def is_verlopen(self, now: dt.datetime) -> bool:
        return self.is_open() and self.geldig_tot <= now

    def is_bruikbaar(self, now: dt.datetime) -> bool:
        """The link can still be used: open and not expired."""
        return self.is_open() and now < self.geldig_tot
