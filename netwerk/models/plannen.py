"""The network's meerjarenplan with its sections, jaarplannen, goals and indicators, and the
yearly voortgangsgesprek with the preferente zorgverzekeraar. Every model keeps history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.dates import validate_planned_date

from .partijen import Netwerk, Zorgverzekeraar


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    VERVANGEN = "vervangen", _("Vervangen")


class PlanBeoordeling(models.TextChoices):
    """The preferente zorgverzekeraar's answer to a submitted plan (docs/decisions/0019)."""

    GEEN = "", _("Nog niet beoordeeld")
    AKKOORD = "akkoord", _("Akkoord")
    OPMERKINGEN = "opmerkingen", _("Opmerkingen")


class Onderwerp(models.TextChoices):
    """The insurers' required topics of a meerjarenplan (all but OVERIG are required)."""

    ZORGSTANDAARD = "zorgstandaard", _("Implementatie van de Zorgstandaard Dementie en de Leidraad")
    ORGANISATIES = (
        "organisaties",
        _("Actieve betrokkenheid van organisaties, waaronder Alzheimer Nederland"),
    )
    GEMEENTEN = "gemeenten", _("Structurele betrokkenheid van gemeenten (Wmo) en andere sectoren")
    ERVARING = "ervaring", _("Ervaring benutten voor regiobrede deelname aan ketenzorg")
    BEWUSTWORDING = (
        "bewustwording",
        _("Bewustwording van ondersteuning over de wettelijke domeinen heen"),
    )
    WACHTLIJST = "wachtlijst", _("Terugdringen van wachtlijsten en wachttijden voor casemanagement")
    AANSLUITING = "aansluiting", _("Aansluiting op regionale plannen en structuren")
    OVERIG = "overig", _("Overig")


REQUIRED_ONDERWERPEN = [o for o in Onderwerp if o != Onderwerp.OVERIG]


