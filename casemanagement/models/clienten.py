"""Clients, their carers and their referrals (aanmeldingen) with the events the waitlist
clock reads: postponements at the client's request, afmelding, first contact."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Least
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.nl import postcode as stdnum_postcode

from accounts.dates import (
    validate_born_before,
    validate_event_date,
    validate_geboortedatum,
    validate_planned_date,
)
from netwerk.models import Gemeente, Netwerk, Organisatie, Vestiging

from ..identifiers import EncryptedCharField, mask_bsn


def normalise_postcode(value: str) -> str:
    """A postcode as it is stored: "2514 ea" becomes "2514EA". The page, the API and the
    import all pass what was typed through here, then through ``validate_postcode``."""
    return (value or "").upper().replace(" ", "")


def validate_postcode(value: str) -> None:
    if not stdnum_postcode.is_valid(value or ""):
        raise ValidationError(_("Een postcode heeft 4 cijfers en 2 letters, bijvoorbeeld 2514 EA."))


class Geslacht(models.TextChoices):
    VROUW = "vrouw", _("Vrouw")
    MAN = "man", _("Man")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend")


class Woonsituatie(models.TextChoices):
    ALLEEN = "alleen", _("Alleenwonend")
    PARTNER = "partner", _("Met partner")
    FAMILIE = "familie", _("Met kind(eren) of andere familie")
    ANDERS = "anders", _("Anders")


class DiagnoseStatus(models.TextChoices):
    GEEN = "geen", _("Geen diagnose (niet-pluis)")
    ONDERZOEK = "onderzoek", _("In onderzoek")
    GESTELD = "gesteld", _("Diagnose gesteld")


class Fase(models.TextChoices):
    NIET_PLUIS = "niet_pluis", _("Niet-pluis")
    DIAGNOSE = "diagnose", _("Diagnose gesteld, thuiswonend")
    OPNAME = "opname", _("Opgenomen (Wlz)")
    OVERLEDEN = "overleden", _("Overleden")
    VERHUISD = "verhuisd", _("Verhuisd")
    AFGEZIEN = "afgezien", _("Afgezien van casemanagement")


ENDED_FASES = [Fase.OPNAME, Fase.OVERLEDEN, Fase.VERHUISD, Fase.AFGEZIEN]


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user) -> ClientQuerySet:
        from ..permissions import filter_visible_clienten

        return filter_visible_clienten(self.filter(vernietigd_op__isnull=True), user)


class Client(models.Model):
    """A person with (suspected) dementia. Identifiable data: every read and change is
    written to the access log by the views and services that touch it."""

    bsn = EncryptedCharField(_("BSN"))
    bsn_hash = models.CharField(max_length=64, unique=True, editable=False)
    voornaam = models.CharField(_("voornaam"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    geboortedatum = models.DateField(_("geboortedatum"), validators=[validate_geboortedatum])
    geslacht = models.CharField(
        _("geslacht"), max_length=10, choices=Geslacht.choices, default=Geslacht.ONBEKEND
    )
    straat_huisnummer = models.CharField(_("straat en huisnummer"), max_length=150, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="clienten"
    )
    huisarts = models.CharField(_("huisarts"), max_length=150, blank=True)
    woonsituatie = models.CharField(
        _("woonsituatie"), max_length=10, choices=Woonsituatie.choices, blank=True
    )
    diagnose_status = models.CharField(
        _("diagnose"), max_length=10, choices=DiagnoseStatus.choices, default=DiagnoseStatus.GEEN
    )
    fase = models.CharField(_("fase"), max_length=12, choices=Fase.choices, default=Fase.NIET_PLUIS)
    wlz_indicatie = models.BooleanField(_("Wlz-indicatie"), default=False)
    aangemaakt_op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # set when the record was destroyed (a request, art. 7:455 BW, or the retention term): the
    # row stays, stripped of everything that identifies the person, so the waitlist and care
    # figures that count it do not change (docs/decisions/0017-bewaartermijnen.md)
    vernietigd_op = models.DateTimeField(_("vernietigd op"), null=True, blank=True, editable=False)

    objects = ClientQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["bsn", "bsn_hash"])

    class Meta:
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        ordering = ["achternaam", "voornaam", "id"]
        indexes = [
            models.Index(fields=["netwerk", "achternaam"], name="client_netwerk_naam_idx"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def naam(self) -> str:
        return " ".join(p for p in [self.voornaam, self.tussenvoegsel, self.achternaam] if p)

    @property
    def bsn_masked(self) -> str:
        return mask_bsn(self.bsn)

    def clean(self) -> None:
        if self.pk is not None and self.geboortedatum is not None:
            eerste = self.aanmeldingen.aggregate(eerste=models.Min("datum"))["eerste"]
            try:
                validate_born_before(self.geboortedatum, eerste)
            except ValidationError as error:
                raise ValidationError({"geboortedatum": error.error_list}) from None


class Relatie(models.TextChoices):
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    SCHOONKIND = "schoonkind", _("Schoonzoon of -dochter")
    FAMILIE = "familie", _("Ander familielid")
    VRIEND = "vriend", _("Vriend of buur")
    ANDERS = "anders", _("Anders")


class Mantelzorger(models.Model):
    client = models.ForeignKey(
        Client, verbose_name=_("cliënt"), on_delete=models.CASCADE, related_name="mantelzorgers"
    )
    naam = models.CharField(_("naam"), max_length=150)
    relatie = models.CharField(_("relatie"), max_length=12, choices=Relatie.choices)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_primair = models.BooleanField(_("eerste mantelzorger"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mantelzorger")
        verbose_name_plural = _("mantelzorgers")
        ordering = ["-is_primair", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(is_primair=True),
                name="mantelzorger_een_primaire_per_client",
                violation_error_message=_("Deze cliënt heeft al een eerste mantelzorger."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.get_relatie_display()})"


class VerwijzerType(models.TextChoices):
    HUISARTS = "huisarts", _("Huisarts / POH")
    GEHEUGENPOLI = "geheugenpoli", _("Geheugenpoli / ziekenhuis")
    WIJKVERPLEGING = "wijkverpleging", _("Wijkverpleging")
    WIJKTEAM = "wijkteam", _("Sociaal wijkteam")
    ZELF = "zelf", _("Cliënt of mantelzorger zelf")
    ANDERS = "anders", _("Anders")


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")
    CRISIS = "crisis", _("Crisis")


class Afmeldreden(models.TextChoices):
    OPNAME = "opname", _("Opname")
    OVERLIJDEN = "overlijden", _("Overlijden")
    VERHUIZING = "verhuizing", _("Verhuizing")
    AFZIEN = "afzien", _("Afgezien van casemanagement")
    ANDERS = "anders", _("Anders")


class AanmeldingQuerySet(models.QuerySet["Aanmelding"]):
    def visible_to(self, user) -> AanmeldingQuerySet:
        from ..permissions import filter_visible_aanmeldingen

        return filter_visible_aanmeldingen(self, user)

    def wachtend(self) -> AanmeldingQuerySet:
        """Still on the waitlist: neither a first contact nor an afmelding yet."""
        return self.filter(eerste_contact_op__isnull=True, afgemeld_op__isnull=True)


class Aanmelding(models.Model):
    """A referral for casemanagement. The waitlist clock starts at ``datum`` and stops at
    ``eerste_contact_op`` (first contact of the treating casemanager) or ``afgemeld_op``."""

    client = models.ForeignKey(
        Client, verbose_name=_("cliënt"), on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    netwerk_reden = models.CharField(
        _("reden ander netwerk"),
        max_length=300,
        blank=True,
        help_text=_("Verplicht als het netwerk niet dat van de woongemeente is."),
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen",
        help_text=_("Leeg bij een centrale aanmelding bij het netwerk."),
    )
    vestiging = models.ForeignKey(
        Vestiging,
        verbose_name=_("vestiging"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen",
    )
    datum = models.DateField(_("datum aanmelding"), validators=[validate_event_date])
    verwijzer_type = models.CharField(
        _("verwezen door"), max_length=16, choices=VerwijzerType.choices
    )
    verwijzer_naam = models.CharField(_("naam verwijzer"), max_length=150, blank=True)
    urgentie = models.CharField(
        _("urgentie"), max_length=8, choices=Urgentie.choices, default=Urgentie.NORMAAL
    )
    notitie = models.TextField(_("notitie"), blank=True)
    ontvangt_wijkverpleging = models.BooleanField(
        _("ontvangt al wijkverpleging"),
        default=False,
        db_default=False,
        help_text=_(
            "De cliënt krijgt al wijkverpleging terwijl hij of zij op casemanagement wacht. "
            "Niet aangevinkt: nee, of niet bekend."
        ),
    )
    afgeschermd = models.BooleanField(
        _("afgeschermd tot toewijzing"),
        default=False,
        db_default=False,
        help_text=_(
            "Aangemeld voor een cliënt die al bekend was en die de aanmelder niet mocht inzien: "
            "de aanbieder krijgt pas toegang als de netwerkcoördinator het traject toewijst."
        ),
    )
    toegewezen_op = models.DateField(
        _("toegewezen op"), null=True, blank=True, validators=[validate_event_date]
    )
    eerste_contact_op = models.DateField(
        _("eerste contact op"), null=True, blank=True, validators=[validate_event_date]
    )
    afgemeld_op = models.DateField(
        _("afgemeld op"), null=True, blank=True, validators=[validate_event_date]
    )
    afmeldreden = models.CharField(
        _("reden afmelding"), max_length=12, choices=Afmeldreden.choices, blank=True
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AanmeldingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-datum", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "datum"],
                name="aanmelding_een_per_client_per_dag",
                violation_error_message=_("Deze cliënt is op die datum al aangemeld."),
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(eerste_contact_op__isnull=True, afgemeld_op__isnull=True),
                name="aanmelding_een_wachtend_per_client",
                violation_error_message=_("Deze cliënt staat al op de wachtlijst."),
            ),
            models.CheckConstraint(
                name="aanmelding_stop_niet_voor_start",
                condition=(Q(eerste_contact_op__isnull=True) | Q(eerste_contact_op__gte=F("datum")))
                & (Q(afgemeld_op__isnull=True) | Q(afgemeld_op__gte=F("datum"))),
                violation_error_message=_("Een datum ligt voor de datum van aanmelding."),
            ),
            models.CheckConstraint(
                name="aanmelding_afgemeld_of_in_zorg",
                condition=Q(afgemeld_op__isnull=True) | Q(eerste_contact_op__isnull=True),
                violation_error_message=_(
                    "Een cliënt die in zorg is genomen wordt niet afgemeld: sluit het traject af."
                ),
            ),
            models.CheckConstraint(
                name="aanmelding_afmelding_met_reden",
                condition=Q(afgemeld_op__isnull=True) | ~Q(afmeldreden=""),
                violation_error_message=_("Geef de reden van de afmelding."),
            ),
        ]
        indexes = [
            models.Index(fields=["netwerk", "datum"], name="aanmelding_netwerk_datum_idx"),
            models.Index(
                fields=["netwerk"],
                condition=Q(eerste_contact_op__isnull=True, afgemeld_op__isnull=True),
                name="aanmelding_wachtend_idx",
            ),
            # who waits on a peildatum: no stop yet, or a stop after it (wachtlijst.selectors.
            # wachtend_op); nationally a few thousand of 330,000 aanmeldingen
            models.Index(
                Least("eerste_contact_op", "afgemeld_op"),
                "netwerk",
                name="aanmelding_stop_netwerk_idx",
            ),
            # who started in a period (wachtlijst.selectors.gestart_binnen)
            models.Index(fields=["eerste_contact_op"], name="aanmelding_eerste_contact_idx"),
        ]

    def __str__(self) -> str:
        return f"Aanmelding {self.datum:%d-%m-%Y}"

    @property
    def is_wachtend(self) -> bool:
        return self.eerste_contact_op is None and self.afgemeld_op is None

    def clean(self) -> None:
        if self.client_id is not None:
            try:
                validate_born_before(self.client.geboortedatum, self.datum)
            except ValidationError as error:
                raise ValidationError({"geboortedatum": error.error_list}) from None


class Uitstel(models.Model):
    """A postponement at the client's own request (wenswachtend): from ``van`` up to but not
    including ``tot`` (the day the client is available again counts as waiting)."""

    aanmelding = models.ForeignKey(
        Aanmelding,
        verbose_name=_("aanmelding"),
        on_delete=models.CASCADE,
        related_name="uitstellen",
    )
    van = models.DateField(_("uitstel vanaf"), validators=[validate_planned_date])
    tot = models.DateField(_("weer beschikbaar op"), validators=[validate_planned_date])
    reden = models.CharField(_("reden"), max_length=300, blank=True)
    # the provider whose system delivered this period (casemanagement.aanlevering): its
    # redelivery may take it away again; a period typed in the application it never touches
    aangeleverd_door = models.ForeignKey(
        "netwerk.Organisatie",
        verbose_name=_("aangeleverd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitstel op eigen verzoek")
        verbose_name_plural = _("uitstel op eigen verzoek")
        ordering = ["aanmelding", "van"]
        constraints = [
            models.CheckConstraint(
                name="uitstel_tot_na_van",
                condition=Q(tot__gt=F("van")),
                violation_error_message=_("De datum ‘weer beschikbaar’ ligt niet na het begin."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.van:%d-%m-%Y} – {self.tot:%d-%m-%Y}"
