#!/usr/bin/env bash
# Installs Debian's Chromium for the browser end-to-end suite (test/e2e/browser.e2e.test.ts)
# when /usr/bin/chromium is missing. The suite drives it with playwright-core; no browser is
# downloaded by Playwright itself.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	echo "== chromium: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
	exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		as_root=(sudo --preserve-env=DEBIAN_FRONTEND)
	else
		echo "ensure-chromium: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
		exit 1
	fi
fi

echo "== installing Debian's chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium
echo "== chromium: $(/usr/bin/chromium --version)"
