"""Contracts between a zorgverzekeraar and a provider organisation for casemanagement
dementie, per network and year, with the indicators of their resultaatafspraken."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netwerk.models import Netwerk, Organisatie, Zorgverzekeraar

UNIQUE_CONTRACT_MESSAGE = _(
    "Deze zorgverzekeraar heeft voor dit jaar al een contract met deze organisatie voor dit "
    "netwerk. Pas dat contract aan in plaats van een nieuw te maken."
)
UNIQUE_INDICATOR_MESSAGE = _("Dit contract heeft al een indicator met deze naam.")
VOLUME_REQUIRED_MESSAGE = _("Vul een volume in: in uren, in cliënten of allebei.")


class ContractStatus(models.TextChoices):
    """concept (the insurer drafts) -> aangeboden (the insurer offers it to the network) ->
    afgesloten (the network side accepted it) -> beeindigd (either side ended it). A declined
    offer, and any change of the terms, goes back to concept. See
    docs/decisions/0009-insurer-visibility.md."""

    CONCEPT = "concept", _("Concept")
    AANGEBODEN = "aangeboden", _("Aangeboden")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    BEEINDIGD = "beeindigd", _("Beëindigd")


# Not (or no longer) accepted: the terms are the insurer's proposal only.
NIET_GEACCEPTEERD = [ContractStatus.CONCEPT, ContractStatus.AANGEBODEN]


class ContractQuerySet(models.QuerySet["Contract"]):
    def visible_to(self, user) -> ContractQuerySet:
        from .permissions import filter_visible_contracten

        return filter_visible_contracten(self, user)


class Contract(models.Model):
    """A zorgverzekeraar's purchase of casemanagement dementie from one organisation, for one
    network, for one calendar year.

    Decision: a contract is per network (the region the purchased volume is for), not per
    organisation as a whole. An organisation that works in two networks gets a contract per
    network, so the purchased capacity can be summed per network and set against that
    network's expected demand (the zorgplicht view, selectors.capaciteit). Only contracts
    with status ``afgesloten`` count as capacity.

    Decision (0009): a contract is agreed, not declared. The insurer drafts and offers it; the
    network side (its coordinator, or a beheerder) accepts it, which is recorded in
    ``geaccepteerd_door`` / ``geaccepteerd_op``. Database constraints hold that an afgesloten
    contract was accepted and a concept or offered one was not; an ended contract keeps its
    acceptance (if it had one). An accepted contract is what lets a non-preferent insurer
    see the network (netwerk.permissions).
    """

    zorgverzekeraar = models.ForeignKey(
        Zorgverzekeraar,
        verbose_name=_("zorgverzekeraar"),
        on_delete=models.PROTECT,
        related_name="contracten",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="contracten",
    )
    netwerk = models.ForeignKey(
        Netwerk,
        verbose_name=_("netwerk"),
        on_delete=models.PROTECT,
        related_name="contracten",
        help_text=_("De regio waarvoor het ingekochte volume bedoeld is."),
    )
    jaar = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    volume_uren = models.DecimalField(
        _("volume in uren"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    volume_clienten = models.PositiveIntegerField(
        _("volume in cliënten"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    tarief_per_uur = models.DecimalField(
        _("tarief per uur (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    aansluiting_vereist = models.BooleanField(
        _("aansluiting bij het netwerk vereist"), default=True
    )
    conform_zorgstandaard = models.BooleanField(
        _("conform de Zorgstandaard Dementie"), default=True
    )
    resultaatafspraken = models.TextField(_("resultaatafspraken"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.CONCEPT
    )
    geaccepteerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geaccepteerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    geaccepteerd_op = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    afwijzing_reden = models.TextField(
        _("reden van afwijzing"),
        blank=True,
        help_text=_("Waarom het netwerk het laatste aanbod niet accepteerde."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["-jaar", "netwerk__naam", "organisatie__naam", "zorgverzekeraar__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["zorgverzekeraar", "organisatie", "netwerk", "jaar"],
                name="contract_een_per_verzekeraar_organisatie_netwerk_jaar",
                violation_error_message=UNIQUE_CONTRACT_MESSAGE,
            ),
            models.CheckConstraint(
                name="contract_volume_vereist",
                condition=Q(volume_uren__isnull=False) | Q(volume_clienten__isnull=False),
                violation_error_message=VOLUME_REQUIRED_MESSAGE,
            ),
            models.CheckConstraint(
                name="contract_volumes_positief",
                condition=(Q(volume_uren__isnull=True) | Q(volume_uren__gt=0))
                & (Q(volume_clienten__isnull=True) | Q(volume_clienten__gt=0)),
                violation_error_message=_("Een volume is groter dan nul."),
            ),
            models.CheckConstraint(
                name="contract_acceptatie_met_wie_en_wanneer",
                condition=Q(geaccepteerd_door__isnull=True, geaccepteerd_op__isnull=True)
                | Q(geaccepteerd_door__isnull=False, geaccepteerd_op__isnull=False),
                violation_error_message=_("Een acceptatie legt vast wie en wanneer."),
            ),
            models.CheckConstraint(
                name="contract_afgesloten_is_geaccepteerd",
                condition=~Q(status=ContractStatus.AFGESLOTEN) | Q(geaccepteerd_op__isnull=False),
                violation_error_message=_(
                    "Een contract is pas afgesloten als het netwerk het heeft geaccepteerd."
                ),
            ),
            models.CheckConstraint(
                name="contract_concept_niet_geaccepteerd",
                condition=~Q(status__in=NIET_GEACCEPTEERD) | Q(geaccepteerd_op__isnull=True),
                violation_error_message=_(
                    "Een contract in concept of aangeboden is (nog) niet geaccepteerd."
                ),
            ),
            models.CheckConstraint(
                name="contract_tarief_niet_negatief",
                condition=Q(tarief_per_uur__isnull=True) | Q(tarief_per_uur__gte=0),
                violation_error_message=_("Het tarief kan niet negatief zijn."),
            ),
        ]
        indexes = [models.Index(fields=["netwerk", "jaar"], name="contract_netwerk_jaar")]

    def __str__(self) -> str:
        return f"{self.zorgverzekeraar} – {self.organisatie} ({self.netwerk}, {self.jaar})"

    @property
    def is_geaccepteerd(self) -> bool:
        return self.geaccepteerd_op is not None


class ContractIndicator(models.Model):
    """A measurable indicator of a contract's resultaatafspraken, with its target value."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="indicatoren",
    )
    naam = models.CharField(_("indicator"), max_length=200)
    eenheid = models.CharField(_("eenheid"), max_length=30, help_text=_("Bijvoorbeeld %, dagen."))
    streefwaarde = models.DecimalField(_("streefwaarde"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contractindicator")
        verbose_name_plural = _("contractindicatoren")
        ordering = ["contract", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "naam"],
                name="contractindicator_naam_uniek_per_contract",
                violation_error_message=UNIQUE_INDICATOR_MESSAGE,
            )
        ]

    def __str__(self) -> str:
        return self.naam
