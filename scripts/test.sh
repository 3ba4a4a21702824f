#!/usr/bin/env bash
# Installs what the tests need (Python packages, Debian's Chromium for the browser tests), lints, type-checks
# and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  # Playwright cannot download its own browser here; Debian's package is the one the browser tests drive.
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

# The lock holds every dependency with its hash; --no-deps installs exactly it (see the README's quick start).
python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-dev.txt
python -m pip check
python -m ruff check .
python -m ruff format --check .
# The type hints are checked, or they would only be decoration (see pyproject.toml for what is checked).
python -m mypy
# On every core (pytest-xdist, up to four workers): most tests keep one core busy (spaCy, AppTest, builds).
python -m pytest -n auto --maxprocesses 4 "$@"
