"""Dutch names in the admin for the third-party apps that have no Dutch catalogue
(django-otp writes its model names without gettext; django-axes has no Dutch translation).
Our own apps name everything in Dutch in their models. Set once at start-up from
config.apps.ProjectConfig.ready; verbose names are not in the database."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "axes": _("Inlogpogingen"),
    "otp_totp": _("Tweede factor: authenticator-apps"),
    "otp_static": _("Tweede factor: reservecodes"),
    "authtoken": _("API-sleutels"),
}

MODEL_NAMES = {
    ("axes", "accessattempt"): (_("mislukte inlogpoging"), _("mislukte inlogpogingen")),
    ("axes", "accessfailurelog"): (_("mislukte inlog"), _("mislukte inlogs")),
    ("axes", "accesslog"): (_("inlog"), _("inlogs")),
    ("axes", "accessattemptexpiration"): (
        _("verloop van inlogpoging"),
        _("verloop van inlogpogingen"),
    ),
    ("otp_totp", "totpdevice"): (_("authenticator-app"), _("authenticator-apps")),
    ("otp_static", "staticdevice"): (_("set reservecodes"), _("sets reservecodes")),
    ("otp_static", "statictoken"): (_("reservecode"), _("reservecodes")),
    ("authtoken", "token"): (_("API-sleutel"), _("API-sleutels")),
    ("authtoken", "tokenproxy"): (_("API-sleutel"), _("API-sleutels")),
}

FIELD_NAMES = {
    "user": _("gebruiker"),
    "name": _("naam"),
    "confirmed": _("bevestigd"),
    "created_at": _("aangemaakt op"),
    "last_used_at": _("laatst gebruikt op"),
    "throttling_failure_timestamp": _("laatste onjuiste code op"),
    "throttling_failure_count": _("onjuiste codes achter elkaar"),
    "key": _("geheime sleutel"),
    "step": _("tijdstap (seconden)"),
    "t0": _("begintijd (t0)"),
    "digits": _("aantal cijfers"),
    "tolerance": _("toegestane afwijking (stappen)"),
    "drift": _("klokafwijking (stappen)"),
    "last_t": _("laatst gebruikte tijdstap"),
    "token": _("code"),
    "device": _("tweede factor"),
    "username": _("e-mailadres"),
    "ip_address": _("IP-adres"),
    "user_agent": _("browser (user agent)"),
    "attempt_time": _("tijdstip"),
    "logout_time": _("uitgelogd op"),
    "failures_since_start": _("mislukte pogingen"),
    "path_info": _("pad"),
    "http_accept": _("HTTP Accept"),
    "get_data": _("GET-gegevens"),
    "post_data": _("POST-gegevens"),
    "locked_out": _("geblokkeerd"),
    "session_hash": _("sessie (hash)"),
    "expires_at": _("verloopt op"),
    "created": _("aangemaakt op"),
}


def dutch_admin_names() -> None:
    """Rename the apps, models and fields above (those that are installed)."""
    for label, name in APP_NAMES.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:
            continue
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) and field.name in FIELD_NAMES:
                field.verbose_name = FIELD_NAMES[field.name]
