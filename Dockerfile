# syntax=docker/dockerfile:1
# ChatDesk server image. Build: docker build -t chatdesk .
# Run alone (SQLite and the embedded index in /data):
#   docker run -p 8080:8080 -v chatdesk-data:/data chatdesk
# Scaled out (Postgres, Qdrant, two replicas behind Caddy): see docker-compose.yml.

# The operator dashboard (frontend/dist, served at /) and the website widget
# (frontend/widget/dist/widget.js, served at /widget.js). Lockfiles first, so a source
# change does not reinstall the packages.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
COPY frontend/widget/package.json frontend/widget/package-lock.json ./widget/
RUN npm ci --no-audit --no-fund && cd widget && npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build && cd widget && npm run build

FROM rust:1-bookworm AS builder
WORKDIR /src
COPY . .
# The cache mounts keep the crate registry and compiled dependencies between builds,
# so changing one source file does not recompile the whole dependency tree. target/ is
# a cache mount and vanishes after this step, hence the copy out of it.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p chatdesk-server --bin chatdesk \
    && install -m 0755 target/release/chatdesk /usr/local/bin/chatdesk

FROM debian:bookworm-slim AS runtime
# ca-certificates for outbound TLS (Meta Graph, LLM and SMTP providers); curl for the
# health check below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
# A fixed uid, so a bind-mounted /data can be chowned to it on the host.
RUN groupadd --system --gid 10001 chatdesk \
    && useradd --system --uid 10001 --gid chatdesk --home-dir /app --shell /usr/sbin/nologin chatdesk \
    && mkdir -p /data \
    && chown chatdesk:chatdesk /data

WORKDIR /app
COPY --from=builder /usr/local/bin/chatdesk /usr/local/bin/chatdesk
# Settings are read from ./config relative to the working directory.
COPY config ./config
# Where server.dashboard_dir and widget.script_path point by default (relative to /app).
COPY --from=web /src/frontend/dist ./frontend/dist
COPY --from=web /src/frontend/widget/dist/widget.js ./frontend/widget/dist/widget.js

# Inside a container, listening on loopback would make the server unreachable.
ENV CHATDESK__SERVER__HOST=0.0.0.0 \
    CHATDESK__DATA_DIR=/data \
    CHATDESK_ENV=production
# SQLite database, generated secrets, the embedded vector index and the email outbox.
VOLUME ["/data"]
EXPOSE 8080
USER chatdesk

HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${CHATDESK__SERVER__PORT:-8080}/healthz" > /dev/null || exit 1

ENTRYPOINT ["/usr/local/bin/chatdesk"]
