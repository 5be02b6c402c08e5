# Everyday commands; each target is one line you could also type. `make help` lists them.
# They use the project's venv, .venv, which `make dev` creates as the README's commands do.

PY := .venv/bin/python

.PHONY: help dev run test lint typecheck wheel ci bench

help:  ## this list
	@grep -E "^[a-z-]+:.*## " $(MAKEFILE_LIST) | sed -E "s/:.*## /\t/"

dev:  ## the venv with the test extras, editable (the README's second command)
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]'

run:  ## the one-command demo (the README's first command)
	$(PY) -m app.devtools.demo

test:  ## every test; the integration tier too when TEST_DATABASE_URL and TEST_REDIS_URL are set
	$(PY) -m pytest -q -p no:cacheprovider

lint:  ## ruff
	.venv/bin/ruff check .

typecheck:  ## mypy, configured in pyproject.toml
	.venv/bin/mypy

wheel:  ## build, install outside the tree and run the wheel (own redis-server, or an empty WHEEL_REDIS_URL)
	.ci/check-wheel $(WHEEL_REDIS_URL)

ci:  ## what CI runs: lint, types, every test on PostgreSQL and Redis, the wheel
	.ci/run

bench:  ## the desk-queue and erasure benchmarks, each on a temporary SQLite database
	$(PY) bench/desk_queue.py && $(PY) bench/erasure.py
