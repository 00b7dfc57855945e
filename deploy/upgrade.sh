#!/usr/bin/env bash
# Upgrades Un début de réseau to a new version (README, "Upgrade"), behind the maintenance
# page, in this order:
#
#    1. maintenance page on (nginx answers 503 with Retry-After to every request)
#    2. the worker and the timers stopped (no task runs against a half-migrated database)
#    3. a backup (deploy/backup.sh), unless --no-backup
#    4. the new code: git pull --ff-only, or git checkout REF
#    5. pip install -r requirements.txt, then manage.py check --deploy (errors stop it)
#    6. manage.py migrate
#    7. manage.py collectstatic, then compile_translations
#    8. web restarted, worker and timers started, /healthz answered
#    9. maintenance page off
#
#   sudo /srv/undebutdereseau/app/deploy/upgrade.sh            # the branch's latest commit
#   sudo /srv/undebutdereseau/app/deploy/upgrade.sh v1.4.0     # a tag, branch or commit
#
# If a step fails the script stops there and the site STAYS in maintenance: fix the cause,
# run the script again (every step can run twice), or go back (README, "Upgrade").
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: upgrade.sh [--no-backup] [REF]

REF: the tag, branch or commit to deploy (git checkout); without it, the current branch is
pulled (fast-forward only). Run as root. Variables (from the environment or the site's
environment file, UDR_ENV_FILE, default /etc/undebutdereseau/env):
  APP_USER           the site's system user (default undebutdereseau)
  MAINTENANCE_FLAG   the file nginx looks for (default /var/www/undebutdereseau/maintenance.on)
  HEALTH_URL         checked after the restart (default http://127.0.0.1:8000/healthz)
  HEALTH_HOST        Host header of that check (default: the first of ALLOWED_HOSTS)
EOF
}

APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/common.sh
. "$APP_DIR/deploy/common.sh"

# The worker and the timers enabled on this machine: stopped at step 2, started at step 8
# (also when a previous run stopped them and failed).
STOPPED_UNITS=()

step() {
    printf '\n== %s\n' "$*"
}

# The build steps (code, packages, static files, translations) run as root: the code is
# root's and the site's user cannot change it. Steps on data run as the site's user.
python_as_root() {
    "$APP_DIR/.venv/bin/python" "$APP_DIR/manage.py" "$@"
}

wait_until_healthy() {
    local host=${HEALTH_HOST:-${ALLOWED_HOSTS:-localhost}} url=${HEALTH_URL:-http://127.0.0.1:8000/healthz}
    local _
    host=${host%%,*}
    host=${host#.}
    [ "$host" != "*" ] || host=localhost
    for _ in $(seq 30); do
        if curl --silent --fail --max-time 5 --output /dev/null \
            --header "Host: $host" --header "X-Forwarded-Proto: https" "$url"; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# shellcheck disable=SC2317 # called by the EXIT trap
on_exit() {
    local status=$?
    [ "$status" != 0 ] || return 0
    echo >&2
    echo "upgrade.sh: FAILED. The site is still showing the maintenance page." >&2
    echo "Fix the cause and run upgrade.sh again, or go back (README, \"Upgrade\"), then:" >&2
    echo "  systemctl start ${STOPPED_UNITS[*]:-undebutdereseau-worker.service} && rm $MAINTENANCE_FLAG" >&2
}

main() {
    local backup=1 ref=""
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help)
                usage
                exit 0
                ;;
            --no-backup) backup=0 ;;
            -*)
                usage >&2
                exit 2
                ;;
            *) ref=$1 ;;
        esac
        shift
    done
    [ "$(id -u)" = 0 ] || die "run as root (sudo)."
    load_env_file "${UDR_ENV_FILE:-/etc/undebutdereseau/env}"
    APP_USER=${APP_USER:-undebutdereseau}
    MAINTENANCE_FLAG=${MAINTENANCE_FLAG:-/var/www/undebutdereseau/maintenance.on}
    cd "$APP_DIR"

    step "1. Maintenance page on ($MAINTENANCE_FLAG)"
    touch "$MAINTENANCE_FLAG"
    trap on_exit EXIT

    step "2. Worker and timers stopped"
    mapfile -t STOPPED_UNITS < <(systemctl list-unit-files --no-legend --state=enabled \
        'undebutdereseau-worker.service' 'undebutdereseau-*.timer' | cut -d' ' -f1)
    if [ "${#STOPPED_UNITS[@]}" -gt 0 ]; then
        systemctl stop "${STOPPED_UNITS[@]}"
        echo "Stopped: ${STOPPED_UNITS[*]}"
    fi

    if [ "$backup" = 1 ]; then
        step "3. Backup"
        "$APP_DIR/deploy/backup.sh"
    else
        step "3. Backup skipped (--no-backup)"
    fi

    step "4. New code"
    local before
    before=$(git rev-parse HEAD)
    if [ -n "$ref" ]; then
        git fetch --tags --quiet origin
        git checkout --quiet "$ref"
    else
        git pull --ff-only --quiet
    fi
    echo "$(git rev-parse --short "$before") → $(git rev-parse --short HEAD) ($(git log -1 --format=%s))"

    step "5. Python packages"
    "$APP_DIR/.venv/bin/pip" install --quiet --require-virtualenv -r requirements.txt
    python_as_root check --deploy

    step "6. Database migrations"
    "$APP_DIR/deploy/manage.sh" migrate --noinput

    step "7. Static files and translations"
    python_as_root collectstatic --noinput --verbosity 0
    python_as_root compile_translations

    step "8. Services restarted"
    local unit changed=()
    for unit in "$APP_DIR"/deploy/systemd/*; do
        if [ -e "/etc/systemd/system/${unit##*/}" ] && ! cmp -s "$unit" "/etc/systemd/system/${unit##*/}"; then
            changed+=("${unit##*/}")
        fi
    done
    if [ "${#changed[@]}" -gt 0 ]; then
        # Local changes belong in drop-ins (systemctl edit): the copies are not replaced here.
        echo "Note: the new version changes ${changed[*]}: copy them from deploy/systemd/ to"
        echo "/etc/systemd/system/, then systemctl daemon-reload and restart them."
    fi
    systemctl restart undebutdereseau-web.service
    if [ "${#STOPPED_UNITS[@]}" -gt 0 ]; then
        systemctl start "${STOPPED_UNITS[@]}"
    fi
    wait_until_healthy || die "the site does not answer on ${HEALTH_URL:-http://127.0.0.1:8000/healthz}: see journalctl -u undebutdereseau-web."

    step "9. Maintenance page off"
    rm -f "$MAINTENANCE_FLAG"
    echo "Upgrade complete: $(git describe --always --tags)."
}

# Read whole before it runs: step 4 may replace this very file.
main "$@"
exit
