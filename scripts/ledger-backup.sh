#!/usr/bin/env bash
# Back up the central ledger's PostgreSQL database (docs/operations.md).
#
#   DATABASE_URL=postgres://… scripts/ledger-backup.sh [folder]
#
# Writes <folder>/ledger-<UTC time>.dump (pg_dump's custom format: compressed, restorable table by table) and its
# SHA-256 next to it, readable by the owner only, then removes dumps older than BB_BACKUP_KEEP_DAYS (default 30).
# pg_dump reads one consistent snapshot while the ledger keeps running. Exit status 0 only when the dump is
# complete and its checksum written.
set -euo pipefail
umask 077

if [[ -z "${DATABASE_URL:-}" ]]; then
  echo "Set DATABASE_URL to the ledger's PostgreSQL (the embedded store in .data/ledger is for trying out; copy that folder while the server is stopped)." >&2
  exit 2
fi
folder="${1:-${BB_BACKUP_DIR:-./ledger-backups}}"
keep_days="${BB_BACKUP_KEEP_DAYS:-30}"
if ! [[ "$keep_days" =~ ^[0-9]+$ ]] || (( keep_days < 1 )); then
  echo "BB_BACKUP_KEEP_DAYS must be a whole number of days, at least 1." >&2
  exit 2
fi
mkdir -p "$folder"
chmod 700 "$folder"
name="ledger-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$folder/.$name.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
# Only a complete dump gets its name: a crash halfway leaves no file that looks like a backup.
mv "$partial" "$folder/$name"
(cd "$folder" && sha256sum "$name" > "$name.sha256")
echo "$folder/$name"

find "$folder" -maxdepth 1 -name 'ledger-*.dump' -mtime "+$keep_days" -print0 |
  while IFS= read -r -d '' old; do rm -f "$old" "$old.sha256"; done
