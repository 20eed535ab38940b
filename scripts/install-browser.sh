#!/usr/bin/env bash
# Debian's Chromium and CJK fonts for the browser tests (Playwright's own browser download
# does not work here). Needs root; without it the browser tests skip and say why.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-browser: not root, skipping chromium/fonts-noto-cjk (browser tests will skip)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
