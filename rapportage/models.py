"""Reports: the periodic voortgangsrapportage of a network and the national reports.

A report is built from a data snapshot (JSON, aggregates only) and rendered to PDF. Once
vastgesteld it is immutable: file, sha256 and snapshot stay as they are (a database trigger
refuses changes), so the PDF can be reproduced and verified; a new version supersedes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_planned_date
from netwerk.models import Netwerk

from .perioden import periode_in_bestandsnaam, periode_label


class RapportType(models.TextChoices):
    KWARTAAL = "kwartaal", _("Voortgangsrapportage (kwartaal)")
    JAAR = "jaar", _("Voortgangsrapportage (jaar)")
    LANDELIJK_WACHTLIJST = "landelijk_wachtlijst", _("Landelijke wachtlijstinventarisatie")
    SIGNALEN = "signalen", _("Overzicht van signalen")


NETWERK_TYPES = [RapportType.KWARTAAL, RapportType.JAAR]
# The first word of a report's file name (Rapport.bestandsnaam).
BESTANDSNAAM_SOORT = {
    RapportType.KWARTAAL: "voortgang",
    RapportType.JAAR: "voortgang",
    RapportType.LANDELIJK_WACHTLIJST: "wachtlijstinventarisatie",
    RapportType.SIGNALEN: "signalen",
}


class RapportStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    VERVANGEN = "vervangen", _("Vervangen")


class RapportQuerySet(models.QuerySet["Rapport"]):
    def visible_to(self, user) -> RapportQuerySet:
        from .permissions import filter_visible_rapporten

        return filter_visible_rapporten(self, user)


def rapport_pad(rapport: Rapport, filename: str) -> str:
    wie = rapport.netwerk.slug if rapport.netwerk_id else "landelijk"
    return f"rapporten/{wie}/{rapport.type}-{rapport.periode}-v{rapport.versie}.pdf"


class Rapport(models.Model):
    netwerk = models.ForeignKey(
        Netwerk,
        verbose_name=_("netwerk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rapporten",
        help_text=_("Leeg bij een landelijk rapport."),
    )
    type = models.CharField(_("soort"), max_length=24, choices=RapportType.choices)
    periode = models.CharField(_("periode"), max_length=10)
    periode_begin = models.DateField(_("begin periode"), validators=[validate_planned_date])
    periode_eind = models.DateField(_("einde periode"), validators=[validate_planned_date])
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=RapportStatus.choices, default=RapportStatus.CONCEPT
    )
    tekst_resultaten = models.TextField(_("behaalde resultaten"), blank=True)
    tekst_knelpunten = models.TextField(_("knelpunten"), blank=True)
    data = models.JSONField(_("gegevens"), encoder=DjangoJSONEncoder, default=dict)
    pdf = models.FileField(_("pdf"), upload_to=rapport_pad, blank=True)
    sha256 = models.CharField(_("sha256"), max_length=64, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gegenereerd_op = models.DateTimeField(_("gegenereerd op"), null=True, blank=True)
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-periode_eind", "netwerk__naam", "type", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["netwerk", "type", "periode", "versie"],
                nulls_distinct=False,
                name="rapport_een_per_netwerk_type_periode_versie",
            ),
            models.UniqueConstraint(
                fields=["netwerk", "type", "periode"],
                condition=Q(status="vastgesteld"),
                nulls_distinct=False,
                name="rapport_een_vastgesteld_per_periode",
            ),
            models.UniqueConstraint(
                fields=["netwerk", "type", "periode"],
                condition=Q(status="concept"),
                nulls_distinct=False,
                name="rapport_een_concept_per_periode",
            ),
            models.CheckConstraint(
                name="rapport_netwerk_bij_netwerktype",
                condition=Q(type__in=NETWERK_TYPES, netwerk__isnull=False)
                | (~Q(type__in=NETWERK_TYPES) & Q(netwerk__isnull=True)),
            ),
        ]
        indexes = [models.Index(fields=["netwerk", "type", "periode"], name="rapport_zoek_idx")]

    def __str__(self) -> str:
        wie = self.netwerk.naam if self.netwerk_id else "landelijk"
        return f"{self.get_type_display()} {self.periode_label} {wie} (versie {self.versie})"

    @property
    def periode_label(self) -> str:
        """'3e kwartaal 2026' (the code '2026Q3' is for machines)."""
        return periode_label(self.periode)

    @property
    def bestandsnaam(self) -> str:
        """The download's file name: what, whose, which period and version, so the reports of
        several networks and periods side by side in a downloads folder never collide:
        ``voortgang-dementienetwerk-haaglanden-2026-Q3-v1.pdf``."""
        soort = BESTANDSNAAM_SOORT[self.type]
        wie = self.netwerk.slug if self.netwerk_id else "landelijk"
        return f"{soort}-{wie}-{periode_in_bestandsnaam(self.periode)}-v{self.versie}.pdf"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == RapportStatus.VASTGESTELD


# --- The minimale dataset: exports and what was sent ------------------------------------------

REGISTER_DEMENTIEZORG = "Register Dementiezorg en Ondersteuning"


class MdsExportStatus(models.TextChoices):
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


class MdsExportQuerySet(models.QuerySet["MdsExport"]):
    def visible_to(self, user) -> MdsExportQuerySet:
        from .permissions import filter_visible_mds_exports

        return filter_visible_mds_exports(self, user)


def mds_pad(export: MdsExport, filename: str) -> str:
    return f"minimale-dataset/{export.wie}/{filename}"


class MdsExport(models.Model):
    """One export of the minimale dataset (rapportage.mds) of a network, or of every network
    (``netwerk`` empty), over a period. The pseudonymisation key is not stored anywhere: it
    lives in the memory of the job that wrote the files."""

    netwerk = models.ForeignKey(
        Netwerk,
        verbose_name=_("netwerk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mds_exports",
        help_text=_("Leeg bij de landelijke export van alle netwerken."),
    )
    periode = models.CharField(_("periode"), max_length=10)
    periode_begin = models.DateField(_("begin periode"), validators=[validate_planned_date])
    periode_eind = models.DateField(_("einde periode"), validators=[validate_planned_date])
    status = models.CharField(
        _("status"), max_length=8, choices=MdsExportStatus.choices, default=MdsExportStatus.BEZIG
    )
    percentage = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    stap = models.CharField(_("stap"), max_length=80, blank=True)
    aantal_trajecten = models.PositiveIntegerField(_("trajecten"), null=True, blank=True)
    aantal_in_zorg = models.PositiveIntegerField(
        _("in zorg op de peildatum"), null=True, blank=True
    )
    csv = models.FileField(_("CSV"), upload_to=mds_pad, blank=True)
    xlsx = models.FileField(_("Excel"), upload_to=mds_pad, blank=True)
    json = models.FileField(_("JSON"), upload_to=mds_pad, blank=True)
    sha256_csv = models.CharField(max_length=64, blank=True)
    sha256_xlsx = models.CharField(max_length=64, blank=True)
    sha256_json = models.CharField(max_length=64, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    gereed_op = models.DateTimeField(_("gereed op"), null=True, blank=True)
    duur_seconden = models.DecimalField(
        _("duur (s)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    objects = MdsExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export minimale dataset")
        verbose_name_plural = _("exports minimale dataset")
        ordering = ["-aangevraagd_op", "-pk"]

    def __str__(self) -> str:
        wie = self.netwerk.naam if self.netwerk_id else _("alle netwerken")
        return f"{_('Minimale dataset')} {periode_label(self.periode)} {wie} (#{self.pk})"

    @property
    def wie(self) -> str:
        return self.netwerk.slug if self.netwerk_id else "landelijk"

    def bestandsnaam(self, formaat: str) -> str:
        periode = periode_in_bestandsnaam(self.periode)
        return f"minimale-dataset-{self.wie}-{periode}-{self.pk}.{formaat}"


class MdsAanlevering(models.Model):
    """The network's contribution: an export sent to the Register Dementiezorg en
    Ondersteuning (Dementiezorg voor Elkaar), who recorded it and when."""

    export = models.ForeignKey(
        MdsExport, verbose_name=_("export"), on_delete=models.PROTECT, related_name="aanleveringen"
    )
    ontvanger = models.CharField(_("ontvanger"), max_length=100, default=REGISTER_DEMENTIEZORG)
    aangeleverd_op = models.DateField(_("aangeleverd op"), validators=[validate_planned_date])
    opmerking = models.CharField(_("opmerking"), max_length=300, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanlevering minimale dataset")
        verbose_name_plural = _("aanleveringen minimale dataset")
        ordering = ["-aangeleverd_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.ontvanger} {self.aangeleverd_op:%d-%m-%Y} ({self.export})"
