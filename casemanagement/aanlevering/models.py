"""The providers' delivery: their keys, the batches received with their receipts, and the
mapping from a provider's own identifier (``bron_id``) to the record it delivered."""

from __future__ import annotations

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AanleverSleutelQuerySet(models.QuerySet["AanleverSleutel"]):
    def actief(self) -> AanleverSleutelQuerySet:
        return self.filter(ingetrokken_op__isnull=True)


class AanleverSleutel(models.Model):
    """Machine access of one provider organisation in one network: ``dnk_<prefix>_<geheim>``.
    Only the SHA-256 of the secret is kept; the prefix finds the row. Calls act as
    ``gebruiker``, the organisation's service account (no password, no membership), so the
    access log names the organisation (docs/decisions/0022-aanlevering.md)."""

    organisatie = models.ForeignKey(
        "netwerk.Organisatie",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="aanlever_sleutels",
    )
    netwerk = models.ForeignKey(
        "netwerk.Netwerk",
        verbose_name=_("netwerk"),
        on_delete=models.PROTECT,
        related_name="aanlever_sleutels",
    )
    naam = models.CharField(
        _("omschrijving"),
        max_length=100,
        help_text=_("Bijvoorbeeld het ECD of de leverancier die de sleutel gebruikt."),
    )
    prefix = models.CharField(_("voorvoegsel"), max_length=16, unique=True)
    geheim_hash = models.CharField(max_length=64, editable=False)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    objects = AanleverSleutelQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanleversleutel")
        verbose_name_plural = _("aanleversleutels")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"dnk_{self.prefix}_… ({self.naam})"

    @property
    def is_actief(self) -> bool:
        return self.ingetrokken_op is None


class Kanaal(models.TextChoices):
    API = "api", _("API")
    UPLOAD = "upload", _("Bestand")


class AanleverStatus(models.TextChoices):
    VERWERKT = "verwerkt", _("Verwerkt")
    GEWEIGERD = "geweigerd", _("Geweigerd: niets verwerkt")


class Aanlevering(models.Model):
    """One batch as received, with its receipt (per record: aangemaakt, bijgewerkt,
    ongewijzigd, geweigerd with the reasons by field). The receipt names records by the
    provider's ``bron_id`` only: no BSN, no names."""

    netwerk = models.ForeignKey(
        "netwerk.Netwerk", on_delete=models.PROTECT, related_name="aanleveringen"
    )
    organisatie = models.ForeignKey(
        "netwerk.Organisatie", on_delete=models.PROTECT, related_name="aanleveringen"
    )
    sleutel = models.ForeignKey(
        AanleverSleutel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    kanaal = models.CharField(_("kanaal"), max_length=8, choices=Kanaal.choices)
    versie = models.PositiveSmallIntegerField(_("versie"), null=True)
    status = models.CharField(_("status"), max_length=10, choices=AanleverStatus.choices)
    ontvangstbewijs = models.JSONField(_("ontvangstbewijs"), default=dict)

    class Meta:
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")
        ordering = ["-ontvangen_op", "-id"]

    def __str__(self) -> str:
        return f"Aanlevering {self.pk} ({self.get_status_display()})"


class BronSoort(models.TextChoices):
    CLIENT = "client", _("Cliënt")
    AANMELDING = "aanmelding", _("Aanmelding")
    TRAJECT = "traject", _("Traject")
    METING = "meting", _("Meting")
    # the first contact delivered with a traject (bron_id: the traject's) and a month's
    # contact minutes: both point at a Contactmoment
    EERSTE_CONTACT = "eerste_contact", _("Eerste contact")
    CONTACTMINUTEN = "contactminuten", _("Contactminuten")


def _precies_een_doel() -> Q:
    """The mapping points at exactly the one record its soort names."""
    doelen = {
        "aanmelding": ["aanmelding"],
        "client": ["client"],
        "meting": ["meting"],
        "traject": ["traject"],
        "contact": ["eerste_contact", "contactminuten"],
    }
    delen = [
        Q(soort__in=soorten, **{f"{doel}__isnull": False})
        & Q(**{f"{ander}__isnull": True for ander in doelen if ander != doel})
        for doel, soorten in doelen.items()
    ]
    return reduce(operator.or_, delen)


class BronKoppeling(models.Model):
    """The provider's own identifier of a record it delivered: a redelivery with the same
    ``bron_id`` updates that record and never makes a second one. Deleted with the record
    (a destroyed client takes its mappings along)."""

    organisatie = models.ForeignKey(
        "netwerk.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    soort = models.CharField(max_length=14, choices=BronSoort.choices)
    bron_id = models.CharField(max_length=100)
    client = models.ForeignKey(
        "casemanagement.Client", on_delete=models.CASCADE, null=True, related_name="+"
    )
    aanmelding = models.ForeignKey(
        "casemanagement.Aanmelding", on_delete=models.CASCADE, null=True, related_name="+"
    )
    traject = models.ForeignKey(
        "casemanagement.Traject", on_delete=models.CASCADE, null=True, related_name="+"
    )
    meting = models.ForeignKey(
        "casemanagement.Meting", on_delete=models.CASCADE, null=True, related_name="+"
    )
    contact = models.ForeignKey(
        "casemanagement.Contactmoment", on_delete=models.CASCADE, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "soort", "bron_id"], name="bronkoppeling_uniek"
            ),
            models.CheckConstraint(
                name="bronkoppeling_een_doel",
                condition=_precies_een_doel(),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.bron_id}"
