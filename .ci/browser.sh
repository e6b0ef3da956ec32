#!/usr/bin/env bash
# CI: make Debian's Chromium available for the web end-to-end tests (tests/test_web_e2e.py),
# then print the line that tells the tests where it is:
#
#   eval "$(bash .ci/browser.sh)"      # exports EVENTCODER_TEST_CHROMIUM
#
# Idempotent: does nothing but print when chromium is already installed. Installing needs root
# (apt-get). Playwright (PyPI) drives this browser through executable_path; Playwright's own
# browser download is never used.
set -euo pipefail

find_chromium() {
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || true
}

browser="$(find_chromium)"
if [ -z "$browser" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo ".ci/browser.sh: chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
  echo ".ci/browser.sh: installing chromium from the OS packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
  browser="$(find_chromium)"
fi
if [ -z "$browser" ]; then
  echo ".ci/browser.sh: chromium still not found after installing" >&2
  exit 1
fi
echo ".ci/browser.sh: $("$browser" --version 2>/dev/null | head -n 1) at $browser" >&2
echo "export EVENTCODER_TEST_CHROMIUM=$browser"
