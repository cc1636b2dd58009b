#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster (creating one if the package left none) and sets the postgres password.
set -euo pipefail
read -r version name _ < <(pg_lsclusters -h | head -n 1) || true
if [ -z "${version:-}" ]; then
	version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
	name=main
	pg_createcluster "$version" "$name" >/dev/null
fi
pg_ctlcluster "$version" "$name" start 2>/dev/null || true
for _ in $(seq 1 50); do
	pg_isready -q -h 127.0.0.1 -p 5432 && break
	sleep 0.2
done
su postgres -c "psql -q -c \"alter user postgres password 'postgres'\""
