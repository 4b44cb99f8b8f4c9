"""The test suite: real PostgreSQL and Redis, fast hashing, mail kept in memory."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWtleS1ub3Qtc2VjcmV0LWF0LWFsbCE=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# parallel test processes (pytest-xdist) each get their own cache keys
os.environ.setdefault("CACHE_KEY_PREFIX", "dn-test-" + os.environ.get("PYTEST_XDIST_WORKER", "0"))

from .base import *

DEBUG = False
# The suite creates its own databases as DATABASE_URL's role and migrates them as that role;
# tests/config/test_database_roles.py sets the two roles up inside a test instead.
DATABASE_OWNER = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"
# Tasks run in-process unless a test starts a real worker (tests/config/test_celery.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_STORE_EAGER_RESULT = True  # progress pages read the result backend
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": "10000/min",
    "user": "10000/min",
    "aanlevering": "10000/min",
}

# Serve static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
