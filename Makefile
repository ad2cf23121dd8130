# Every target sets up what it needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMPS := .stamps
export FLASK_APP := wsgi
# psql-style URL of an existing PostgreSQL database the tests may create databases beside.
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

.DEFAULT_GOAL := help
.PHONY: help setup fonts run test test-postgres lint format typecheck security assets messages translations bench load drills clean

help: ## List every target
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --silent
	touch $@

static/dist/.built: $(STAMPS)/npm static/build.mjs $(wildcard static/src/*)
	node static/build.mjs
	touch $@

assets: static/dist/.built ## Build GOV.UK Frontend and the council's styles into static/dist

messages: $(STAMPS)/python ## Extract translatable strings into translations/messages.pot and update each language
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --no-location --sort-output --omit-header -o translations/messages.pot .
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations; fi

translations: $(STAMPS)/python ## Compile the message catalogues
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel --quiet compile -d translations; fi

fonts: ## Install Debian's Pango and Noto fonts (Urdu needs their Nastaliq) for the plan PDF, if missing
	@if ! ldconfig -p | grep -q 'libpango-1.0.so' || ! command -v fc-list >/dev/null \
		|| ! fc-list ':lang=ur' family | grep -q .; then \
		echo "Installing Debian's Pango and Noto fonts for the plan PDF"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo "sudo -n" ); \
		( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-core >/dev/null ) \
		|| echo "Could not install them: everything but the plan PDF works without them"; \
	fi

setup: fonts $(STAMPS)/python assets translations ## Install Python and npm packages and build assets

run: setup ## Serve the portal with demo data on SQLite at http://127.0.0.1:$(PORT)
	$(BIN)/flask db upgrade
	$(BIN)/flask local-offer load-demo --if-empty
	$(BIN)/flask ras load-demo
	BIND=127.0.0.1:$(PORT) WEB_CONCURRENCY=2 $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

lint: $(STAMPS)/python ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMPS)/python ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMPS)/python ## Type-check the domain modules with mypy
	$(BIN)/mypy

security: $(STAMPS)/python ## bandit (no high findings) and pip-audit (when its service is reachable)
	$(BIN)/bandit -q -r portal local_offer -lll
	@out=$$(timeout 300 $(BIN)/pip-audit --progress-spinner off --skip-editable 2>&1); rc=$$?; \
	echo "$$out" | head -n 1; \
	if [ $$rc -ne 0 ] && echo "$$out" | grep -q "known vulnerabilit"; then echo "$$out"; exit 1; fi

test: setup lint typecheck security ## Lint, type-check, security checks and the whole test suite on SQLite
	$(BIN)/python -m pytest

test-postgres: setup ## Run the whole test suite on PostgreSQL ($$POSTGRES_URL)
	TEST_DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest

bench: setup ## Directory search latency over 10,000 services, SQLite and PostgreSQL
	$(BIN)/python -m bench.search --services 10000 --postgres-url $(POSTGRES_URL)

drills: setup ## Kill a worker, restart PostgreSQL and stop Redis under load; each drill checks itself
	$(BIN)/python -m bench.drills --postgres-url $(POSTGRES_URL)

load: setup ## 50 people for 5 minutes against the portal on PostgreSQL, beside a minimal Flask baseline
	$(BIN)/python -m bench.load --users 50 --seconds 300 --postgres-url $(POSTGRES_URL)

clean: ## Remove the virtual environment, packages and built assets
	rm -rf $(VENV) node_modules static/dist $(STAMPS)
