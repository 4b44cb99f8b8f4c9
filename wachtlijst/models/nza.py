"""NZa-transparantie: a network's quarterly figures per vestiging (AGB code), kept as an
immutable snapshot.

A quarter (NzaKwartaal) is made as a concept, checked by the coordinator and published. A
published quarter and its rows never change: later corrections of the underlying data do not
touch it, and a correction is a new version with a reason that replaces it on publication.
The database enforces this with triggers (migration 0003); the ORM guards below only give a
clear error earlier.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_event_date
from netwerk.models import Netwerk

QUARTER_MONTHS = (1, 4, 7, 10)


class KwartaalStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")
    VERVANGEN = "vervangen", _("Vervangen")


OOIT_GEPUBLICEERD = (KwartaalStatus.GEPUBLICEERD, KwartaalStatus.VERVANGEN)


class KwartaalOnveranderlijk(ValidationError):
    """A published (or replaced) quarter, or one of its rows, was about to change."""

    def __init__(self) -> None:
        super().__init__(
            _("Een gepubliceerd kwartaal verandert niet meer; maak een correctie."),
            code="onveranderlijk",
        )


class NzaKwartaalQuerySet(models.QuerySet["NzaKwartaal"]):
    def visible_to(self, user) -> NzaKwartaalQuerySet:
        from ..nza.permissions import filter_visible_kwartalen

        return filter_visible_kwartalen(self, user)

    def gepubliceerd(self) -> NzaKwartaalQuerySet:
        """The current published version of each quarter."""
        return self.filter(status=KwartaalStatus.GEPUBLICEERD)

    def ooit_gepubliceerd(self) -> NzaKwartaalQuerySet:
        """Versions that were made public at some time (current or since replaced)."""
        return self.filter(status__in=OOIT_GEPUBLICEERD)

    def delete(self):
        if self.exclude(status=KwartaalStatus.CONCEPT).exists():
            raise KwartaalOnveranderlijk
        return super().delete()


class NzaKwartaal(models.Model):
    """One version of a network's NZa figures on a peildatum (1 January, April, July or
    October), with the network totals. Totals are the sums of the rows;
    ``gemiddelde_wachtdagen`` is the mean NZa wait of those waiting on the peildatum."""

    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="nza_kwartalen"
    )
    peildatum = models.DateField(_("peildatum"), validators=[validate_event_date])
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=KwartaalStatus.choices, default=KwartaalStatus.CONCEPT
    )
    reden = models.TextField(
        _("reden van de correctie"),
        max_length=1000,
        blank=True,
        help_text=_("Verplicht vanaf versie 2: waarom de gepubliceerde cijfers niet klopten."),
    )
    aangemaakt_op = models.DateTimeField(_("berekend op"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("berekend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    gepubliceerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aantal_wachtend = models.PositiveIntegerField(_("wachtend"))
    aantal_zes_weken_of_langer = models.PositiveIntegerField(_("wachtend 6 weken of langer"))
    aantal_in_zorg = models.PositiveIntegerField(_("in zorg"))
    fte_casemanagers = models.DecimalField(_("fte casemanagers"), max_digits=8, decimal_places=2)
    aantal_casemanagers = models.PositiveIntegerField(_("aantal casemanagers"))
    gemiddelde_wachtdagen = models.DecimalField(
        _("gemiddelde wachttijd (dagen)"), max_digits=6, decimal_places=1, null=True, blank=True
    )

    objects = NzaKwartaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("NZa-kwartaal")
        verbose_name_plural = _("NZa-kwartalen")
        ordering = ["netwerk", "-peildatum", "-versie"]
        constraints = [
            models.CheckConstraint(
                name="nzakwartaal_peildatum_begin_kwartaal",
                condition=Q(peildatum__day=1, peildatum__month__in=QUARTER_MONTHS),
                violation_error_message=_(
                    "De peildatum is 1 januari, 1 april, 1 juli of 1 oktober."
                ),
            ),
            models.CheckConstraint(
                name="nzakwartaal_correctie_met_reden",
                condition=Q(versie=1) | (Q(versie__gt=1) & ~Q(reden="")),
                violation_error_message=_("Geef de reden van de correctie."),
            ),
            models.CheckConstraint(
                name="nzakwartaal_publicatie_vastgelegd",
                condition=Q(status=KwartaalStatus.CONCEPT)
                | Q(gepubliceerd_op__isnull=False, gepubliceerd_door__isnull=False),
                violation_error_message=_("Een gepubliceerd kwartaal heeft een publicatiedatum."),
            ),
            models.CheckConstraint(
                name="nzakwartaal_zes_weken_binnen_wachtend",
                condition=Q(aantal_zes_weken_of_langer__lte=F("aantal_wachtend")),
            ),
            models.UniqueConstraint(
                fields=["netwerk", "peildatum", "versie"],
                name="nzakwartaal_versie_uniek",
                violation_error_message=_("Deze versie van dit kwartaal bestaat al."),
            ),
            models.UniqueConstraint(
                fields=["netwerk", "peildatum"],
                condition=Q(status=KwartaalStatus.GEPUBLICEERD),
                name="nzakwartaal_een_gepubliceerd",
                violation_error_message=_("Van dit kwartaal is al een versie gepubliceerd."),
            ),
            models.UniqueConstraint(
                fields=["netwerk", "peildatum"],
                condition=Q(status=KwartaalStatus.CONCEPT),
                name="nzakwartaal_een_concept",
                violation_error_message=_("Van dit kwartaal is al een concept in bewerking."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.netwerk} {self.peildatum:%d-%m-%Y} v{self.versie}"

    def save(self, *args, **kwargs) -> None:
        """Refuses any change of a published or replaced version, except marking the
        published version as replaced (``save(update_fields=["status"])``)."""
        stored = self._status_in_database()
        if stored not in (None, KwartaalStatus.CONCEPT):
            replacing = (
                stored == KwartaalStatus.GEPUBLICEERD
                and self.status == KwartaalStatus.VERVANGEN
                and list(kwargs.get("update_fields") or []) == ["status"]
            )
            if not replacing:
                raise KwartaalOnveranderlijk
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._status_in_database() not in (None, KwartaalStatus.CONCEPT):
            raise KwartaalOnveranderlijk
        return super().delete(*args, **kwargs)

    @property
    def is_concept(self) -> bool:
        return self.status == KwartaalStatus.CONCEPT

    @property
    def is_gepubliceerd(self) -> bool:
        return self.status == KwartaalStatus.GEPUBLICEERD

    def _status_in_database(self) -> str | None:
        if self.pk is None:
            return None
        return NzaKwartaal.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class NzaKwartaalRegelQuerySet(models.QuerySet["NzaKwartaalRegel"]):
    def delete(self):
        if self.exclude(kwartaal__status=KwartaalStatus.CONCEPT).exists():
            raise KwartaalOnveranderlijk
        return super().delete()


class NzaKwartaalRegel(models.Model):
    """The figures of one vestiging (AGB code) in a quarter. Names are copied, so the snapshot
    stays as published when an organisation or vestiging is renamed.

    Two kinds of row have no AGB code: aanmeldingen at the network without a provider yet
    ("Centraal aangemeld"), and an organisation without an active vestiging (its figures
    would otherwise be lost; the coordinator sees the gap)."""

    kwartaal = models.ForeignKey(
        NzaKwartaal, verbose_name=_("kwartaal"), on_delete=models.CASCADE, related_name="regels"
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    agb_code = models.CharField(_("AGB-code"), max_length=8, blank=True)
    vestiging_naam = models.CharField(_("vestiging"), max_length=200)
    organisatie_naam = models.CharField(_("organisatie"), max_length=200, blank=True)
    wachtend = models.PositiveIntegerField(_("wachtend"))
    zes_weken_of_langer = models.PositiveIntegerField(_("wachtend 6 weken of langer"))
    in_zorg = models.PositiveIntegerField(_("in zorg"))
    fte_casemanagers = models.DecimalField(_("fte casemanagers"), max_digits=7, decimal_places=2)
    aantal_casemanagers = models.PositiveIntegerField(_("aantal casemanagers"))
    # berekend / bevestigd / gecorrigeerd (nza_cyclus.RegelBron): where the figures come from
    bron = models.CharField(_("bron"), max_length=12, default="berekend")

    objects = NzaKwartaalRegelQuerySet.as_manager()

    class Meta:
        verbose_name = _("NZa-kwartaalregel")
        verbose_name_plural = _("NZa-kwartaalregels")
        ordering = ["kwartaal", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["kwartaal", "volgorde"], name="nzakwartaalregel_volgorde_uniek"
            ),
            models.UniqueConstraint(
                fields=["kwartaal", "agb_code"],
                condition=~Q(agb_code=""),
                name="nzakwartaalregel_agb_uniek",
            ),
            models.CheckConstraint(
                name="nzakwartaalregel_zes_weken_binnen_wachtend",
                condition=Q(zes_weken_of_langer__lte=F("wachtend")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vestiging_naam} ({self.agb_code or '-'})"

    def save(self, *args, **kwargs) -> None:
        if not self._kwartaal_is_concept():
            raise KwartaalOnveranderlijk
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self._kwartaal_is_concept():
            raise KwartaalOnveranderlijk
        return super().delete(*args, **kwargs)

    @property
    def is_centraal(self) -> bool:
        return not self.agb_code and not self.organisatie_naam

    def _kwartaal_is_concept(self) -> bool:
        return NzaKwartaal.objects.filter(
            pk=self.kwartaal_id, status=KwartaalStatus.CONCEPT
        ).exists()
