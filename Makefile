# `make run` serves the shop with demo data; `make test` runs the suite. Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# pip reads setup.cfg; a stamp per extra makes the next run skip the install until setup.cfg changes.
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
MO_FILES := $(patsubst %.po,%.mo,$(wildcard storefront/translations/*/LC_MESSAGES/messages.po))
# `make run` is for trying the shop on one's own machine: debug mode, a secret kept in instance/.
RUN_ENV = SECRET_KEY=$$(cat instance/secret_key) FLASK_DEBUG=1

.PHONY: run test test-browser translations checkers lint bench clean messages migration

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): setup.cfg pyproject.toml | $(BIN)/python
	@echo "Installing the shop into $(VENV) (first run only; a minute or two)"
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): setup.cfg pyproject.toml | $(BIN)/python
	@echo "Installing the shop and its test tools into $(VENV) (first run only)"
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

# Translations are kept as .po files; the .mo files are built, never committed.
%.mo: %.po | $(STAMP_RUN)
	$(BIN)/pybabel compile -f -i $< -o $@

translations: $(MO_FILES)

instance/secret_key: | $(STAMP_RUN)
	mkdir -p instance
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))' > $@

run: $(STAMP_RUN) translations instance/secret_key
	$(RUN_ENV) $(FLASK) db upgrade
	$(RUN_ENV) $(FLASK) seed demo --if-empty
	@echo "Serving the shop on http://$(HOST):$(PORT) (Ctrl+C stops it)"
	$(RUN_ENV) $(FLASK) run --host $(HOST) --port $(PORT)

# The page checkers the tests run, from npm at the versions of package-lock.json: axe-core (browser tests)
# and the Nu HTML checker (tests/test_nu_html.py, needs Java). Without them their tests are skipped (failed
# under CI), and `make test` still runs the rest.
node_modules/.package-lock.json: package.json package-lock.json
	@if ! command -v npm >/dev/null; then echo "npm is missing: the axe-core and Nu HTML checks will be skipped (apt-get install nodejs npm)"; \
	elif ! npm ci --no-audit --no-fund --ignore-scripts; then echo "npm ci failed (offline?): the axe-core and Nu HTML checks will be skipped"; fi

checkers: node_modules/.package-lock.json

test: $(STAMP_TEST) translations checkers
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: $(STAMP_TEST) translations checkers
	$(BIN)/pytest -m browser tests/browser $(PYTEST_ARGS)

messages: $(STAMP_RUN)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o storefront/translations/messages.pot . --sort-output --no-location
	$(BIN)/pybabel update -i storefront/translations/messages.pot -d storefront/translations -q --no-fuzzy-matching

lint: $(STAMP_TEST)
	$(BIN)/ruff check storefront tests bench
	$(BIN)/ruff format --check storefront tests bench migrations/env.py wsgi.py gunicorn.conf.py
	$(BIN)/mypy

# Not part of `make test`: serves the app with gunicorn on loopback over 100,000 products (see bench/run.py).
bench: $(STAMP_RUN) translations
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/storefront.sqlite3* bench/out node_modules

# A new migration from the models' difference to head: `make migration MESSAGE="add accounts"`.
# It is built against a scratch SQLite database upgraded to head; read it before committing.
migration: $(STAMP_RUN)
	rm -f instance/migration-scratch.sqlite3*
	mkdir -p instance
	DATABASE_URL=sqlite:///$(CURDIR)/instance/migration-scratch.sqlite3 FLASK_DEBUG=1 $(FLASK) db upgrade
	DATABASE_URL=sqlite:///$(CURDIR)/instance/migration-scratch.sqlite3 FLASK_DEBUG=1 $(FLASK) db migrate -m "$(MESSAGE)"
	rm -f instance/migration-scratch.sqlite3*
