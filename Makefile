# The two commands a newcomer needs: `make run` and `make test`. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Local development runs with DEBUG on (and its built-in, insecure secret key).
DEV_ENV := DJANGO_DEBUG=true

.PHONY: run test chromium lint format check-deploy clean help

help:
	@echo "make run    set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   install what the tests need and run the whole suite"
	@echo "make lint   ruff, djhtml and mypy"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"
	@touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@echo
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker beside it (Ctrl+C stops all)"
	@echo "E-mails are printed here, not sent (set EMAIL_URL=smtp://host:port to send them)."
	@# The worker renders the long PDFs (workshop kit, coordinator's report) and sends the
	@# e-mails off the web process; send_notifications finds what fell due, every minute.
	@trap 'kill 0' INT TERM EXIT; \
	$(DEV_ENV) SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py db_worker --interval 1 & \
	while true; do $(DEV_ENV) $(BIN)/python manage.py send_notifications; sleep 60; done & \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests need Debian's Chromium. As root we install it; otherwise we say how, and
# the browser tests are skipped (CI sets REQUIRE_BROWSER=1, which turns the skip into a failure).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		(apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
			|| echo "Could not install chromium; browser tests will be skipped."; \
	else \
		echo "Chromium is not installed, so the browser tests will be skipped."; \
		echo "Install it with: sudo apt-get install chromium"; \
	fi

# One test process per core (pytest-xdist); each has its own test database. PYTEST_ARGS
# comes last, so `make test PYTEST_ARGS="-n 0 tests/partners"` runs a part in one process.
test: $(VENV)/.installed-test chromium
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(DEV_ENV) $(BIN)/mypy .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# What production must pass: the four settings a real deployment sets.
check-deploy: $(VENV)/.installed
	DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=workbench.example.org \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
