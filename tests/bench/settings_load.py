"""Production settings plus the benchmark's trivial view (tests.bench.urls): what gunicorn
runs in `make load`, so the saturating run can measure the trivial page with the same workers
as the real mix. Only tests.bench.load uses it."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
