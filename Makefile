# Two commands for a fresh machine (see README):
#   make start   set up, build data/processed if missing, start the dashboard on the bundled data
#   make test    set up (Python packages + Debian's chromium and fonts), run every test, browser tests included
#   make serve   production: REPLICAS Streamlit processes (default: cores) behind nginx on PORT (docs/DEPLOY.md)
PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501
REPLICAS ?= $(shell nproc)

.PHONY: setup system-deps data start serve test bench

.venv/ok: requirements.txt
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch .venv/ok

setup: .venv/ok

# Debian packages: Chromium for browser tests and PDF briefs, Noto fonts (Urdu Nastaliq), poppler for PDF checks,
# nginx in front of the replicas (make serve, tests/test_serve.py).
system-deps:
	@if ! command -v chromium >/dev/null || [ ! -d /usr/share/fonts/truetype/noto ] || ! command -v pdftoppm >/dev/null \
		|| ! PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-core poppler-utils nginx >/dev/null; \
	fi

data: setup
	$(PY) -m etl

start: data
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Ctrl-C or SIGTERM stops nginx and every replica (exec: the supervisor gets make's signals directly).
serve: data system-deps
	exec $(PY) scripts/serve.py --port $(PORT) --replicas $(REPLICAS)

test: setup system-deps
	$(PY) -m pytest -q tests

bench: setup system-deps
	$(PY) benchmarks/bench_etl.py
	$(PY) benchmarks/bench_pages.py
