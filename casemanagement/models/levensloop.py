"""The end of a client's data: a request for destruction (art. 7:455 BW) and its receipt.

A request is recorded by a coordinator of the client's network and carried out only after a
second person (another coordinator of that network, or a beheerder) confirms it: four eyes,
held by a database constraint too. Once carried out, the row is the receipt: it keeps who
recorded and confirmed it, when, and how many records of each kind were destroyed, never the
client's name, BSN or the link to the (anonymised) client row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.dates import validate_event_date
from netwerk.models import Netwerk

from .clienten import Client


class VerzoekStatus(models.TextChoices):
    VASTGELEGD = "vastgelegd", _("Wacht op bevestiging")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Verzoeker(models.TextChoices):
    CLIENT = "client", _("De cliënt zelf")
    VERTEGENWOORDIGER = "vertegenwoordiger", _("Een vertegenwoordiger van de cliënt")


class Vernietigingsverzoek(models.Model):
    referentie = models.CharField(_("referentie"), max_length=20, unique=True, editable=False)
    netwerk = models.ForeignKey(
        Netwerk, verbose_name=_("netwerk"), on_delete=models.PROTECT, related_name="+"
    )
    # emptied when the request is carried out: the receipt does not say whose data it was
    client = models.ForeignKey(
        Client,
        verbose_name=_("cliënt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vernietigingsverzoeken",
    )
    verzoeker = models.CharField(_("verzocht door"), max_length=20, choices=Verzoeker.choices)
    ontvangen_op = models.DateField(_("verzoek ontvangen op"), validators=[validate_event_date])
    status = models.CharField(
        _("status"), max_length=12, choices=VerzoekStatus.choices, default=VerzoekStatus.VASTGELEGD
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd of afgewezen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    afwijzing_reden = models.CharField(
        _("reden van afwijzing"),
        max_length=500,
        blank=True,
        help_text=_("Zonder gegevens van de cliënt: de reden blijft bewaard."),
    )
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    # how many records of each kind were destroyed or anonymised; counts only
    vernietigd = models.JSONField(_("vernietigd"), default=dict, blank=True)

    class Meta:
        verbose_name = _("vernietigingsverzoek")
        verbose_name_plural = _("vernietigingsverzoeken")
        ordering = ["-vastgelegd_op", "-id"]
        constraints = [
            models.CheckConstraint(
                name="vernietigingsverzoek_vier_ogen",
                condition=Q(beoordeeld_door__isnull=True)
                | ~Q(beoordeeld_door=F("vastgelegd_door")),
                violation_error_message=_(
                    "Wie het verzoek vastlegde, kan het niet zelf bevestigen of afwijzen."
                ),
            ),
            models.CheckConstraint(
                name="vernietigingsverzoek_open_met_client",
                condition=~Q(status=VerzoekStatus.VASTGELEGD) | Q(client__isnull=False),
            ),
            models.CheckConstraint(
                name="vernietigingsverzoek_uitgevoerd_zonder_client",
                condition=~Q(status=VerzoekStatus.UITGEVOERD)
                | Q(
                    client__isnull=True, uitgevoerd_op__isnull=False, beoordeeld_door__isnull=False
                ),
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status=VerzoekStatus.VASTGELEGD),
                name="vernietigingsverzoek_een_open_per_client",
                violation_error_message=_("Voor deze cliënt ligt al een verzoek tot vernietiging."),
            ),
        ]

    def __str__(self) -> str:
        return self.referentie
