#!/usr/bin/env bash
# Restore a backup of the central ledger into an EMPTY PostgreSQL database (docs/operations.md).
#
#   scripts/ledger-restore.sh <file.dump> <postgres://…/new_database>
#
# Checks the dump's SHA-256 first, refuses a database that already holds tables, and restores in one transaction
# (all or nothing). Then start the ledger with DATABASE_URL pointing at it: migrations newer than the dump run at
# start. Devices that pushed after the backup send those events again by themselves (the ledger answers
# SEQUENCE_GAP with the sequence it expects; see docs/sync-protocol.md §2); nothing is counted twice.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "Usage: scripts/ledger-restore.sh <file.dump> <postgres://…/empty_database>" >&2
  exit 2
fi
dump="$1"
target="$2"
if [[ ! -f "$dump" ]]; then
  echo "No such backup: $dump" >&2
  exit 2
fi
if [[ -f "$dump.sha256" ]]; then
  (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$dump").sha256") || {
    echo "The backup does not match its checksum: it is damaged or was changed. Nothing restored." >&2
    exit 3
  }
else
  echo "No checksum next to the backup ($dump.sha256); restoring without the check." >&2
fi
tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$target" \
  --command="select count(*) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')")"
if [[ "$tables" != "0" ]]; then
  echo "The target database already holds $tables table(s). Restore into a new, empty database." >&2
  exit 4
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" "$dump"
# The change feed goes on from the backup's last number: a new feed epoch makes every device that pulled further
# move its cursor back, so none skips the changes numbered again (docs/sync-protocol.md §4). A backup older than the
# feed epoch gets a new one from its migration at the ledger's start (every device then pulls the feed again).
has_epoch="$(psql --no-psqlrc --tuples-only --no-align --dbname="$target" \
  --command="select count(*) from information_schema.columns where table_name = 'tenants' and column_name = 'feed_epoch'")"
if [[ "$has_epoch" == "1" ]]; then
  psql --no-psqlrc --quiet --dbname="$target" --command="update tenants set feed_epoch = gen_random_uuid(), feed_base = change_seq" >/dev/null
fi
echo "Restored $dump into the target database."
