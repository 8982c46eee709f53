# consultbot: `make demo` tries it in the terminal, `make test` runs the tests. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
export TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test

# The translations: each language's .po compiled to .mo when the .po is newer (the .mo are not in git).
PO := $(wildcard bot/locale/*/LC_MESSAGES/consultbot.po)
MO := $(PO:.po=.mo)

.PHONY: demo test test-all check bench run clean locale extract

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "consultbot needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP) locale  ## the sample A/61/583 round in the terminal, on SQLite (consultbot.db)
	$(BIN)/consultbot demo

run: $(STAMP) locale  ## the service: channels, HTTP server, scheduler (settings from CONSULTBOT_* variables)
	$(BIN)/consultbot run

# `make test` spreads the tests over this many processes (pytest-xdist; a file's tests stay together).
WORKERS ?= 3

test: $(STAMP) locale  ## the tests not marked slow, in $(WORKERS) processes (see README, Tests; PostgreSQL ones skip if it is down)
	$(BIN)/python -m pytest -q -m "not slow" -n $(WORKERS) --dist loadfile

test-all: $(STAMP) check  ## everything CI runs: checks, then every test, PostgreSQL required
	TEST_POSTGRES_REQUIRED=1 $(BIN)/python -m pytest -q

check: $(STAMP) locale  ## ruff, mypy --strict on the whole project (tests too), import contracts, the translations complete
	$(BIN)/python tools/check_po.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

locale: $(MO)  ## compile the translations (bot/locale/*/LC_MESSAGES/consultbot.po) that changed

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --domain consultbot --input-file $< --output-file $@ \
		--locale $(word 3,$(subst /, ,$<))

extract: $(STAMP)  ## after changing English texts: the template, the English catalogue, every language's file
	PYTHONPATH=. $(BIN)/pybabel extract --mapping-file babel.cfg --no-location --width 100 \
		--project consultbot --copyright-holder consultbot --output-file bot/locale/consultbot.pot .
	$(BIN)/pybabel update --domain consultbot --input-file bot/locale/consultbot.pot --output-dir bot/locale \
		--width 100 --ignore-obsolete
	$(BIN)/python tools/english_po.py

bench: $(STAMP) locale  ## the benchmarks (see README, Performance)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	rm -f $(MO)
