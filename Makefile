# Xuedu: two commands set everything up. `make run` serves the site, `make test` checks it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
RUN_ENV := DJANGO_SETTINGS_MODULE=site_config.settings.dev DJANGO_DEBUG=0

.PHONY: run test test-postgres lint format install install-test bench clean

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
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py create_local_admin
	@echo ""
	@echo "雪都社区服务网: http://127.0.0.1:$(PORT)/   管理后台: http://127.0.0.1:$(PORT)/admin/ （用户名 admin）"
	@echo ""
	$(RUN_ENV) $(VENV)/bin/gunicorn site_config.wsgi:application --config site_config/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	$(VENV)/bin/pytest

# The same suite against a real PostgreSQL server, e.g.
#   DATABASE_URL=postgres://xuedu:xuedu@127.0.0.1:5432/xuedu make test-postgres
test-postgres: $(VENV)/.installed-test
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must point at a PostgreSQL server" >&2; exit 2;; esac
	$(VENV)/bin/pytest

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
