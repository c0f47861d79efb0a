# Gong call intelligence — local development.
#   make demo   run the whole pipeline end to end on the embedded local stack and show what it produced
#   make test   install what the tests need, lint (ruff, sqlfluff, mypy, vulture), and run the whole suite
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# uv lives inside the virtualenv: nothing but Python 3.11 and make has to be on the machine or on PATH.
UV := $(VENV)/bin/uv
# Trust the machine's certificate store, as pip does (networks that inspect TLS add their CA there).
export UV_SYSTEM_CERTS := 1
LOCAL ?= .local
# Size of the generated Gong tenant for `make demo` and `make airflow` (empty: each command's default).
CALLS ?=
# Set TORCH_INDEX=https://download.pytorch.org/whl/cpu on Linux laptops to avoid the large CUDA build.
TORCH_VERSION ?= 2.13.0
TORCH_INDEX ?=
export PYTHONPATH := $(CURDIR)
export AIRFLOW_HOME := $(abspath $(LOCAL))/airflow
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__CORE__PARALLELISM := 4
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: demo test lint venv lock airflow ask clean bench

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-dev.lock requirements-ml.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip install --python $(PY) -r requirements-dev.lock pip
	$(PY) -m pip install --quiet --disable-pip-version-check "torch==$(TORCH_VERSION)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(UV) pip install --python $(PY) -r requirements-ml.txt
	@touch $@

venv: $(VENV)/.installed

# Regenerate the lock after changing requirements*.txt (not automatic: a fresh clone's file times say nothing).
lock: venv
	$(UV) pip compile --python-version 3.11 --quiet requirements-dev.txt -o requirements-dev.lock

demo: venv
	$(PY) -m local_stack.demo --data-dir $(LOCAL) $(if $(CALLS),--calls $(CALLS))

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) scripts/lint_sql.py
	$(PY) -m mypy
	$(PY) -m vulture

test: lint
	$(PY) -m pytest -q -p no:cacheprovider

# The Airflow UI on the same local stack: peers on fixed ports, scheduler + API server + triggerer.
airflow: venv
	mkdir -p $(AIRFLOW_HOME)
	$(VENV)/bin/airflow db migrate
	$(PY) -m local_stack.stack serve --data-dir $(LOCAL) $(if $(CALLS),--calls $(CALLS)) & stack=$$!; \
	  trap 'kill $$stack' EXIT; PATH="$(abspath $(VENV))/bin:$$PATH" airflow standalone

ask: venv
	$(PY) -m local_stack.ask --data-dir $(LOCAL) "$(Q)"

bench: venv
	$(PY) -m bench.run_all

clean:
	rm -rf $(LOCAL)