class Meerjarenplan(models.Model):
    """A network's multi-year plan. Workflow: concept -> ingediend -> vastgesteld -> vervangen.
    An ingediend plan is adopted only after the preferente zorgverzekeraar agreed
    (``beoordeling`` akkoord); with comments it goes back to concept (docs/decisions/0019).

    Only a concept can be edited; a vastgesteld plan is read-only and is replaced by a new
    version (services.meerjarenplan_new_version), which stays readable when it is replaced.
    """

    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.CASCADE, related_name="plannen"
    )
    titel = models.CharField(_("titel"), max_length=200)
    startjaar = models.PositiveSmallIntegerField(
        _("eerste jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    eindjaar = models.PositiveSmallIntegerField(
        _("laatste jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    vorige_versie = models.ForeignKey(
        "self",
        verbose_name=_("vorige versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volgende_versies",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    beoordeling = models.CharField(
        _("beoordeling door de preferente zorgverzekeraar"),
        max_length=12,
        choices=PlanBeoordeling.choices,
        default=PlanBeoordeling.GEEN,
        blank=True,
    )
    beoordeling_toelichting = models.TextField(_("toelichting bij de beoordeling"), blank=True)
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vastgesteld_op = models.DateField(
        _("vastgesteld op"), null=True, blank=True, validators=[validate_planned_date]
    )
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meerjarenplan")
        verbose_name_plural = _("meerjarenplannen")
        ordering = ["netwerk", "-versie"]
        constraints = [
            models.CheckConstraint(
                name="plan_periode_klopt",
                condition=Q(eindjaar__gte=F("startjaar")) & Q(eindjaar__lte=F("startjaar") + 9),
                violation_error_message=_(
                    "Het laatste jaar ligt niet voor het eerste en een plan duurt hooguit 10 jaar."
                ),
            ),
            models.UniqueConstraint(
                fields=["netwerk", "versie"], name="plan_versie_uniek_per_netwerk"
            ),
            models.UniqueConstraint(
                fields=["netwerk"],
                condition=Q(status=PlanStatus.VASTGESTELD),
                name="plan_een_vastgesteld_per_netwerk",
                violation_error_message=_("Dit netwerk heeft al een vastgesteld plan."),
            ),
            models.UniqueConstraint(
                fields=["netwerk"],
                condition=Q(status__in=[PlanStatus.CONCEPT, PlanStatus.INGEDIEND]),
                name="plan_een_in_bewerking_per_netwerk",
                violation_error_message=_("Dit netwerk heeft al een plan in concept of ingediend."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.startjaar}-{self.eindjaar}, versie {self.versie})"

    @property
    def is_bewerkbaar(self) -> bool:
        return self.status == PlanStatus.CONCEPT

    @property
    def jaren(self) -> range:
        return range(self.startjaar, self.eindjaar + 1)


class PlanSectie(models.Model):
    plan = models.ForeignKey(
        Meerjarenplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="secties"
    )
    onderwerp = models.CharField(_("onderwerp"), max_length=16, choices=Onderwerp.choices)
    titel = models.CharField(_("titel"), max_length=200, blank=True)
    tekst = models.TextField(_("tekst"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plansectie")
        verbose_name_plural = _("plansecties")
        ordering = ["plan", "volgorde", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "onderwerp"],
                condition=~Q(onderwerp=Onderwerp.OVERIG),
                name="plansectie_verplicht_onderwerp_eenmaal",
            )
        ]

    def __str__(self) -> str:
        return self.kop

    @property
    def kop(self) -> str:
        if self.onderwerp == Onderwerp.OVERIG:
            return self.titel or str(Onderwerp.OVERIG.label)
        return str(Onderwerp(self.onderwerp).label)

    @property
    def is_verplicht(self) -> bool:
        return self.onderwerp != Onderwerp.OVERIG


class Jaarplan(models.Model):
    """The yearly update of the plan: actions for one year. Editable while the plan runs."""

    plan = models.ForeignKey(
        Meerjarenplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="jaarplannen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    toelichting = models.TextField(_("toelichting"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jaarplan")
        verbose_name_plural = _("jaarplannen")
        ordering = ["plan", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "jaar"], name="jaarplan_een_per_jaar")
        ]

    def __str__(self) -> str:
        return f"Jaarplan {self.jaar}"


class ActieStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Loopt")
    AFGEROND = "afgerond", _("Afgerond")
    VERVALLEN = "vervallen", _("Vervallen")


class Actie(models.Model):
    jaarplan = models.ForeignKey(
        Jaarplan, verbose_name=_("jaarplan"), on_delete=models.CASCADE, related_name="acties"
    )
    omschrijving = models.CharField(_("actie"), max_length=300)
    eigenaar = models.CharField(_("eigenaar"), max_length=150)
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, validators=[validate_planned_date]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActieStatus.choices, default=ActieStatus.GEPLAND
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["jaarplan", "deadline", "id"]

    def __str__(self) -> str:
        return self.omschrijving


class Doel(models.Model):
    plan = models.ForeignKey(
        Meerjarenplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="doelen"
    )
    titel = models.CharField(_("doel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    onderwerp = models.CharField(
        _("hoort bij onderwerp"), max_length=16, choices=Onderwerp.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.titel


class Indicator(models.Model):
    doel = models.ForeignKey(
        Doel, verbose_name=_("doel"), on_delete=models.CASCADE, related_name="indicatoren"
    )
    naam = models.CharField(_("indicator"), max_length=200)
    eenheid = models.CharField(_("eenheid"), max_length=30, help_text=_("Bijvoorbeeld %, dagen."))
    basiswaarde = models.DecimalField(_("beginwaarde"), max_digits=12, decimal_places=2)
    hoger_is_beter = models.BooleanField(
        _("hoger is beter"),
        default=True,
        help_text=_("Uitvinken als een lagere waarde beter is, zoals bij wachttijden."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["doel", "id"]

    def __str__(self) -> str:
        return self.naam


class Streefwaarde(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="streefwaarden",
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    waarde = models.DecimalField(_("streefwaarde"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        ordering = ["indicator", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "jaar"], name="streefwaarde_een_per_jaar")
        ]

    def __str__(self) -> str:
        return f"{self.jaar}: {self.waarde}"


class Realisatie(models.Model):
    """A measured value of an indicator. Can be added while the plan is vastgesteld."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="realisaties"
    )
    datum = models.DateField(_("peildatum"), validators=[validate_planned_date])
    waarde = models.DecimalField(_("gerealiseerd"), max_digits=12, decimal_places=2)
    toelichting = models.CharField(_("toelichting"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["indicator", "datum", "id"]

    def __str__(self) -> str:
        return f"{self.datum}: {self.waarde}"


class VoortgangsgesprekQuerySet(models.QuerySet["Voortgangsgesprek"]):
    def visible_to(self, user) -> VoortgangsgesprekQuerySet:
        from ..permissions import filter_visible_voortgangsgesprekken

        return filter_visible_voortgangsgesprekken(self, user)


class Voortgangsgesprek(models.Model):
    """The (at least yearly) progress meeting of the network with its preferente verzekeraar.
    Read by the network's coordinator, its preferente verzekeraar and the national roles only
    (netwerk.permissions)."""

    netwerk = models.ForeignKey(
        Netwerk,
        verbose_name=_("netwerk"),
        on_delete=models.CASCADE,
        related_name="voortgangsgesprekken",
    )
    zorgverzekeraar = models.ForeignKey(
        Zorgverzekeraar,
        verbose_name=_("zorgverzekeraar"),
        on_delete=models.PROTECT,
        related_name="voortgangsgesprekken",
    )
    datum = models.DateField(
        _("datum"),
        validators=[validate_planned_date],
        help_text=_("Een datum na vandaag: het gesprek is gepland."),
    )
    deelnemers = models.TextField(_("deelnemers"), help_text=_("Namen en functies, één per regel."))
    samenvatting = models.TextField(_("samenvatting"), blank=True)

    objects = VoortgangsgesprekQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgangsgesprek")
        verbose_name_plural = _("voortgangsgesprekken")
        ordering = ["netwerk", "-datum"]

    def __str__(self) -> str:
        return f"Voortgangsgesprek {self.datum:%d-%m-%Y}"

    def is_gepland(self, vandaag) -> bool:
        """Dated after today: planned, not held yet."""
        return self.datum > vandaag


class Afspraak(models.Model):
    gesprek = models.ForeignKey(
        Voortgangsgesprek,
        verbose_name=_("voortgangsgesprek"),
        on_delete=models.CASCADE,
        related_name="afspraken",
    )
    omschrijving = models.CharField(_("afspraak"), max_length=300)
    eigenaar = models.CharField(_("wie"), max_length=150)
    opvolgdatum = models.DateField(
        _("opvolgen op"), null=True, blank=True, validators=[validate_planned_date]
    )
    afgerond = models.BooleanField(_("afgerond"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["gesprek", "opvolgdatum", "id"]

    def __str__(self) -> str:
        return self.omschrijving
