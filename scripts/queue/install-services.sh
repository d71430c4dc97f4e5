#!/usr/bin/env bash
# Makes sure Redis and PostgreSQL 15 are installed, for the queue-mode suite (test/queue/).
# Idempotent: when both are present it only looks, in well under a second. When one is missing it
# installs Debian's packages with apt-get (as root, or through sudo when that works without a
# password). Prints the folders holding the binaries on its last line: REDIS_BIN=... PG_BIN=...
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"

find_redis() {
	command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true
}

find_pg_bin() {
	local folder
	for folder in "/usr/lib/postgresql/${PG_MAJOR}/bin" /usr/lib/postgresql/*/bin; do
		if [ -x "$folder/initdb" ] && [ -x "$folder/postgres" ] && [ -x "$folder/psql" ]; then
			echo "$folder"
			return
		fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
		dirname "$(readlink -f "$(command -v initdb)")"
	fi
}

redis="$(find_redis)"
pg_bin="$(find_pg_bin)"

if [ -z "$redis" ] || [ -z "$pg_bin" ]; then
	missing=()
	[ -z "$redis" ] && missing+=(redis-server)
	[ -z "$pg_bin" ] && missing+=(postgresql)
	if [ "$(id -u)" -eq 0 ]; then
		as_root=()
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		as_root=(sudo -n)
	else
		echo "Missing: ${missing[*]}. Install them (apt-get install ${missing[*]}) or run as root." >&2
		exit 1
	fi
	echo "Installing ${missing[*]} with apt-get ..." >&2
	export DEBIAN_FRONTEND=noninteractive
	# Debian's packages start a system-wide service on install; nothing here needs it, and in a
	# container without an init system the start fails: forbid it for this install only.
	policy="$(mktemp)"
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	restore_policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		"${as_root[@]}" cp "$policy" /usr/sbin/policy-rc.d
		restore_policy=1
	fi
	rm -f "$policy"
	cleanup() { if [ -n "$restore_policy" ]; then "${as_root[@]}" rm -f /usr/sbin/policy-rc.d; fi; }
	trap cleanup EXIT
	"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
	"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >&2
	redis="$(find_redis)"
	pg_bin="$(find_pg_bin)"
fi

if [ -z "$redis" ] || [ -z "$pg_bin" ]; then
	echo "redis-server or PostgreSQL is still missing after the install" >&2
	exit 1
fi
echo "REDIS_BIN=$(dirname "$redis") PG_BIN=$pg_bin"
