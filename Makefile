# Every target sets itself up: the first run creates .venv and installs from the lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz lint format bench soak audit lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)  ## start Resync on http://127.0.0.1:8000 with embedded defaults
	$(BIN)/resync serve

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

fuzz: $(STAMP)  ## the API fuzz suite, longer than the bounded run inside `make test`
	RESYNC_FUZZ_MAX_EXAMPLES=50 RESYNC_FUZZ_MAX_SECONDS=600 $(BIN)/python -m pytest tests/security/test_schemathesis.py tests/security/test_socket_frames.py $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: $(STAMP)  ## each benchmark prints one comparable figure
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

soak: $(STAMP)  ## half an hour of steady chat against a server: memory growth and p95
	$(BIN)/python bench/soak_chat.py $(SOAK_ARGS)

audit: $(STAMP)  ## known vulnerabilities in the locked dependencies (needs PyPI's JSON API)
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --strict --requirement requirements.lock --no-deps --disable-pip

lock:  ## re-pin dependencies after editing pyproject.toml
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
