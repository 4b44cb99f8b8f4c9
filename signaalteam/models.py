"""The signaalteam's register: signals (signalen) and the timeline of actions on each.

A signal is a situation in which people who need casemanagement cannot get it or risk
losing it. It comes in through the public meldpunt, is registered by hand by the
signaalteam, or is raised by the system from the waitlist figures (wachtlijst announces
networks over a threshold). Workflow (services.py): gemeld -> in behandeling -> opgelost,
or gesloten zonder oplossing; a closed signal can be reopened with a reason.

Decisions:
- The melder's contact details (naam, organisatie, e-mail, telefoon) are the only personal
  data here. They are kept out of the change history (simple-history's excluded_fields) and
  out of the search vector, so the retention job (services.melder_gegevens_opschonen) can
  remove them for good: clearing the four columns leaves no copy behind.
- Dates are calendar dates (ontvangen, in behandeling, gesloten): the signaalteam registers
  signals that came in by phone or mail days earlier, and the doorlooptijd is counted in
  days. ``aangemaakt_op`` keeps the moment of registration.
- ``automatisch_netwerk`` is only set on signals the system raised; a partial unique
  constraint allows at most one open one per network and category.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.dates import validate_event_date, validate_planned_date
from netwerk.models import Netwerk

from .validators import validate_geen_bsn

MELDER_FIELDS = ("melder_naam", "melder_organisatie", "melder_email", "melder_telefoon")

validate_telefoon = RegexValidator(
    r"^\+?[0-9 ()\-]{10,20}$",
    _("Vul een telefoonnummer in met 10 cijfers, bijvoorbeeld 06 12345678 of 070 1234567."),
    code="telefoon",
)


class Categorie(models.TextChoices):
    WACHTLIJST = "wachtlijst", _("Wachtlijst")
    NETWERK = "netwerk", _("Netwerk beëindigd of gewijzigd")
    FINANCIERING = "financiering", _("Financiering en inkoop")
    CONTINUITEIT = "continuiteit", _("Continuïteit casemanager")
    INDICATIESTELLING = "indicatiestelling", _("Indicatiestelling")
    PERSONEEL = "personeel", _("Personeel en arbeidsmarkt")
    OVERIG = "overig", _("Overig")


class SignaalStatus(models.TextChoices):
    GEMELD = "gemeld", _("Gemeld")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    OPGELOST = "opgelost", _("Opgelost")
    GESLOTEN_ZONDER_OPLOSSING = "gesloten_zonder_oplossing", _("Gesloten zonder oplossing")


OPEN_STATUSES = (SignaalStatus.GEMELD, SignaalStatus.IN_BEHANDELING)
CLOSED_STATUSES = (SignaalStatus.OPGELOST, SignaalStatus.GESLOTEN_ZONDER_OPLOSSING)


class MelderType(models.TextChoices):
    CLIENT_MANTELZORGER = "client_mantelzorger", _("Cliënt of mantelzorger")
    ALZHEIMER_NEDERLAND = "alzheimer_nederland", _("Alzheimer Nederland")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    HUISARTS = "huisarts", _("Huisarts (LHV, NHG, InEen)")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    GEMEENTE = "gemeente", _("Gemeente")
    NETWERKCOORDINATOR = "netwerkcoordinator", _("Netwerkcoördinator")
    ANDERS = "anders", _("Anders")
    SYSTEEM = "systeem", _("Systeem (uit de cijfers)")


class Bron(models.TextChoices):
    MELDPUNT = "meldpunt", _("Meldpunt")
    HANDMATIG = "handmatig", _("Geregistreerd door het signaalteam")
    SYSTEEM = "systeem", _("Uit de cijfers")


class SignaalQuerySet(models.QuerySet["Signaal"]):
    def visible_to(self, user) -> SignaalQuerySet:
        from .permissions import filter_visible_signalen

        return filter_visible_signalen(self, user)

    def open(self) -> SignaalQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Signaal(models.Model):
    """A reported problem with the availability of casemanagement, followed up by the
    signaalteam with the regional parties until it is solved."""

    referentie = models.CharField(
        _("referentie"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Bijvoorbeeld SIG-2026-0042; toegekend bij registratie."),
    )
    titel = models.CharField(_("titel"), max_length=200, validators=[validate_geen_bsn])
    omschrijving = models.TextField(
        _("omschrijving"), max_length=8000, validators=[validate_geen_bsn]
    )
    categorie = models.CharField(_("categorie"), max_length=20, choices=Categorie.choices)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=SignaalStatus.choices,
        default=SignaalStatus.GEMELD,
    )
    netwerken = models.ManyToManyField(
        Netwerk,
        verbose_name=_("netwerken"),
        blank=True,
        related_name="signalen",
        help_text=_("De netwerken waar het signaal over gaat."),
    )
    regio = models.CharField(
        _("regio of gemeente"),
        max_length=200,
        blank=True,
        validators=[validate_geen_bsn],
        help_text=_("Als het signaal over een regio of gemeente gaat in plaats van een netwerk."),
    )
    bron = models.CharField(_("bron"), max_length=12, choices=Bron.choices)
    melder_type = models.CharField(_("soort melder"), max_length=24, choices=MelderType.choices)
    melder_naam = models.CharField(
        _("naam melder"), max_length=150, blank=True, validators=[validate_geen_bsn]
    )
    melder_organisatie = models.CharField(
        _("organisatie melder"), max_length=200, blank=True, validators=[validate_geen_bsn]
    )
    melder_email = models.EmailField(_("e-mailadres melder"), blank=True)
    melder_telefoon = models.CharField(
        _("telefoon melder"), max_length=20, blank=True, validators=[validate_telefoon]
    )
    melder_gegevens_verwijderd_op = models.DateTimeField(
        _("gegevens melder verwijderd op"), null=True, blank=True, editable=False
    )
    betrokken_partijen = models.TextField(
        _("betrokken partijen"),
        blank=True,
        max_length=2000,
        validators=[validate_geen_bsn],
        help_text=_("Eén partij per regel, bijvoorbeeld de zorgverzekeraar of de gemeente."),
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar in het signaalteam"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalen_in_eigendom",
    )
    ontvangen_op = models.DateField(_("ontvangen op"), validators=[validate_event_date])
    in_behandeling_op = models.DateField(
        _("in behandeling genomen op"), null=True, blank=True, validators=[validate_event_date]
    )
    gesloten_op = models.DateField(
        _("gesloten op"), null=True, blank=True, validators=[validate_event_date]
    )
    oplossing = models.TextField(
        _("oplossing"),
        blank=True,
        max_length=4000,
        validators=[validate_geen_bsn],
        help_text=_("Samenvatting van de oplossing of van de reden om te sluiten."),
    )
    automatisch_netwerk = models.ForeignKey(
        Netwerk,
        verbose_name=_("automatisch signaal voor netwerk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    drempel_overschreden = models.BooleanField(
        _("netwerk nu boven de drempel"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Alleen bij automatische signalen: de stand bij de laatste meting."),
    )
    aangemaakt_op = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    zoekvector = SearchVectorField(null=True, blank=True, editable=False)

    objects = SignaalQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["zoekvector", *MELDER_FIELDS])

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-ontvangen_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["automatisch_netwerk", "categorie"],
                condition=Q(
                    automatisch_netwerk__isnull=False,
                    status__in=[SignaalStatus.GEMELD, SignaalStatus.IN_BEHANDELING],
                ),
                name="signaal_een_open_automatisch_per_netwerk_categorie",
                violation_error_message=_(
                    "Er is al een open automatisch signaal voor dit netwerk in deze categorie."
                ),
            ),
            models.CheckConstraint(
                name="signaal_gesloten_met_datum_en_oplossing",
                condition=(
                    Q(
                        status__in=[SignaalStatus.GEMELD, SignaalStatus.IN_BEHANDELING],
                        gesloten_op__isnull=True,
                    )
                    | (
                        Q(
                            status__in=[
                                SignaalStatus.OPGELOST,
                                SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
                            ],
                            gesloten_op__isnull=False,
                        )
                        & ~Q(oplossing="")
                    )
                ),
                violation_error_message=_(
                    "Een gesloten signaal heeft een sluitdatum en een samenvatting van de "
                    "oplossing; een open signaal heeft geen sluitdatum."
                ),
            ),
            models.CheckConstraint(
                name="signaal_in_behandeling_met_datum",
                condition=~Q(status=SignaalStatus.IN_BEHANDELING)
                | Q(in_behandeling_op__isnull=False),
                violation_error_message=_("Een signaal in behandeling heeft een begindatum."),
            ),
            models.CheckConstraint(
                name="signaal_data_op_volgorde",
                condition=(
                    Q(in_behandeling_op__isnull=True) | Q(in_behandeling_op__gte=F("ontvangen_op"))
                )
                & (Q(gesloten_op__isnull=True) | Q(gesloten_op__gte=F("ontvangen_op"))),
                violation_error_message=_(
                    "In behandeling nemen en sluiten kan niet vóór de datum van ontvangst."
                ),
            ),
            models.CheckConstraint(
                name="signaal_automatisch_alleen_uit_systeem",
                condition=Q(automatisch_netwerk__isnull=True) | Q(bron="systeem"),
                violation_error_message=_("Alleen de cijfers leveren automatische signalen."),
            ),
        ]
        indexes = [
            GinIndex(fields=["zoekvector"], name="signaal_zoekvector_gin"),
            models.Index(fields=["status", "categorie"], name="signaal_status_categorie"),
            models.Index(fields=["eigenaar", "status"], name="signaal_eigenaar_status"),
        ]

    def __str__(self) -> str:
        return f"{self.referentie} {self.titel}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_gesloten(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def heeft_melder_gegevens(self) -> bool:
        return any(getattr(self, name) for name in MELDER_FIELDS)

    def doorlooptijd(self, vandaag: dt.date | None = None) -> int:
        """Days from receipt to closing; for an open signal, to ``vandaag`` (so far)."""
        einde = self.gesloten_op or vandaag or timezone.localdate()
        return (einde - self.ontvangen_op).days

    def clean(self) -> None:
        super().clean()
        if self.status in CLOSED_STATUSES and not (self.oplossing or "").strip():
            raise ValidationError(
                {"oplossing": _("Vat de oplossing samen, of waarom het signaal sluit.")}
            )


class ActieType(models.TextChoices):
    GESPREK = "gesprek", _("Gesprek gevoerd")
    AFSPRAAK = "afspraak", _("Afspraak gemaakt")
    ESCALATIE = "escalatie", _("Geëscaleerd")
    UPDATE_REGIO = "update_regio", _("Update uit de regio")
    STATUS = "status", _("Statuswijziging")
    SYSTEEM = "systeem", _("Bericht van het systeem")


# Types people choose in the form; the other two are written by the services.
HANDMATIGE_ACTIETYPES = (
    ActieType.GESPREK,
    ActieType.AFSPRAAK,
    ActieType.ESCALATIE,
    ActieType.UPDATE_REGIO,
)


class SignaalActie(models.Model):
    """One entry on a signal's timeline: a conversation, an agreement (optionally with a
    follow-up date that appears on the owner's list when due), an escalation, an update
    from the region, a status change or a system message."""

    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="acties"
    )
    type = models.CharField(_("soort actie"), max_length=16, choices=ActieType.choices)
    datum = models.DateField(_("datum"), validators=[validate_event_date])
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg bij berichten van het systeem."),
    )
    tekst = models.TextField(_("tekst"), max_length=4000, validators=[validate_geen_bsn])
    opvolgdatum = models.DateField(
        _("opvolgen op"),
        null=True,
        blank=True,
        validators=[validate_planned_date],
        help_text=_("Alleen bij een afspraak: wanneer de eigenaar haar moet nagaan."),
    )
    opgevolgd = models.BooleanField(_("opgevolgd"), default=False)
    opgevolgd_op = models.DateTimeField(_("opgevolgd op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["-datum", "-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                name="signaalactie_opvolgdatum_alleen_bij_afspraak",
                condition=Q(opvolgdatum__isnull=True) | Q(type="afspraak"),
                violation_error_message=_("Alleen een afspraak heeft een opvolgdatum."),
            ),
            models.CheckConstraint(
                name="signaalactie_opvolgdatum_na_datum",
                condition=Q(opvolgdatum__isnull=True) | Q(opvolgdatum__gte=F("datum")),
                violation_error_message=_("De opvolgdatum ligt niet vóór de datum van de actie."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["opvolgdatum"],
                condition=Q(opvolgdatum__isnull=False, opgevolgd=False),
                name="signaalactie_open_opvolging",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.datum:%d-%m-%Y}"

    def clean(self) -> None:
        super().clean()
        if self.opvolgdatum is not None and self.type != ActieType.AFSPRAAK:
            raise ValidationError({"opvolgdatum": _("Alleen een afspraak heeft een opvolgdatum.")})
