"""The NZa quarterly cycle around a network's quarter (docs/decisions/0024):

- NzaAanlevering: a provider confirms or corrects its figures of one vestiging (AGB code) on
  a peildatum, by the 10th; every confirmation is kept (the newest counts);
- NzaHerinnering: a reminder sent to a provider on a day (at most one per provider per day);
- NzaPortaalAanlevering: the network delivered a published version to the NZa's
  Zorgbeeldportaal (who, which version, when).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netwerk.models import Netwerk, Organisatie, Vestiging

from .nza import QUARTER_MONTHS, NzaKwartaal


class RegelBron(models.TextChoices):
    """Where the figures of a row of a quarter come from."""

    BEREKEND = "berekend", _("Berekend")
    BEVESTIGD = "bevestigd", _("Bevestigd door de aanbieder")
    GECORRIGEERD = "gecorrigeerd", _("Gecorrigeerd door de aanbieder")


class NzaAanlevering(models.Model):
    """The figures a provider confirmed (as computed) or corrected (with a reason) for one of
    its vestigingen in a network on a peildatum. ``namens``: the provider's person, when the
    coordinator records the confirmation on the provider's behalf."""

    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="+"
    )
    peildatum = models.DateField(_("peildatum"))
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    vestiging = models.ForeignKey(
        Vestiging, verbose_name=_("vestiging"), on_delete=models.PROTECT, related_name="+"
    )
    agb_code = models.CharField(_("AGB-code"), max_length=8)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[
            (RegelBron.BEVESTIGD, _("Bevestigd")),
            (RegelBron.GECORRIGEERD, _("Gecorrigeerd")),
        ],
    )
    wachtend = models.PositiveIntegerField(_("wachtend"))
    zes_weken_of_langer = models.PositiveIntegerField(_("wachtend 6 weken of langer"))
    in_zorg = models.PositiveIntegerField(_("in zorg"))
    fte_casemanagers = models.DecimalField(_("fte casemanagers"), max_digits=7, decimal_places=2)
    aantal_casemanagers = models.PositiveIntegerField(_("aantal casemanagers"))
    reden = models.TextField(_("reden van de correctie"), max_length=1000, blank=True)
    namens = models.CharField(_("namens de aanbieder"), max_length=200, blank=True)
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("NZa-aanlevering van een aanbieder")
        verbose_name_plural = _("NZa-aanleveringen van aanbieders")
        ordering = ["netwerk", "-peildatum", "agb_code", "-vastgelegd_op", "-id"]
        indexes = [
            models.Index(fields=["netwerk", "peildatum"], name="nzaaanlevering_kwartaal_idx")
        ]
        constraints = [
            models.CheckConstraint(
                name="nzaaanlevering_peildatum_begin_kwartaal",
                condition=Q(peildatum__day=1, peildatum__month__in=QUARTER_MONTHS),
            ),
            models.CheckConstraint(
                name="nzaaanlevering_correctie_met_reden",
                condition=Q(status=RegelBron.BEVESTIGD) | ~Q(reden=""),
                violation_error_message=_("Geef de reden van de correctie."),
            ),
            models.CheckConstraint(
                name="nzaaanlevering_zes_weken_binnen_wachtend",
                condition=Q(zes_weken_of_langer__lte=F("wachtend")),
                violation_error_message=_(
                    "Het aantal dat 6 weken of langer wacht is niet groter dan het aantal "
                    "wachtenden."
                ),
            ),
            models.CheckConstraint(
                name="nzaaanlevering_fte_niet_negatief", condition=Q(fte_casemanagers__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agb_code} {self.peildatum:%d-%m-%Y} {self.status}"


class NzaHerinnering(models.Model):
    """A reminder to a provider that has not confirmed its figures; one per provider per
    network per day (the unique constraint makes the reminder job idempotent)."""

    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.CASCADE, related_name="+"
    )
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.CASCADE, related_name="+"
    )
    peildatum = models.DateField(_("peildatum"))
    datum = models.DateField(_("verstuurd op"))
    ontvangers = models.PositiveIntegerField(_("aantal ontvangers"), default=0)

    class Meta:
        verbose_name = _("NZa-herinnering")
        verbose_name_plural = _("NZa-herinneringen")
        ordering = ["-datum", "netwerk", "organisatie"]
        constraints = [
            models.UniqueConstraint(
                fields=["netwerk", "organisatie", "datum"], name="nzaherinnering_een_per_dag"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisatie_id} {self.datum:%d-%m-%Y}"


class NzaPortaalAanlevering(models.Model):
    """The network delivered this published version of its quarter to the NZa's
    Zorgbeeldportaal (the coordinator downloaded the file and marked it delivered)."""

    kwartaal = models.ForeignKey(
        NzaKwartaal,
        verbose_name=_("kwartaalversie"),
        on_delete=models.PROTECT,
        related_name="portaal_aanleveringen",
    )
    aangeleverd_op = models.DateTimeField(_("aangeleverd op"))
    aangeleverd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangeleverd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aanlevering aan het Zorgbeeldportaal")
        verbose_name_plural = _("aanleveringen aan het Zorgbeeldportaal")
        ordering = ["-aangeleverd_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["kwartaal"], name="nzaportaalaanlevering_een_per_versie"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kwartaal} {self.aangeleverd_op:%d-%m-%Y %H:%M}"
