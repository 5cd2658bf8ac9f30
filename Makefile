# `make run` serves the shop with demo data; `make test` runs the suite. Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
# pip reads setup.cfg; the stamp makes a second run skip the install.
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test test-browser translations lint bench clean messages migration

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile -d storefront/translations -f --statistics

instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))' > $@

run: $(STAMP) translations instance/secret_key
	SECRET_KEY=$$(cat instance/secret_key) FLASK_DEBUG=1 $(FLASK) db upgrade
	SECRET_KEY=$$(cat instance/secret_key) FLASK_DEBUG=1 $(FLASK) seed demo --if-empty
	SECRET_KEY=$$(cat instance/secret_key) FLASK_DEBUG=1 $(FLASK) run --host $(HOST) --port $(PORT)

test: $(STAMP) translations
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: $(STAMP) translations
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o storefront/translations/messages.pot . -q --sort-output --no-location
	$(BIN)/pybabel update -i storefront/translations/messages.pot -d storefront/translations -q --no-fuzzy-matching

lint: $(STAMP)
	$(BIN)/ruff check storefront tests bench

bench: $(STAMP) translations
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance/storefront.sqlite3*

# Until the first release the schema is one migration, regenerated from the models on an empty database.
migration: $(STAMP)
	rm -f migrations/versions/*.py instance/migration-scratch.sqlite3*
	mkdir -p instance
	DATABASE_URL=sqlite:///$(CURDIR)/instance/migration-scratch.sqlite3 FLASK_DEBUG=1 $(FLASK) db migrate -m "initial schema" --rev-id 0001
	rm -f instance/migration-scratch.sqlite3*
