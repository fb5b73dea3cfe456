# Xuedu: two commands set everything up. `make run` serves the site, `make test` checks it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The public address pages, feeds, sitemaps and QR codes use (seed_site points the Site at it).
RUN_ENV := DJANGO_SETTINGS_MODULE=site_config.settings.dev DJANGO_DEBUG=0 WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)}
# Benchmarks send every request from one address: measure the pages, not the rate limiter.
BENCH_ENV := $(RUN_ENV) RATE_LIMITS_ENABLED=0

.PHONY: run test check-content test-extended coverage test-browser test-postgres lint format install install-test bench bench-search clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: $(VENV)/.installed
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_site
	$(RUN_ENV) $(PY) manage.py seed_kazakh
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py create_local_admin
	@echo ""
	@echo "雪都社区服务网: http://127.0.0.1:$(PORT)/   管理后台: http://127.0.0.1:$(PORT)/admin/ （用户名 admin）"
	@echo ""
	$(RUN_ENV) $(VENV)/bin/gunicorn site_config.wsgi:application --config site_config/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# The suite in parallel, one process per CPU (each builds and seeds its own test database).
TEST_WORKERS ?= auto
FAST := not browser and not fuzz and not servers
test: $(VENV)/.installed-test
	$(VENV)/bin/pytest -m "$(FAST)" -n $(TEST_WORKERS) --dist worksteal

# What takes minutes rather than seconds (run by .ci/run after make test): each query parameter
# alone, with every malformed value, on every public URL and the API (about 5,000 requests), and
# tests that start a database server of their own (a SQLite backup restored into PostgreSQL).
test-extended: $(VENV)/.installed-test
	$(VENV)/bin/pytest -m "fuzz or servers" -n $(TEST_WORKERS) --dist worksteal

# The same suite with statement coverage of the nine packages (settings in pyproject.toml).
coverage: $(VENV)/.installed-test
	$(VENV)/bin/pytest -m "not browser" -n $(TEST_WORKERS) --cov --cov-report=term

# Browser tests: Playwright drives Debian's Chromium (apt-get install chromium); axe-core from npm.
test-browser: $(VENV)/.installed-test node_modules/axe-core/axe.min.js
	$(VENV)/bin/pytest -m browser tests/browser

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund

# The same suite against a real PostgreSQL server, e.g.
#   DATABASE_URL=postgres://xuedu:xuedu@127.0.0.1:5432/xuedu make test-postgres
test-postgres: $(VENV)/.installed-test
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must point at a PostgreSQL server" >&2; exit 2;; esac
	$(VENV)/bin/pytest -m "$(FAST)" -n $(TEST_WORKERS) --dist worksteal

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PY) manage.py makemigrations --check --dry-run

# The shipped data through the real commands into a fresh database, then every content rule
# (python manage.py check_content): any error fails. Warnings are listed for a look.
CHECK_DATABASE := $(CURDIR)/.check/content.sqlite3
check-content: $(VENV)/.installed
	rm -rf $(CURDIR)/.check && mkdir -p $(CURDIR)/.check
	DATABASE_URL=sqlite:///$(CHECK_DATABASE) $(RUN_ENV) $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=sqlite:///$(CHECK_DATABASE) $(RUN_ENV) $(PY) manage.py seed_site > /dev/null
	DATABASE_URL=sqlite:///$(CHECK_DATABASE) $(RUN_ENV) $(PY) manage.py seed_kazakh > /dev/null
	DATABASE_URL=sqlite:///$(CHECK_DATABASE) $(RUN_ENV) $(PY) manage.py check_content

# Throughput of key pages under gunicorn (production settings, loopback) against whitenoise's
# static files; every page with a Zipf-like popularity while an editor publishes every 5 s (hit
# ratio, throughput against the static file); then listing/search/sitemap times at seed size and
# at PAGES (from bench-search).
SITE_BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/.bench/site-bench.sqlite3
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "make bench needs wrk (Debian: apt-get install wrk)" >&2; exit 2; }
	mkdir -p .bench
	DATABASE_URL=$(SITE_BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput --verbosity 0
	DATABASE_URL=$(SITE_BENCH_DATABASE_URL) $(PY) manage.py seed_site > /dev/null
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=$(SITE_BENCH_DATABASE_URL) $(BENCH_ENV) $(PY) manage.py bench_site --throughput --mixed --growth
	$(MAKE) --no-print-directory bench-search
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BENCH_ENV) $(PY) manage.py bench_site --growth

# Search at scale on a scratch SQLite file (or BENCH_DATABASE_URL, e.g. a PostgreSQL database
# whose name contains "bench"). PAGES=100000 for the large run.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/.bench/search-bench.sqlite3
PAGES ?= 10000
bench-search: $(VENV)/.installed
	mkdir -p .bench
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_site > /dev/null
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BENCH_ENV) $(PY) manage.py bench_search --pages $(PAGES)

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
