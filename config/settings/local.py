"""Development on a laptop (`make run`): debug on, fixed keys that are useless anywhere else."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
# A fixed development key so the demo data stays readable between runs. Never in production.
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE=")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

from .base import *

# Files are served by runserver/WhiteNoise straight from the source folders.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Serve static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
