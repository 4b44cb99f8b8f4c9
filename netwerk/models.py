"""The parties: netwerken, organisaties, zorgverzekeraars, and who acts for which (Membership)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


class NetwerkQuerySet(models.QuerySet["Netwerk"]):
    def visible_to(self, user) -> NetwerkQuerySet:
        from .permissions import filter_visible_netwerken

        return filter_visible_netwerken(self, user)


class Netwerk(models.Model):
    """A regional dementia network (dementienetwerk, keten dementie)."""

    naam = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("korte naam in adressen"), max_length=80, unique=True)
    preferente_zorgverzekeraar = models.ForeignKey(
        "Zorgverzekeraar",
        verbose_name=_("preferente zorgverzekeraar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preferente_netwerken",
    )

    objects = NetwerkQuerySet.as_manager()

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Organisatie(models.Model):
    """An organisation that takes part in one or more networks (samenwerkingspartner)."""

    naam = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Zorgverzekeraar(models.Model):
    naam = models.CharField(_("naam"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("zorgverzekeraar")
        verbose_name_plural = _("zorgverzekeraars")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Membership(models.Model):
    """A user acting in a role for a party: the basis of every authorization decision.

    netwerkcoordinator -> netwerk; casemanager -> organisatie within a netwerk;
    verzekeraar -> zorgverzekeraar; beheerder and signaalteam are national (no party).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    rol = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    zorgverzekeraar = models.ForeignKey(
        Zorgverzekeraar,
        verbose_name=_("zorgverzekeraar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["user", "rol", "id"]
        constraints = [
            models.CheckConstraint(
                name="membership_party_fits_role",
                condition=(
                    Q(
                        rol=Role.NETWERKCOORDINATOR,
                        netwerk__isnull=False,
                        organisatie__isnull=True,
                        zorgverzekeraar__isnull=True,
                    )
                    | Q(
                        rol=Role.CASEMANAGER,
                        netwerk__isnull=False,
                        organisatie__isnull=False,
                        zorgverzekeraar__isnull=True,
                    )
                    | Q(
                        rol=Role.VERZEKERAAR,
                        netwerk__isnull=True,
                        organisatie__isnull=True,
                        zorgverzekeraar__isnull=False,
                    )
                    | Q(
                        rol__in=[Role.BEHEERDER, Role.SIGNAALTEAM],
                        netwerk__isnull=True,
                        organisatie__isnull=True,
                        zorgverzekeraar__isnull=True,
                    )
                ),
                violation_error_message=_(
                    "Deze rol past niet bij de gekozen partij: een netwerkcoördinator hoort bij "
                    "een netwerk, een casemanager bij een organisatie in een netwerk, een "
                    "verzekeraar bij een zorgverzekeraar; beheer en signaalteam bij geen partij."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "rol", "netwerk", "organisatie", "zorgverzekeraar"],
                nulls_distinct=False,
                name="membership_unique",
                violation_error_message=_("Deze gebruiker heeft deze rol al bij deze partij."),
            ),
        ]

    def __str__(self) -> str:
        party = self.netwerk or self.zorgverzekeraar
        if self.organisatie_id:
            party = f"{self.organisatie} ({self.netwerk})"
        label = self.get_rol_display()
        return f"{label} – {party}" if party else str(label)
