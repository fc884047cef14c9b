# Practice Mapper. `make run` and `make test` are the two quick-start commands.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := APP_CONFIG=development $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run install install-dev browser test test-unit test-browser lint audit format lock upgrade db-upgrade db-check seed assets bench clean

## run: set up, migrate the SQLite database, load demo data and serve on http://$(HOST):$(PORT)
## (127.0.0.1:5000 unless HOST or PORT is set: `PORT=5050 make run`)
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --url http://$(HOST):$(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## browser: the system Chromium; else Debian's (apt-get, as root); else Playwright's own download
browser: install-dev
	@sh scripts/ensure-browser.sh $(BIN)/python

## test: every test, unit and browser, with branch coverage (the run fails below the floor set in
## pyproject.toml). Set DATABASE_URL=postgresql+psycopg://… to run on PostgreSQL.
test: browser
	$(BIN)/python -m pytest --cov --cov-report=term $(PYTEST_ARGS)

## test-unit: the unit tests alone, spread over every core (pytest-xdist; each worker builds its own
## throwaway databases), without the coverage floor
test-unit: install-dev
	$(BIN)/python -m pytest -n auto --ignore=tests/browser $(PYTEST_ARGS)

test-browser: browser
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

## lint: ruff (lint and format), bandit, djLint (templates), mypy (types) and import-linter (layers)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r app
	$(BIN)/djlint templates --lint
	$(BIN)/mypy
	$(BIN)/lint-imports

## audit: known vulnerabilities in the pinned requirements (needs the internet: PyPI's advisory API)
audit: install-dev
	$(BIN)/pip-audit -r requirements.txt

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# pip-compile asks pip's default index alone, whatever pip configuration this machine adds (local
# wheel folders, extra indexes): the locks must hold the hashes of what a fresh machine downloads.
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras

## lock: recompile requirements.txt and requirements-dev.txt, with hashes, from the .in files,
## keeping every existing pin (run it after editing requirements.in or requirements-dev.in)
lock: install-dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

## upgrade: the same, moving every pin to its newest release; then `make install-dev test`
upgrade: install-dev
	$(PIP_COMPILE) --upgrade -o requirements.txt requirements.in
	$(PIP_COMPILE) --upgrade -o requirements-dev.txt requirements-dev.in

db-upgrade: install
	$(FLASK) db upgrade

## db-check: fail when the models and the migrations disagree
db-check: install
	$(FLASK) db check

seed: install
	$(FLASK) seed-demo

## bench: the performance figures of docs/performance.md on SQLite and PostgreSQL (about 18 minutes;
## BENCH_ARGS="--quick --db sqlite" for a smoke run). Writes bench/results/latest.json.
bench: install-dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## assets: rebuild static/css/app.css and the vendored scripts (needs Node and npm)
assets:
	cd static/src && npm ci --no-audit --no-fund
	cd static/src && npx sass --pkg-importer=node --style=compressed --quiet-deps --no-source-map app.scss ../css/app.css
	cp static/src/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx-2.0.11.min.js
	cp static/src/node_modules/sortablejs/Sortable.min.js static/vendor/sortable-1.15.7.min.js
	sed 's|//# sourceMappingURL=.*$$||' static/src/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js > static/vendor/govuk-frontend-6.6.0.min.js

clean:
	rm -rf $(VENV) instance/practice-mapper.db* tests/browser/artifacts
