"""The parties of the network: gemeenten, netwerken, organisaties, zorgverzekeraars, and who
acts for which (Membership)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    BigIntegerRangeField,
    DateRangeField,
    RangeOperators,
)
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.dates import BEGIN_OF_RECORDS, validate_planned_date
from accounts.models import Role

from ..validators import (
    validate_agb_code,
    validate_cbs_code,
    validate_kvk_nummer,
    validate_uzovi_code,
)


class DateRange(Func):
    """PostgreSQL daterange(lower, upper, '[)') for exclusion constraints; upper NULL = open."""

    function = "DATERANGE"
    output_field = DateRangeField()


class IdRange(Func):
    """The one-value range [id, id] of a foreign key. Exclusion constraints compare it with
    && instead of comparing the id with =, which would need the btree_gist extension (not
    available in every PostgreSQL, e.g. the embedded one of `make run`)."""

    function = "INT8RANGE"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = BigIntegerRangeField()

    def __init__(self, field: str):
        super().__init__(F(field), F(field))


class Provincie(models.TextChoices):
    GRONINGEN = "Groningen", "Groningen"
    FRYSLAN = "Fryslân", "Fryslân"
    DRENTHE = "Drenthe", "Drenthe"
    OVERIJSSEL = "Overijssel", "Overijssel"
    FLEVOLAND = "Flevoland", "Flevoland"
    GELDERLAND = "Gelderland", "Gelderland"
    UTRECHT = "Utrecht", "Utrecht"
    NOORD_HOLLAND = "Noord-Holland", "Noord-Holland"
    ZUID_HOLLAND = "Zuid-Holland", "Zuid-Holland"
    ZEELAND = "Zeeland", "Zeeland"
    NOORD_BRABANT = "Noord-Brabant", "Noord-Brabant"
    LIMBURG = "Limburg", "Limburg"


class Gemeente(models.Model):
    """A Dutch municipality (CBS). Merged gemeenten stay, inactive, for history."""

    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[validate_cbs_code]
    )
    naam = models.CharField(_("naam"), max_length=100)
    provincie = models.CharField(_("provincie"), max_length=20, choices=Provincie.choices)
    actief = models.BooleanField(_("bestaat nog"), default=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Bevolking(models.Model):
    """Population figures of a gemeente in a year, as the capacity model needs them."""

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="bevolking"
    )
    jaar = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    inwoners_65_plus = models.PositiveIntegerField(_("inwoners 65 jaar en ouder"))
    inwoners_65_79 = models.PositiveIntegerField(_("inwoners 65-79 jaar"), null=True, blank=True)
    inwoners_80_plus = models.PositiveIntegerField(
        _("inwoners 80 jaar en ouder"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("bevolkingscijfer")
        verbose_name_plural = _("bevolkingscijfers")
        ordering = ["gemeente__naam", "-jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar"],
                name="bevolking_een_per_gemeente_per_jaar",
                violation_error_message=_("Voor deze gemeente en dit jaar zijn er al cijfers."),
            ),
            models.CheckConstraint(
                name="bevolking_leeftijdsgroepen_tellen_op",
                condition=Q(inwoners_65_79__isnull=True)
                | Q(inwoners_80_plus__isnull=True)
                | Q(inwoners_65_plus=F("inwoners_65_79") + F("inwoners_80_plus")),
                violation_error_message=_(
                    "65-79 jaar en 80 jaar en ouder moeten samen het aantal 65-plussers zijn."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.jaar}"


class NetwerkQuerySet(models.QuerySet["Netwerk"]):
    def visible_to(self, user) -> NetwerkQuerySet:
        from ..permissions import filter_visible_netwerken

        return filter_visible_netwerken(self, user)


class Netwerk(models.Model):
    """A regional dementia network (dementienetwerk, keten dementie)."""

    naam = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("korte naam in adressen"), max_length=80, unique=True)
    website = models.URLField(_("website"), blank=True)
    preferente_zorgverzekeraar = models.ForeignKey(
        "Zorgverzekeraar",
        verbose_name=_("preferente zorgverzekeraar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preferente_netwerken",
    )
    treeknorm_signaal_dagen = models.PositiveSmallIntegerField(
        _("signaalgrens wachttijd (dagen)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(42)],
        help_text=_("Boven deze gecorrigeerde wachttijd dreigt de Treeknorm (42 dagen)."),
    )
    streefpercentage_binnen_4_weken = models.PositiveSmallIntegerField(
        _("streefpercentage gestart binnen 4 weken"),
        default=80,
        validators=[MaxValueValidator(100)],
    )
    caseload_norm = models.DecimalField(
        _("caseloadnorm (cliënten per fte)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("40.0"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    prevalentie_thuiswonend = models.DecimalField(
        _("thuiswonende mensen met dementie (% van 65-plussers)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("5.60"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("50"))],
    )
    aandeel_vraag_casemanagement = models.PositiveSmallIntegerField(
        _("deel dat casemanagement nodig heeft (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
    )

    objects = NetwerkQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["slug"])

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Werkgebied(models.Model):
    """A gemeente in a network's werkgebied for a period. A gemeente belongs to one network at
    a time: an exclusion constraint refuses overlapping periods for the same gemeente."""

    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.CASCADE, related_name="werkgebied"
    )
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="werkgebieden"
    )
    geldig_van = models.DateField(
        _("vanaf"), default=BEGIN_OF_RECORDS, validators=[validate_planned_date]
    )
    geldig_tot = models.DateField(
        _("tot"), null=True, blank=True, validators=[validate_planned_date]
    )

    class Meta:
        verbose_name = _("gemeente in werkgebied")
        verbose_name_plural = _("werkgebied")
        ordering = ["gemeente__naam"]
        constraints = [
            ExclusionConstraint(
                name="werkgebied_gemeente_een_netwerk_tegelijk",
                expressions=[
                    (IdRange("gemeente"), RangeOperators.OVERLAPS),
                    (DateRange("geldig_van", "geldig_tot"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Deze gemeente hoort in die periode al bij een (ander) netwerk."
                ),
            ),
            models.CheckConstraint(
                name="werkgebied_periode_loopt_vooruit",
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gt=F("geldig_van")),
                violation_error_message=_("De einddatum ligt niet na de begindatum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} ({self.netwerk})"


class OrganisatieType(models.TextChoices):
    VVT = "vvt", _("VVT-aanbieder")
    WELZIJN = "welzijn", _("Welzijn")
    HUISARTSEN = "huisartsen", _("Huisartsenorganisatie")
    GEMEENTE = "gemeente", _("Gemeente")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis / geheugenpoli")
    GGZ = "ggz", _("GGZ")
    ALZHEIMER = "alzheimer", _("Alzheimer Nederland afdeling")
    ANDERS = "anders", _("Anders")


class Organisatie(models.Model):
    """An organisation that takes part in one or more networks (samenwerkingspartner)."""

    naam = models.CharField(_("naam"), max_length=200)
    type = models.CharField(
        _("soort organisatie"),
        max_length=16,
        choices=OrganisatieType.choices,
        default=OrganisatieType.ANDERS,
    )
    kvk_nummer = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[validate_kvk_nummer]
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_nummer"],
                condition=~Q(kvk_nummer=""),
                name="organisatie_kvk_uniek",
                violation_error_message=_("Er is al een organisatie met dit KvK-nummer."),
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Vestiging(models.Model):
    """A location of an organisation with its own AGB code: the unit of NZa reporting."""

    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="vestigingen",
    )
    naam = models.CharField(_("naam"), max_length=200)
    agb_code = models.CharField(
        _("AGB-code"), max_length=8, unique=True, validators=[validate_agb_code]
    )
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, null=True, blank=True
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["organisatie__naam", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.agb_code})"


class AansluitingRol(models.TextChoices):
    DIAGNOSTIEK = "diagnostiek", _("Diagnostiek")
    ONTMOETING = "ontmoeting", _("Ontmoetingscentrum / dagbesteding")
    MANTELZORG = "mantelzorg", _("Mantelzorgondersteuning")
    VOORLICHTING = "voorlichting", _("Voorlichting en scholing")
    HUISARTSENZORG = "huisartsenzorg", _("Huisartsenzorg")
    WMO = "wmo", _("Wmo-ondersteuning")
    BELANGENBEHARTIGING = "belangen", _("Belangenbehartiging")
    ANDERS = "anders", _("Anders")


class Aansluiting(models.Model):
    """An organisation's affiliation to a network for a period, with the roles it plays.

    Only organisations with ``levert_casemanagement`` on the date in question may provide
    casemanagement in the network (selectors.casemanagement_aanbieders).
    """

    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.CASCADE, related_name="aansluitingen"
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="aansluitingen",
    )
    geldig_van = models.DateField(_("aangesloten vanaf"), validators=[validate_planned_date])
    geldig_tot = models.DateField(
        _("aangesloten tot"),
        null=True,
        blank=True,
        validators=[validate_planned_date],
        help_text=_("Leeg laten zolang de aansluiting loopt. De dag zelf telt niet meer mee."),
    )
    levert_casemanagement = models.BooleanField(_("levert casemanagement dementie"), default=False)
    rollen = ArrayField(
        models.CharField(max_length=16, choices=AansluitingRol.choices),
        verbose_name=_("overige rollen in het netwerk"),
        default=list,
        blank=True,
    )

    class Meta:
        verbose_name = _("aansluiting")
        verbose_name_plural = _("aansluitingen")
        ordering = ["organisatie__naam", "-geldig_van"]
        constraints = [
            ExclusionConstraint(
                name="aansluiting_geen_overlap",
                expressions=[
                    (IdRange("netwerk"), RangeOperators.OVERLAPS),
                    (IdRange("organisatie"), RangeOperators.OVERLAPS),
                    (DateRange("geldig_van", "geldig_tot"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Deze organisatie is in die periode al bij dit netwerk aangesloten."
                ),
            ),
            models.CheckConstraint(
                name="aansluiting_periode_loopt_vooruit",
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gt=F("geldig_van")),
                violation_error_message=_("De einddatum ligt niet na de begindatum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} – {self.netwerk}"

    @property
    def rollen_labels(self) -> list[str]:
        return [str(AansluitingRol(rol).label) for rol in self.rollen]

    def is_actief_op(self, peildatum: dt.date) -> bool:
        return self.geldig_van <= peildatum and (
            self.geldig_tot is None or peildatum < self.geldig_tot
        )


class Zorgverzekeraar(models.Model):
    naam = models.CharField(_("naam"), max_length=150, unique=True)
    uzovi_code = models.CharField(
        _("UZOVI-code"), max_length=4, unique=True, validators=[validate_uzovi_code]
    )

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
