# Newsroom: `make run` serves the site with the sample page imported; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SAMPLE_ISSUE_DATE ?= 2021-11-06

.PHONY: setup run test lint check clean checker-tools

setup: $(VENV)/.installed checker-tools

# The Nu HTML Checker and axe-core (tests/checkers), pinned in package-lock.json;
# without npm those checks are skipped with the reason. --ignore-scripts:
# vnu-jar's install script would download a Java build (Debian's is used).
checker-tools:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: the HTML and accessibility checkers will be skipped"; \
	elif [ ! node_modules/.package-lock.json -nt package-lock.json ]; then \
		npm ci --ignore-scripts --no-audit --no-fund; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: export DJANGO_DEBUG ?= 1
# Canonical links, feeds, sitemaps and robots.txt name the address served.
run: export NEWSROOM_SITE_URL ?= http://$(HOST):$(PORT)
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_roles
	$(BIN)/python manage.py import_articles samples/sample-page.txt \
		--issue-date $(SAMPLE_ISSUE_DATE) --page A1 --page-name 航空港新闻 --publish \
		--corrections samples/sample-page.corrections.json
	$(BIN)/python manage.py import_articles samples/sample-page-a2.txt \
		--issue-date $(SAMPLE_ISSUE_DATE) --page A2 --page-name 综合新闻 --publish
	@echo
	@echo "Newsroom is starting on http://$(HOST):$(PORT)/"
	@echo "The sample issue's 数字报: http://$(HOST):$(PORT)/epaper/$(SAMPLE_ISSUE_DATE)/"
	@echo "Staff sign in at http://$(HOST):$(PORT)/admin/ ."
	@echo "No account yet? In another terminal: $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .test-media .test-cache .cache staticfiles
