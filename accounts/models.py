"""Users, roles and the NEN 7513 access log.

accounts is the lowest app: it imports no other app of the project. Who acts for which
party (netwerk, organisatie, zorgverzekeraar) lives in netwerk.Membership; the log keeps
the acting role and membership id as plain values so it never depends on that app.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BEHEERDER = "beheerder", _("Beheerder")
    NETWERKCOORDINATOR = "netwerkcoordinator", _("Netwerkcoördinator")
    CASEMANAGER = "casemanager", _("Casemanager dementie")
    VERZEKERAAR = "verzekeraar", _("Zorgverzekeraar")
    SIGNAALTEAM = "signaalteam", _("Signaalteam")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Roles come from memberships."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"),
        default=False,
        help_text=_("Mag inloggen op de Django-beheeromgeving."),
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # In-app notifications always arrive; this says whether each also comes by e-mail.
    meldingen_per_email = models.BooleanField(
        _("meldingen ook per e-mail"),
        default=True,
        help_text=_(
            "Meldingen staan altijd onder Meldingen in de applicatie. Aan: u krijgt ze ook per "
            "e-mail (zonder cliëntgegevens, met een link)."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
        ]

    def __str__(self) -> str:
        return self.naam or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.naam

    def get_short_name(self) -> str:
        return self.naam.split(" ")[0] if self.naam else self.email


class AccessAction(models.TextChoices):
    LEZEN = "lezen", _("Lezen")
    ZOEKEN = "zoeken", _("Zoeken")
    AANMAKEN = "aanmaken", _("Aanmaken")
    WIJZIGEN = "wijzigen", _("Wijzigen")
    VERWIJDEREN = "verwijderen", _("Verwijderen")
    EXPORTEREN = "exporteren", _("Exporteren")
    AFDRUKKEN = "afdrukken", _("Afdrukken")


class AccessOutcome(models.TextChoices):
    TOEGESTAAN = "toegestaan", _("Toegestaan")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class AccessLogEntryQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only")

    def delete(self):
        raise TypeError("The access log is append-only")


class AccessLogEntry(models.Model):
    """One access to identifiable client data (NEN 7513). Append-only.

    A PostgreSQL trigger (migration 0002) rejects UPDATE and DELETE, so not even raw SQL
    or the admin can change history. The client is recorded by internal id, never by BSN.
    """

    timestamp = models.DateTimeField(_("tijdstip"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices, blank=True)
    membership_id = models.PositiveBigIntegerField(_("lidmaatschap"), null=True, blank=True)
    client_id = models.PositiveBigIntegerField(_("cliënt"), null=True, blank=True)
    action = models.CharField(_("actie"), max_length=16, choices=AccessAction.choices)
    object_type = models.CharField(_("objecttype"), max_length=64)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    path = models.CharField(_("pad"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=AccessOutcome.choices)

    objects = AccessLogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["client_id", "-timestamp"], name="accesslog_client_idx"),
            models.Index(fields=["user", "-timestamp"], name="accesslog_user_idx"),
            models.Index(fields=["-timestamp"], name="accesslog_timestamp_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("The access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only")


class Notificatie(models.Model):
    """An in-app message for one user (alerts, due follow-ups). Never holds client names or
    other identifiable data: it links to the page that shows them (and logs that access)."""

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="notificaties"
    )
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(gelezen_op__isnull=True),
                name="notificatie_ongelezen_idx",
            )
        ]

    def __str__(self) -> str:
        return self.titel
