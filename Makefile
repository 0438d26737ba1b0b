# microshop: `make help` lists what you can do.
#
# Everything runs from one virtual environment in .venv, made from the services'
# requirements on first use. DATABASE_URL and CELERY_BROKER_URL in the environment
# point `make run` and the tests at PostgreSQL and RabbitMQ; without them, an
# embedded database and broker are used.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The services, from their registry (each table of registry.toml is one).
REGISTRY := services/common/src/microshop_common/registry.toml
SERVICES := $(shell sed -n 's/^\[\([a-z][a-z0-9_]*\)\]$$/\1/p' $(REGISTRY))
REQUIREMENTS := services/common/pyproject.toml services/testing/pyproject.toml tests/requirements.txt \
	$(foreach s,$(SERVICES),services/$(s)/requirements.txt services/$(s)/requirements-dev.txt)
LAYERS := $(PY) tests/run_layers.py
PYRAMID := unit integration component contract security e2e resilience
# make load: how many customers, for how long (locust's -u and -t); ARGS takes any other option.
LOAD_CUSTOMERS ?= 16
LOAD_TIME ?= 60s
# make test-all fails when a service's branch coverage, across every process, is below this.
COVERAGE_MIN ?= 90
# Bytecode is cached in .cache/pycache, out of the source tree, even where
# PYTHONDONTWRITEBYTECODE is set (as CI images often do). A test run starts a few hundred
# Python processes, and each would otherwise compile the same sources again: about 3.5 s
# of CPU for every pytest process.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX ?= $(CURDIR)/.cache/pycache
# Hypothesis keeps the Unicode tables it derives for the fuzzing here, once for every
# service's security suite: each takes seconds to build.
export HYPOTHESIS_STORAGE_DIRECTORY ?= $(CURDIR)/.cache/hypothesis

.DEFAULT_GOAL := help
.PHONY: help services install run manage test-all test-layers test-unit test-integration test-component test-contract test-security test-e2e test-resilience test-generator exercises exercise exercises-check load bench openapi new-service lint format clean

help: ## Show this list
	@echo "microshop: five Django services, tested at every layer. Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-18s %s\n", $$1, $$2}'
	@echo "Examples: make run ARGS=--help   make test-unit ARGS='--service orders'"

# pip compiles what it installs into __pycache__ folders, which .cache/pycache bypasses: the
# bytecode is compiled there once, at install, rather than by the first suites of the first
# test run, three at a time (`make test-unit` in a fresh clone took 9.9 and 10.3 s with the
# cache emptied, 7.1 and 7.8 s with it full).
$(VENV)/.installed: $(REQUIREMENTS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e services/common -e services/testing \
		-r tests/requirements.txt \
		$(foreach s,$(SERVICES),-r services/$(s)/requirements-dev.txt)
	@echo "compiling their bytecode into .cache/pycache ..."
	@$(PY) -m compileall -q -j 0 -x '/tests?/' $(VENV)/lib services
	@touch $@

services: ## List the services, from their registry
	@echo $(SERVICES)

install: $(VENV)/.installed ## Create .venv with every dependency (done for you by the other targets)

run: install ## Run the whole system: every service, its worker and relay, the fakes; a process that exits is restarted (ARGS=--help for options)
	@$(PY) services/run.py $(ARGS)

manage: install ## Run a service's manage.py against make run's system: make manage SERVICE=orders ARGS="dead_letters list"
	@$(PY) services/manage_service.py $(SERVICE) $(ARGS)

test-all: install ## Every layer in pyramid order: counts, times, coverage per service (fails below 90% of branches; COVERAGE_MIN to change), then make new-service's test
	@$(LAYERS) $(PYRAMID) --fail-under $(COVERAGE_MIN) $(ARGS)
	@$(PY) -m pytest tests/generator -q

test-layers: install ## Every layer in pyramid order, as test-all runs them, without a coverage minimum or make new-service's test
	@$(LAYERS) $(PYRAMID) $(ARGS)

test-unit: install ## Unit tests: no database, network, broker or other process
	@$(LAYERS) unit $(ARGS)

test-integration: install ## Integration tests: real database, real broker, real Celery worker
	@$(LAYERS) integration $(ARGS)

test-component: install ## Component tests: each service as a black box, in process and as real processes
	@$(LAYERS) component $(ARGS)

test-contract: install ## Contract tests: consumers write pacts, providers verify them; OpenAPI documents
	@$(LAYERS) contract $(ARGS)

test-security: install ## Security tests, along the OWASP API Top 10: authorization matrix, injection, exposure, throttles, fuzzing
	@$(LAYERS) security $(ARGS)

test-generator: install ## make new-service in a throwaway copy of the repository: its refusals, and every layer of a new service
	@$(PY) -m pytest tests/generator -q $(ARGS)

exercises: install ## List the exercises: breaks to apply, each caught by one layer (docs/exercises/)
	@$(PY) tests/exercises.py list

exercise: install ## Break the code as exercise N says, in a scratch copy, and run the layer that catches it: make exercise N=1 [ARGS=--only-test]
	@$(if $(N),,$(error say which exercise: make exercise N=3 (make exercises lists them)))
	@$(PY) tests/exercises.py run $(N) $(ARGS)

exercises-check: install ## Verify every exercise: its break applies, and its test passes without it and fails with it
	@$(PY) tests/exercises.py check $(ARGS)

openapi: install ## Regenerate the committed OpenAPI documents in services/contracts/openapi/ from the code
	@$(PY) services/contracts/regenerate_openapi.py $(ARGS)

test-e2e: install ## End-to-end journeys: the whole system as real processes on free ports
	@$(LAYERS) e2e $(ARGS)

test-resilience: install ## Faults in the middle of the order flow (broker, database, workers, neighbours, mail): needs PostgreSQL and RabbitMQ
	@$(LAYERS) resilience $(ARGS)

load: install ## Load test against a running system (make run): 16 customers for 60 s; reports in reports/load/
	@mkdir -p reports/load
	@$(VENV)/bin/locust -f tests/load/locustfile.py --headless -u $(LOAD_CUSTOMERS) -r $(LOAD_CUSTOMERS) \
		-t $(LOAD_TIME) --csv reports/load/load --html reports/load/report.html --only-summary $(ARGS)

bench: install ## Start the system, run a fixed load, print orders/s and CPU per order against a bare endpoint
	@$(PY) tests/load/bench.py $(ARGS)

new-service: install ## Add a service from services/template/ and register it: make new-service NAME=shipping [PORT=8010]
	@$(PY) services/new_service.py $(NAME) $(if $(PORT),--port $(PORT)) $(ARGS)

lint: install ## ruff, mypy (strict on each domain.py and services.py), the static checks of CI and compose, bandit, pip-audit
	@$(VENV)/bin/ruff check services tests
	@$(VENV)/bin/ruff format --check services tests
	@# One mypy per service (each has its own settings), side by side; each prints once it ends.
	@echo $(SERVICES) | tr ' ' '\n' | xargs -P 0 -I{} sh -c \
		'out=$$(cd services/{} && ../../$(VENV)/bin/mypy 2>&1); code=$$?; printf "mypy: {}: %s\n" "$$out"; exit $$code'
	@$(PY) -m pytest tests/static -q
	@$(VENV)/bin/bandit -r services --ini .bandit -q
	@$(PY) tests/audit_dependencies.py

format: install ## ruff: fix what can be fixed and format
	@$(VENV)/bin/ruff check --fix services tests
	@$(VENV)/bin/ruff format services tests

clean: ## Remove the local state (var/: databases, broker, keys), reports and cached bytecode
	rm -rf var reports .cache
