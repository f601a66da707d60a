# Two commands for a fresh machine (see README):
#   make start   set up, build data/processed if missing, start the dashboard on the bundled data
#   make test    set up (Python packages + Debian's chromium and fonts), run every test, browser tests included
PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501

.PHONY: setup system-deps data start test bench

.venv/ok: requirements.txt
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch .venv/ok

setup: .venv/ok

# Debian packages: Chromium for browser tests and PDF briefs, Noto fonts (Urdu Nastaliq), poppler for PDF checks.
system-deps:
	@if ! command -v chromium >/dev/null || [ ! -d /usr/share/fonts/truetype/noto ] || ! command -v pdftoppm >/dev/null; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-core poppler-utils >/dev/null; \
	fi

data: setup
	$(PY) -m etl

start: data
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: setup system-deps
	$(PY) -m pytest -q tests

bench: setup system-deps
	$(PY) benchmarks/bench_etl.py
	$(PY) benchmarks/bench_pages.py
