"""Casemanagers, trajecten (one client's casemanagement), indications, contacts and outcome
measurements."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Floor
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.dates import validate_event_date, validate_planned_date
from netwerk.models import Gemeente, Netwerk, Organisatie

from .clienten import Aanmelding, Client


class Achtergrond(models.TextChoices):
    VERPLEEGKUNDIGE = "verpleegkundige", _("Verpleegkundige")
    SOCIAAL_WERK = "sociaal_werk", _("Sociaal werk")


def plaatsen_voor(fte: Decimal, caseload_norm: Decimal) -> int:
    """The clients a casemanager can carry: fte x the network's caseload norm, rounded down.
    CasemanagerQuerySet.with_caseload computes the same in SQL (tested to agree)."""
    return int(fte * caseload_norm)


class CasemanagerQuerySet(models.QuerySet["Casemanager"]):
    def visible_to(self, user) -> CasemanagerQuerySet:
        from ..permissions import filter_visible_casemanagers

        return filter_visible_casemanagers(self, user)

    def with_caseload(self) -> CasemanagerQuerySet:
        """Annotate ``caseload`` (open trajecten), ``plaatsen`` (plaatsen_voor, in SQL) and
        ``vrije_plaatsen`` (negative past the norm), in the same query."""
        open_trajecten = (
            Traject.objects.filter(casemanager=OuterRef("pk"), einddatum__isnull=True)
            .order_by()
            .values("casemanager")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("user", "organisatie", "netwerk").annotate(
            caseload=Coalesce(Subquery(open_trajecten, output_field=IntegerField()), Value(0)),
            plaatsen=Cast(Floor(F("fte") * F("netwerk__caseload_norm")), IntegerField()),
            vrije_plaatsen=F("plaatsen") - F("caseload"),
        )


class Casemanager(models.Model):
    """A casemanager dementie: a user working for an affiliated organisation in a network.
    Caseload = open trajecten; capacity = fte x the network's caseload norm."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="casemanager",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="casemanagers",
    )
    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="casemanagers"
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
    actief = models.BooleanField(_("actief"), default=True)

    objects = CasemanagerQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[werkgebied])

    class Meta:
        verbose_name = _("casemanager")
        verbose_name_plural = _("casemanagers")
        ordering = ["user__naam"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_verpleegkundige(self) -> bool:
        return self.achtergrond == Achtergrond.VERPLEEGKUNDIGE

    def capaciteit(self, caseload_norm: Decimal) -> int:
        """Number of clients this casemanager can carry: fte x norm, rounded down."""
        return plaatsen_voor(self.fte, caseload_norm)

    def huidige_caseload(self) -> int:
        """Open trajecten now (count it with the casemanager row locked when assigning)."""
        return self.trajecten.filter(einddatum__isnull=True).count()


class Intensiteit(models.TextChoices):
    LICHT = "licht", _("Licht")
    MIDDEN = "midden", _("Midden")
    INTENSIEF = "intensief", _("Intensief")


class Eindreden(models.TextChoices):
    OPNAME = "opname", _("Opname")
    OVERLIJDEN = "overlijden", _("Overlijden")
    VERHUIZING = "verhuizing", _("Verhuizing")
    AFZIEN = "afzien", _("Afgezien van casemanagement")
    HUISARTS = "huisarts", _("Overgedragen aan huisarts/POH")


class TrajectQuerySet(models.QuerySet["Traject"]):
    def visible_to(self, user) -> TrajectQuerySet:
        from ..permissions import filter_visible_trajecten

        return filter_visible_trajecten(self, user)

    def open(self) -> TrajectQuerySet:
        return self.filter(einddatum__isnull=True)


class Traject(models.Model):
    """One client's casemanagement, from assignment to end, with one vaste casemanager.

    Created at assignment (toewijzing); starts at the first contact (``startdatum``), which
    also stops the waitlist clock of its aanmelding. At most one open traject per client: a
    partial unique index guarantees it, also under concurrent requests.
    """

    client = models.ForeignKey(
        Client, verbose_name=_("cliënt"), on_delete=models.PROTECT, related_name="trajecten"
    )
    aanmelding = models.OneToOneField(
        Aanmelding, verbose_name=_("aanmelding"), on_delete=models.PROTECT, related_name="traject"
    )
    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="trajecten"
    )
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("aanbieder"), on_delete=models.PROTECT, related_name="trajecten"
    )
    casemanager = models.ForeignKey(
        Casemanager,
        verbose_name=_("casemanager"),
        on_delete=models.PROTECT,
        related_name="trajecten",
    )
    toegewezen_op = models.DateField(_("toegewezen op"), validators=[validate_event_date])
    startdatum = models.DateField(
        _("in zorg sinds"), null=True, blank=True, validators=[validate_event_date]
    )
    intensiteit = models.CharField(
        _("intensiteit"), max_length=10, choices=Intensiteit.choices, default=Intensiteit.MIDDEN
    )
    einddatum = models.DateField(
        _("afgesloten op"), null=True, blank=True, validators=[validate_event_date]
    )
    eindreden = models.CharField(
        _("reden einde"), max_length=12, choices=Eindreden.choices, blank=True
    )
    nazorg_tot = models.DateField(
        _("nazorg mantelzorger tot"), null=True, blank=True, validators=[validate_planned_date]
    )

    objects = TrajectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-toegewezen_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(einddatum__isnull=True),
                name="traject_een_open_per_client",
                violation_error_message=_("Deze cliënt heeft al een lopend traject."),
            ),
            models.CheckConstraint(
                name="traject_einde_met_reden",
                condition=Q(einddatum__isnull=True) | ~Q(eindreden=""),
                violation_error_message=_("Geef de reden waarom het traject eindigt."),
            ),
            models.CheckConstraint(
                name="traject_data_op_volgorde",
                condition=(Q(startdatum__isnull=True) | Q(startdatum__gte=F("toegewezen_op")))
                & (Q(einddatum__isnull=True) | Q(einddatum__gte=F("toegewezen_op")))
                & (
                    Q(einddatum__isnull=True)
                    | Q(startdatum__isnull=True)
                    | Q(einddatum__gte=F("startdatum"))
                ),
                violation_error_message=_("De data van het traject liggen niet op volgorde."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["casemanager"],
                condition=Q(einddatum__isnull=True),
                name="traject_open_casemanager_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Traject {self.client_id} ({self.toegewezen_op:%d-%m-%Y})"

    @property
    def is_open(self) -> bool:
        return self.einddatum is None


class IntensiteitWijziging(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="intensiteiten")
    datum = models.DateField(_("vanaf"), validators=[validate_planned_date])
    intensiteit = models.CharField(_("intensiteit"), max_length=10, choices=Intensiteit.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("wijziging van intensiteit")
        verbose_name_plural = _("wijzigingen van intensiteit")
        ordering = ["traject", "datum", "id"]

    def __str__(self) -> str:
        return f"{self.get_intensiteit_display()} vanaf {self.datum:%d-%m-%Y}"


class CasemanagerWissel(models.Model):
    """A change of casemanager within a traject; always with a reason."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="wissels")
    datum = models.DateField(_("datum"), validators=[validate_event_date])
    van = models.ForeignKey(Casemanager, on_delete=models.PROTECT, related_name="+")
    naar = models.ForeignKey(Casemanager, on_delete=models.PROTECT, related_name="+")
    reden = models.CharField(_("reden"), max_length=300)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("wissel van casemanager")
        verbose_name_plural = _("wissels van casemanager")
        ordering = ["traject", "datum", "id"]

    def __str__(self) -> str:
        return f"{self.van} → {self.naar} ({self.datum:%d-%m-%Y})"


class Overdracht(models.Model):
    """A transfer of the traject to another organisation (e.g. a provider stops). The client
    keeps their casemanager where possible: ``casemanager_behouden``."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overdrachten")
    datum = models.DateField(_("datum"), validators=[validate_event_date])
    van_organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    naar_organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    casemanager_behouden = models.BooleanField(_("casemanager behouden"))
    reden = models.CharField(_("reden"), max_length=300)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["traject", "datum", "id"]

    def __str__(self) -> str:
        return f"{self.van_organisatie} → {self.naar_organisatie} ({self.datum:%d-%m-%Y})"


class ToewijzingOverride(models.Model):
    """An explicit assignment past the casemanager's caseload norm, with its reason (rule 2)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overrides")
    casemanager = models.ForeignKey(Casemanager, on_delete=models.PROTECT, related_name="+")
    caseload = models.PositiveIntegerField(_("caseload op dat moment"))
    capaciteit = models.PositiveIntegerField(_("capaciteit op dat moment"))
    reden = models.CharField(_("reden"), max_length=300)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toewijzing boven de norm")
        verbose_name_plural = _("toewijzingen boven de norm")

    def __str__(self) -> str:
        return f"{self.casemanager}: {self.caseload}/{self.capaciteit}"


class IndicatieQuerySet(models.QuerySet["Indicatie"]):
    def geldig(self) -> IndicatieQuerySet:
        """Set or co-signed by a professional with achtergrond verpleegkundige (rule 4)."""
        return self.filter(
            Q(opgesteld_door__achtergrond=Achtergrond.VERPLEEGKUNDIGE)
            | Q(medeondertekend_door__achtergrond=Achtergrond.VERPLEEGKUNDIGE)
        )


class Indicatie(models.Model):
    """The Zvw indication for casemanagement hours. Valid only when set or co-signed by a
    verpleegkundige; a sociaal-werk casemanager prepares it and asks for the co-signature."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="indicaties")
    uren = models.DecimalField(
        _("uren casemanagement"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    periode_van = models.DateField(_("periode vanaf"), validators=[validate_planned_date])
    periode_tot = models.DateField(_("periode tot en met"), validators=[validate_planned_date])
    opgesteld_door = models.ForeignKey(
        Casemanager, verbose_name=_("opgesteld door"), on_delete=models.PROTECT, related_name="+"
    )
    opgesteld_op = models.DateTimeField(auto_now_add=True)
    medeondertekening_door = models.ForeignKey(
        Casemanager,
        verbose_name=_("medeondertekening gevraagd aan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gevraagde_medeondertekeningen",
    )
    medeondertekend_door = models.ForeignKey(
        Casemanager,
        verbose_name=_("medeondertekend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    medeondertekend_op = models.DateTimeField(_("medeondertekend op"), null=True, blank=True)

    objects = IndicatieQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicatie")
        verbose_name_plural = _("indicaties")
        ordering = ["traject", "-periode_van"]
        constraints = [
            models.CheckConstraint(
                name="indicatie_periode_klopt",
                condition=Q(periode_tot__gte=F("periode_van")),
                violation_error_message=_("De periode eindigt voor ze begint."),
            )
        ]

    def __str__(self) -> str:
        uren = number_format(self.uren, decimal_pos=1)  # "20,0 uur", never "20.0"
        return f"{uren} uur {self.periode_van:%d-%m-%Y} – {self.periode_tot:%d-%m-%Y}"

    @property
    def is_geldig(self) -> bool:
        return self.opgesteld_door.is_verpleegkundige or (
            self.medeondertekend_door is not None and self.medeondertekend_door.is_verpleegkundige
        )


class ContactType(models.TextChoices):
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    BEELDBELLEN = "beeldbellen", _("Beeldbellen")
    MDO = "mdo", _("MDO")
    NETWERKPARTNER = "netwerkpartner", _("Overleg met netwerkpartner")
    BERICHT = "bericht", _("E-mail of bericht")
    ANDERS = "anders", _("Anders")
    # the minutes a provider's own system registered in one month, delivered as one total
    # (casemanagement.aanlevering); never typed, never the first contact (decision 0027)
    MAANDTOTAAL = "maandtotaal", _("Maandtotaal (aangeleverd)")


# The kinds a casemanager logs by hand: every kind but the delivered month total.
CONTACTSOORTEN_INVOER = [(k, v) for k, v in ContactType.choices if k != ContactType.MAANDTOTAAL]
MAX_CONTACT_MINUTEN = 600
MAX_MAAND_MINUTEN = 6000

# What a contact of each kind usually takes: the minutes the contact form starts with, so a
# casemanager on a phone only types when it was different.
STANDAARD_MINUTEN = {
    ContactType.HUISBEZOEK: 60,
    ContactType.TELEFONISCH: 15,
    ContactType.BEELDBELLEN: 30,
    ContactType.MDO: 45,
    ContactType.NETWERKPARTNER: 30,
    ContactType.BERICHT: 10,
    ContactType.ANDERS: 30,
}


class MetWie(models.TextChoices):
    CLIENT = "client", _("Cliënt")
    MANTELZORGER = "mantelzorger", _("Mantelzorger")
    PROFESSIONAL = "professional", _("Professional")


class Contactmoment(models.Model):
    """A logged contact. The first one of the traject's casemanager with the client is the
    start of care ("in zorg nemen") and stops the waitlist clock."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="contacten")
    casemanager = models.ForeignKey(
        Casemanager,
        verbose_name=_("casemanager"),
        on_delete=models.PROTECT,
        related_name="contacten",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("geleverd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De aanbieder die het contact leverde; blijft bij een latere overdracht."),
    )
    datum = models.DateField(_("datum"), validators=[validate_event_date])
    type = models.CharField(_("soort contact"), max_length=16, choices=ContactType.choices)
    minuten = models.PositiveSmallIntegerField(
        _("minuten"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MAAND_MINUTEN)]
    )
    met_wie = ArrayField(
        models.CharField(max_length=12, choices=MetWie.choices),
        verbose_name=_("met wie"),
        default=list,
        blank=True,
    )
    notitie = models.TextField(_("korte notitie"), blank=True, max_length=2000)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # The token of the form (or the sender's key) this contact was logged with: a second
    # submit of the same form finds the first contact instead of adding a duplicate.
    idempotentie_sleutel = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-datum", "-id"]
        indexes = [
            models.Index(fields=["traject", "-datum"], name="contact_traject_datum_idx"),
            models.Index(fields=["casemanager", "datum"], name="contact_cm_datum_idx"),
            models.Index(fields=["organisatie", "datum"], name="contact_org_datum_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.datum:%d-%m-%Y} ({self.minuten} min)"

    def clean(self) -> None:
        if self.type != ContactType.MAANDTOTAAL and (self.minuten or 0) > MAX_CONTACT_MINUTEN:
            raise ValidationError(
                {
                    "minuten": _("Een contact duurt hoogstens %(max)s minuten.")
                    % {"max": MAX_CONTACT_MINUTEN}
                }
            )

    @property
    def met_wie_labels(self) -> str:
        return ", ".join(str(MetWie(code).label).lower() for code in self.met_wie)


class MetingType(models.TextChoices):
    KWALITEIT_VAN_LEVEN = "kwaliteit_van_leven", _("Kwaliteit van leven cliënt (QoL-AD, 13-52)")
    BELASTING = "belasting", _("Ervaren belasting mantelzorger (0-10)")
    VOLHOUDTIJD = "volhoudtijd", _("Volhoudtijd mantelzorger")
    CLIENTOORDEEL = "clientoordeel", _("Cliëntoordeel casemanagement (1-10)")


# The short names on badges and narrow screens; the full label goes beside them for screen
# readers and in the title.
METING_KORT = {
    MetingType.KWALITEIT_VAN_LEVEN: _("QoL"),
    MetingType.BELASTING: _("Belasting"),
    MetingType.VOLHOUDTIJD: _("Volhoudtijd"),
    MetingType.CLIENTOORDEEL: _("Oordeel"),
}


class Volhoudtijd(models.TextChoices):
    MINDER_DAN_MAAND = "lt_1m", _("Minder dan een maand")
    EEN_TOT_ZES_MAANDEN = "1_6m", _("1 tot 6 maanden")
    ZES_TOT_TWAALF_MAANDEN = "6_12m", _("6 tot 12 maanden")
    EEN_TOT_TWEE_JAAR = "1_2j", _("1 tot 2 jaar")
    LANGER = "gt_2j", _("Langer dan 2 jaar")


SCORE_RANGES = {
    MetingType.KWALITEIT_VAN_LEVEN: (Decimal(13), Decimal(52)),
    MetingType.BELASTING: (Decimal(0), Decimal(10)),
    MetingType.CLIENTOORDEEL: (Decimal(1), Decimal(10)),
}


def validate_score(type_: str, score: Decimal | None) -> None:
    """The one rule for a measurement's score, for the form, the service and the model: it
    lies within the instrument's range (QoL-AD 13-52, belasting 0-10, oordeel 1-10)."""
    bounds = SCORE_RANGES.get(type_)
    if bounds and score is not None and not bounds[0] <= score <= bounds[1]:
        raise ValidationError(
            _("De score ligt tussen %(laag)s en %(hoog)s.")
            % {"laag": bounds[0], "hoog": bounds[1]},
            code="score_buiten_bereik",
        )


class Meting(models.Model):
    """An outcome measurement (uitkomstmaat), at intake and every 6 months."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="metingen")
    datum = models.DateField(_("datum"), validators=[validate_event_date])
    type = models.CharField(_("uitkomstmaat"), max_length=20, choices=MetingType.choices)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    volhoudtijd = models.CharField(
        _("volhoudtijd"), max_length=6, choices=Volhoudtijd.choices, blank=True
    )
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["traject", "-datum", "type"]
        constraints = [
            models.CheckConstraint(
                name="meting_volhoudtijd_of_score",
                condition=(
                    Q(type=MetingType.VOLHOUDTIJD) & ~Q(volhoudtijd="") & Q(score__isnull=True)
                )
                | (~Q(type=MetingType.VOLHOUDTIJD) & Q(volhoudtijd="") & Q(score__isnull=False)),
                violation_error_message=_(
                    "Volhoudtijd heeft een categorie, de andere uitkomstmaten een score."
                ),
            ),
        ]
        indexes = [models.Index(fields=["traject", "type", "-datum"], name="meting_traject_idx")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.datum:%d-%m-%Y}"

    def clean(self) -> None:
        try:
            validate_score(self.type, self.score)
        except ValidationError as error:
            raise ValidationError({"score": error.error_list}) from None
