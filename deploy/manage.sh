#!/usr/bin/env bash
# Runs a manage.py command as the site's user, with the environment the services read
# (README, "Deploy"):
#
#   sudo /srv/undebutdereseau/app/deploy/manage.sh migrate
#   sudo /srv/undebutdereseau/app/deploy/manage.sh createsuperuser
#
# UDR_ENV_FILE (default /etc/undebutdereseau/env) and APP_USER (default undebutdereseau)
# say which file and which user; a variable already set in the environment wins.
set -euo pipefail

APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/common.sh
. "$APP_DIR/deploy/common.sh"

if [ $# -eq 0 ] || [ "$1" = --help ] || [ "$1" = -h ]; then
    echo "Usage: manage.sh COMMAND [ARGUMENTS…]   (a manage.py command, as $APP_DIR/manage.py takes it)"
    [ $# -gt 0 ] || exit 2
    exit 0
fi

load_env_file "${UDR_ENV_FILE:-/etc/undebutdereseau/env}"
APP_USER=${APP_USER:-undebutdereseau}
: "${DJANGO_SETTINGS_MODULE:?must be set in the environment file (config.settings.base)}"
cd "$APP_DIR"
if [ "$(id -un)" != "$APP_USER" ] && [ "$(id -u)" = 0 ]; then
    HOME=$(getent passwd "$APP_USER" | cut -d: -f6) || die "there is no user $APP_USER (APP_USER)."
    export HOME
fi
as_app "$APP_DIR/.venv/bin/python" "$APP_DIR/manage.py" "$@"
