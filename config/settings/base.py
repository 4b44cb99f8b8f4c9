"""Settings shared by every environment; everything that varies comes from the environment.

See .env.example for the variables. local.py, test.py and production.py only switch
what differs between those environments.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Our apps, lowest first: a lower app never imports a higher one.
    "accounts",
    "netwerk",
    "inkoop",
    "casemanagement",
    "wachtlijst",
    "signaalteam",
    "rapportage",
    # Demo data and seeding, on top of every app (its management commands: seed_demo, demo_totp).
    "demo",
    # Last: wires together apps that may not import each other (docs/decisions/0014).
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so it sees the responses of everything below it.
    "accounts.middleware.PrivateCacheControlMiddleware",
    "accounts.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.ActingMembershipMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    # AxesMiddleware last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.forms.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.acting",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

# --- Data stores --------------------------------------------------------------------------


def database_config(url: str) -> dict:
    """A PostgreSQL URL as Django's database settings. A Unix-socket folder given as
    ?host=/path (the embedded PostgreSQL) is the server's host."""
    config = env.db_url_config(url)
    if socket_dir := config.get("OPTIONS", {}).pop("host", None):
        config["HOST"] = socket_dir
    return config


# The application's role: restricted, never the owner of the tables, never a superuser
# (docs/decisions/0006-database-roles.md).
DATABASES = {"default": database_config(env("DATABASE_URL"))}
# The owner of the tables, for `manage.py migrate` only (accounts' migrate command connects
# as it and then grants DATABASE_URL's role its privileges). Unset: one role does both.
DATABASE_OWNER = (
    database_config(owner_url) if (owner_url := env("DATABASE_OWNER_URL", default="")) else None
)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: on the short queries of a web request it costs more than it saves
# (the national inventory spent 580 of its 810 ms compiling; bench/results.md).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="dn"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Authentication -----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so locked-out users are refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock an account (per e-mail address and IP address) after 5 failed logins for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Registering a known BSN with a surname and birth date that do not match is refused; after
# this many refusals in 24 hours a user cannot register at all until the next day, so BSNs
# cannot be tried one after another (casemanagement.services.client_register).
REGISTRATIE_MAX_ONJUIST_PER_DAG = env.int("REGISTRATIE_MAX_ONJUIST_PER_DAG", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# Password spraying (accounts.spraying): failed logins for this many different e-mail
# addresses from one client IP address within the window lock that address out (every
# account, a correct password too) for the lockout period.
LOGIN_SPRAYING_ACCOUNTS = env.int("LOGIN_SPRAYING_ACCOUNTS", default=20)
LOGIN_SPRAYING_WINDOW_MINUTES = env.int("LOGIN_SPRAYING_WINDOW_MINUTES", default=15)
LOGIN_SPRAYING_LOCKOUT_MINUTES = env.int("LOGIN_SPRAYING_LOCKOUT_MINUTES", default=30)

# Second factor (TOTP): always for beheerders; for every role when this is set.
OTP_REQUIRED_FOR_ALL_ROLES = env.bool("OTP_REQUIRED_FOR_ALL_ROLES", default=False)
OTP_TOTP_ISSUER = "Dementienetwerk"

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads it to send the token with every request
# A refused form gets a Dutch page inside the layout (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# --- Content-Security-Policy (accounts.middleware.ContentSecurityPolicyMiddleware) ---------

# The pages load only their own scripts, styles, images and fonts: no inline script or style
# (htmx's indicator style is switched off in base.html), no eval, no framing, forms post
# only to this site. QR codes for the second factor are data: images.
_CSP_STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def csp(**directives: str) -> str:
    """The strict policy with some directives replaced (underscores for dashes)."""
    policy = {**_CSP_STRICT, **{k.replace("_", "-"): v for k, v in directives.items()}}
    return "; ".join(f"{name} {value}" for name, value in policy.items())


# Keys: a view name or URL namespace with a policy of its own; "default" for the rest.
CONTENT_SECURITY_POLICY = {
    "default": csp(),
    # Django's admin: django-simple-history's history pages write style="" attributes and
    # the change list a <style> block; the admin's scripts are files, so script-src stays.
    "admin": csp(style_src="'self' 'unsafe-inline'"),
    # Swagger UI (/api/v1/docs/) needs nothing more: config.urls.ApiDocsView serves its start
    # script as a file and its template has no inline style.
}

# --- Encryption of identifiable data (BSN) ------------------------------------------------

# One or more Fernet keys, comma-separated, newest first (rotation: prepend a new key).
FIELD_ENCRYPTION_KEY = env.list("FIELD_ENCRYPTION_KEY")

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static files -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail -------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Dementienetwerk <noreply@localhost>")
# The address users reach the application at, for links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Celery -------------------------------------------------------------------------------


def celery_url(redis_url: str) -> str:
    """Celery's Redis transport names Unix sockets ``redis+socket://``, redis-py ``unix://``."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CELERY_BROKER_URL = celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = celery_url(REDIS_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = 60 * 60 * 24
# An unacknowledged message is redelivered after this long; every retry backoff stays
# well below it (config.celery.RETRY_BACKOFF_MAX), so a retried task is never duplicated.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "sessies-opruimen": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "wachtlijst-dagelijks": {
        "task": "wachtlijst.tasks.wachtlijst_dagelijks",
        "schedule": crontab(hour=5, minute=30),
    },
    "rapporten-na-periode": {
        "task": "rapportage.tasks.rapporten_na_periode",
        "schedule": crontab(minute=0, hour=7, day_of_month="2,3", month_of_year="1,4,7,10"),
    },
    "signalen-melder-gegevens-opschonen": {
        "task": "signaalteam.tasks.melder_gegevens_opschonen",
        "schedule": crontab(hour=3, minute=45),
    },
    "bewaartermijnen-toepassen": {
        "task": "casemanagement.tasks.bewaartermijnen_toepassen",
        "schedule": crontab(hour=2, minute=30),
    },
    "nza-kwartaalconcepten": {
        "task": "wachtlijst.tasks.nza_kwartaal_concepten",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # reminders to the providers that have not confirmed their NZa figures (deadline the
    # 10th); the task sends once per provider per day, whatever beat does
    "nza-herinneringen": {
        "task": "wachtlijst.tasks.nza_herinneringen",
        "schedule": crontab(minute=0, hour=8, day_of_month="5,9", month_of_year="1,4,7,10"),
    },
}

# --- Casemanagement -------------------------------------------------------------------------

# An invitation to become a casemanager is valid this many days (docs/decisions/0010);
# its public accept page takes this many POSTs per IP address.
CASEMANAGER_UITNODIGING_GELDIG_DAGEN = env.int("CASEMANAGER_UITNODIGING_GELDIG_DAGEN", default=14)
CASEMANAGER_UITNODIGING_LIMIET = env("CASEMANAGER_UITNODIGING_LIMIET", default="10/h")

# --- Retention of client data (docs/decisions/0017-bewaartermijnen.md) -------------------------

# WGBO art. 7:454: the record is kept 20 years after the last care (end of the traject or its
# nazorg, the last contact); then the daily job destroys it (anonymises the row).
BEWAARTERMIJN_DOSSIER_JAREN = env.int("BEWAARTERMIJN_DOSSIER_JAREN", default=20)
# A person who was registered but never came into care: years after the last afmelding.
BEWAARTERMIJN_AANMELDING_ZONDER_ZORG_JAREN = env.int(
    "BEWAARTERMIJN_AANMELDING_ZONDER_ZORG_JAREN", default=2
)
# Carers' contact details: years after the client's care (with nazorg) ended.
BEWAARTERMIJN_MANTELZORGER_JAREN = env.int("BEWAARTERMIJN_MANTELZORGER_JAREN", default=1)
# NEN 7513: the access log at least 5 years (a lower value is refused: the database keeps 5).
BEWAARTERMIJN_TOEGANGSLOG_JAREN = env.int("BEWAARTERMIJN_TOEGANGSLOG_JAREN", default=5)

# The coordinator's access view flags a user who read more than this many records outside
# their own caseload in one day, and reads outside working hours (Europe/Amsterdam, whole
# hours: from VAN up to TOT on weekdays; weekends are outside).
TOEGANGSLOG_DREMPEL_BUITEN_CASELOAD = env.int("TOEGANGSLOG_DREMPEL_BUITEN_CASELOAD", default=10)
TOEGANGSLOG_WERKTIJD_VAN = env.int("TOEGANGSLOG_WERKTIJD_VAN", default=7)
TOEGANGSLOG_WERKTIJD_TOT = env.int("TOEGANGSLOG_WERKTIJD_TOT", default=19)

# --- Waitlist --------------------------------------------------------------------------------

# A network is announced to the signaalteam as over a threshold when this many people wait,
# or when a client waits longer than the Treeknorm by more than this many days.
# Statistical disclosure control (accounts.disclosure, docs/decisions/0016): insurers, the
# public and the national reports never see a count of fewer persons than this.
KLEIN_AANTAL_DREMPEL = env.int("KLEIN_AANTAL_DREMPEL", default=5)

WACHTLIJST_DREMPELS = {
    "aantal_wachtend": env.int("WACHTLIJST_DREMPEL_AANTAL", default=100),
    "dagen_boven_norm": env.int("WACHTLIJST_DREMPEL_DAGEN_BOVEN_NORM", default=28),
}

# --- Signaalteam -----------------------------------------------------------------------------

# Contact details of melders are removed this many days after their signal was closed.
SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN = env.int("SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN", default=365)
SIGNAAL_MELDPUNT_LIMIET = env("SIGNAAL_MELDPUNT_LIMIET", default="5/h")
# Behind a reverse proxy REMOTE_ADDR is the proxy: name the header it sets (HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)

# --- Reports ---------------------------------------------------------------------------------

# Test hook only: seconds a report generation pauses inside its transaction (0 = never).
RAPPORTAGE_TEST_PAUZE_SECONDEN = env.float("RAPPORTAGE_TEST_PAUZE_SECONDEN", default=0)

# --- API ----------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's parsers with Dutch messages for an unreadable body (config/parsers.py); DRF's
    # other messages are Dutch through its catalogue and locale/nl (the messages it lacks).
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "config.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/min",
        "user": "600/min",
        "aanmeldingen": "120/min",
        # per provider key, not per address (casemanagement.aanlevering.api, decision 0018)
        "aanlevering": env("AANLEVERING_LIMIET", default="60/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dementienetwerk API",
    "DESCRIPTION": "API van de dementienetwerken: netwerken, inkoop, aanmeldingen, "
    "wachtlijst, signalen en rapportages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the drf-spectacular-sidecar package: no CDN needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AanmeldingStatusEnum": "casemanagement.api.Status.CHOICES",
        "ContractStatusEnum": "inkoop.models.ContractStatus",
        "WachtlijstCategorieEnum": "wachtlijst.landelijk.selectors.Categorie",
        "SignaalStatusEnum": "signaalteam.models.SignaalStatus",
        "SignaalCategorieEnum": "signaalteam.models.Categorie",
        "SignaalBronEnum": "signaalteam.models.Bron",
    },
}

# --- Logging ------------------------------------------------------------------------------

# Every handler has the redact filter (accounts.logging): no BSN and no query string in any
# line. Celery workers and beat use this configuration too (config.celery), gunicorn's own
# logs get the filter from config.gunicorn_logging.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "accounts.logging.RedactIdentifiersFilter"},
        "forbidden_without_traceback": {"()": "config.logfilters.ForbiddenWithoutTracebackFilter"},
    },
    "formatters": {
        "keyvalue": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "keyvalue",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A refused page (403) is logged as one line, without a traceback (config.logfilters).
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "axes": {"level": "WARNING"},
        # runserver's request lines: Django's default sends them to a handler of its own,
        # without the filter; here they go through it (no query strings, no BSN).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
