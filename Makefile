# Golden Thread: `make demo` runs the product, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCAL := goldenthread.config.django.local
export GOLDENTHREAD_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test test-sqlite test-postgres lint install assets lock serve clean bench

$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Golden Thread needs Python 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

demo: install
	DJANGO_SETTINGS_MODULE=$(LOCAL) $(BIN)/goldenthread collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=$(LOCAL) $(BIN)/goldenthread demo --port $(PORT)

# bandit fails on any medium or high finding; each accepted one carries a `# nosec` with its
# reason.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/bandit -r goldenthread -x '*/tests/*' -ll -q

test-sqlite: install
	$(BIN)/pytest

test-postgres: install
	scripts/with-postgres $(BIN)/pytest

# The whole suite: lint, then every test on SQLite and on a throwaway PostgreSQL, the two
# passes side by side (one core each).
test: lint
	scripts/test-both $(BIN)/pytest

# Benchmarks: one table of every benchmark, on SQLite and then on a throwaway PostgreSQL.
bench: install
	$(BIN)/python -m bench
	scripts/with-postgres $(BIN)/python -m bench

# Known vulnerabilities in the pinned dependencies (needs the network), then bandit's medium and
# high findings in our code (each accepted one carries a `# nosec` with its reason).
.PHONY: audit
audit: install
	$(BIN)/pip-audit -r requirements.lock
	$(BIN)/bandit -r goldenthread -x '*/tests/*' -ll -q

serve: install
	$(BIN)/goldenthread collectstatic --noinput --verbosity 0
	$(BIN)/goldenthread serve

# Rebuilds the committed CSS, JavaScript and images from frontend/ (needs Node.js).
assets:
	cd frontend && npm ci && npm run build && npm run check

# Re-pins every dependency from pyproject.toml.
lock: install
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev --allow-unsafe --constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var
