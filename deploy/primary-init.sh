#!/bin/bash
# Run once by the postgres image on the primary's first start (compose.yaml): the replication
# role the standby's pg_basebackup and streaming use, and its pg_hba line.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$REPLICATION_PASSWORD" <<'SQL'
create role replicator with replication login password :'pw';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
