# The two commands a fresh machine needs: `make run` and `make test`.
# Everything is installed by this file into .tools/ and .venv/; services are the
# embedded PostgreSQL and Redis (under .data/) unless DATABASE_URL / REDIS_URL are set.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
WITH_SERVICES := $(PY) -m config.embedded
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install lint format bench load bench-smoke check clean screenshots

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

install: $(VENV)/.installed

## make run: migrate (as the owner role), seed demo data, start web + Celery worker + beat
## (as the restricted application role; docs/decisions/0006-database-roles.md).
run: install
	$(WITH_SERVICES) --app-role -- $(PY) -m config.runstack --host $(HOST) --port $(PORT)

## make test: the full test suite (the same command .ci/run uses).
test: install
	$(WITH_SERVICES) -- $(PY) -m pytest -n auto $(PYTEST_ARGS)

## make bench: the benchmark on the national data (seeds the database dementienetwerk_national
## once, about 8 minutes) -> bench/results.md and bench/results.json
bench: install
	$(WITH_SERVICES) -- $(PY) -m tests.bench.run

## make load: Locust, 50 users for 60 s against gunicorn + a Celery worker on the national data,
## then the capacity: the mix and the trivial page without think time, same workers -> bench/load.md
load: install
	$(WITH_SERVICES) -- $(PY) -m tests.bench.load

## make bench-smoke: both harnesses at small scale (CI); fails when a page or report errors
bench-smoke: install
	$(WITH_SERVICES) -- sh -c '$(PY) -m tests.bench.run --scale klein --smoke --out .data/bench-smoke && $(PY) -m tests.bench.load --scale klein --users 5 --seconds 10 --saturation-users 6 --saturation-seconds 10 --strict --out .data/bench-smoke'

## make screenshots: the main page of each role, from the browser tests' demo data and their
## chromium -> docs/screenshots/*.png (1366 wide, 256 colours), shown in the README
screenshots: install
	$(WITH_SERVICES) -- env SCREENSHOTS=1 CI=true $(PY) -m pytest -p no:cacheprovider -q tests/e2e/test_screenshots.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(WITH_SERVICES) -- $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=example.org DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost:6379/0 \
		FIELD_ENCRYPTION_KEY=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache
