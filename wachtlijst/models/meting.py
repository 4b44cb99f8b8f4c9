"""Stored waitlist facts: the daily measurement per network (the trend and the national
picture read it) and the alerts already given (each client once per threshold)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_event_date
from casemanagement.models import Aanmelding
from netwerk.models import Netwerk


class Drempel(models.TextChoices):
    SIGNAAL = "signaal", _("Signaalgrens gepasseerd")
    NORM = "norm", _("Treeknorm overschreden")


class WachtlijstMelding(models.Model):
    """A client reported to the coordinators for passing a threshold. Unique per threshold,
    so the daily job reports each client once per threshold."""

    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="wachtlijstmeldingen"
    )
    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    drempel = models.CharField(_("drempel"), max_length=8, choices=Drempel.choices)
    gecorrigeerd_dagen = models.PositiveIntegerField(_("gecorrigeerde wachttijd"))
    peildatum = models.DateField(_("gemeld op"), validators=[validate_event_date])

    class Meta:
        verbose_name = _("wachtlijstmelding")
        verbose_name_plural = _("wachtlijstmeldingen")
        ordering = ["-peildatum", "drempel"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanmelding", "drempel"], name="wachtlijstmelding_eenmaal_per_drempel"
            )
        ]
        indexes = [models.Index(fields=["netwerk", "-peildatum"], name="wlmelding_netwerk_idx")]

    def __str__(self) -> str:
        return f"{self.get_drempel_display()} ({self.peildatum:%d-%m-%Y})"


class WachtlijstMeting(models.Model):
    """The waitlist of a network on one day, as measured by the daily job (or backfilled).
    Figures, never persons: safe to keep and to show in aggregates."""

    netwerk = models.ForeignKey(
        Netwerk, on_delete=models.CASCADE, related_name="wachtlijstmetingen"
    )
    peildatum = models.DateField(_("peildatum"), validators=[validate_event_date])
    aantal_wachtend = models.PositiveIntegerField()
    aantal_wenswachtend = models.PositiveIntegerField()
    aantal_dreigt = models.PositiveIntegerField()
    aantal_boven_treeknorm = models.PositiveIntegerField()
    aantal_zes_weken_of_langer = models.PositiveIntegerField()
    mediaan_wachtdagen = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    p90_wachtdagen = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    langste_wachtdagen = models.PositiveIntegerField(null=True)
    mediaan_wachtdagen_gecorrigeerd = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    p90_wachtdagen_gecorrigeerd = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    langste_wachtdagen_gecorrigeerd = models.PositiveIntegerField(null=True)
    aangemaakt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wachtlijstmeting")
        verbose_name_plural = _("wachtlijstmetingen")
        ordering = ["netwerk", "-peildatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["netwerk", "peildatum"], name="wachtlijstmeting_een_per_dag"
            )
        ]

    def __str__(self) -> str:
        return f"{self.netwerk} {self.peildatum:%d-%m-%Y}: {self.aantal_wachtend}"
