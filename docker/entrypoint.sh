#!/usr/bin/env bash
# Start CadreRef under gunicorn: check the environment, wait for the database, optionally
# migrate, then hand the process over to gunicorn (exec, so it receives signals directly).
#
# The same script runs in the image (/app/docker/entrypoint.sh) and from a checkout (CI),
# so it works from its own location and takes python and gunicorn from PATH.
# Extra arguments are passed to gunicorn, for example: entrypoint.sh --workers 2
#
# Environment: DJANGO_ENV, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, SITE_URL (the last four required in
# production), DB_WAIT_SECONDS (default 60), MIGRATE_ON_START (1 to migrate, and then refresh
# the derived data the new code computes, before serving), plus the gunicorn variables read by
# gunicorn.conf.py.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

django_env="${DJANGO_ENV:-development}"
if [[ "${django_env,,}" == "production" ]]; then
    for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL SITE_URL; do
        value="${!name:-}"
        if [[ -z "${value//[[:space:]]/}" ]]; then
            echo "CadreRef: the environment variable $name must be set when DJANGO_ENV=production." >&2
            exit 1
        fi
    done
fi

# One Python process retries the connection; starting `manage.py shell` per attempt is slow.
python - <<'PY'
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import OperationalError, connection

limit = int(os.environ.get("DB_WAIT_SECONDS") or 60)
deadline = time.monotonic() + limit
while True:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        connection.close()
        if time.monotonic() >= deadline:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            sys.exit(f"entrypoint: database not reachable after {limit} s: {reason}")
        print("entrypoint: waiting for the database...", flush=True)
        time.sleep(2)
    else:
        print("entrypoint: database is reachable.", flush=True)
        break
PY

if [[ "${MIGRATE_ON_START:-0}" == "1" ]]; then
    echo "entrypoint: applying migrations (MIGRATE_ON_START=1)."
    python manage.py migrate --noinput
    echo "entrypoint: refreshing the derived data (number keys, statuses, search index)."
    python manage.py refresh_derived
fi

exec gunicorn config.wsgi:application -c gunicorn.conf.py "$@"
