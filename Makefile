# Un début de réseau — every day-to-day command. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test test-postgres e2e smoke bench lint format messages clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: sudo apt-get install python3.11 python3.11-venv"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtual environment: sudo apt-get install python3.11-venv"; exit 1; }

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# The compiled catalogs, rebuilt only when a catalog changed (2 s saved on every command).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

$(MO_FILES): $(STAMP) $(wildcard locale/*/LC_MESSAGES/*.po)
	$(PY) manage.py compile_translations

install: $(STAMP) $(MO_FILES)

# Links in emails and feeds use the address runserver actually listens on (PORT=8800 make run).
run: export WAGTAILADMIN_BASE_URL = http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -q -n auto --dist loadfile

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .
	$(VENV)/bin/djhtml templates

messages: install
	$(PY) manage.py makemessages -l fr -l en --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete
	$(PY) manage.py compile_translations

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility checks: sudo apt-get install npm"; exit 1; }
	npm ci --silent --no-audit --no-fund
	@# npm may leave the file older than the lock file: without this, every run reinstalls.
	@touch $@

e2e: install node_modules/axe-core/axe.min.js
	@test -x /usr/bin/chromium || { echo "Debian's Chromium is needed: sudo apt-get install chromium"; exit 1; }
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q tests/e2e -o addopts="--strict-markers"

# The production topology for real (tests/smoke): nginx, two gunicorn, db_worker, Redis, S3
# (moto) and an SMTP sink, on a database it creates on DATABASE_URL's PostgreSQL server.
smoke: install
	@test -x /usr/sbin/nginx || { echo "nginx is needed for the smoke run: sudo apt-get install nginx"; exit 1; }
	$(PY) -m pytest -q tests/smoke -o addopts="--strict-markers" -p no:cacheprovider

bench: install
	$(PY) -m tests.bench.run

clean:
	rm -rf $(VENV) node_modules staticfiles
