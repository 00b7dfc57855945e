# Shared by deploy/backup.sh, restore.sh, manage.sh and upgrade.sh (sourced, not run).
# shellcheck shell=bash

die() {
    echo "${0##*/}: $*" >&2
    exit 1
}

# The environment file as systemd reads it: KEY=value lines, # comments, one pair of quotes
# around a value removed, nothing expanded. Variables already set are kept.
load_env_file() {
    local file=$1 line key value
    [ -r "$file" ] || die "cannot read $file (run as root, or set UDR_ENV_FILE)."
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        line=${line#"${line%%[![:space:]]*}"}
        case $line in '' | '#'* | ';'*) continue ;; esac
        [[ $line == *=* ]] || die "$file: not KEY=value: $line"
        key=${line%%=*}
        key=${key%"${key##*[![:space:]]}"}
        value=${line#*=}
        value=${value#"${value%%[![:space:]]*}"}
        [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "$file: bad variable name: $key"
        if [[ ${#value} -ge 2 && ($value == \"*\" || $value == \'*\') ]]; then
            value=${value:1:${#value}-2}
        fi
        [ -n "${!key+set}" ] || export "$key=$value"
    done <"$file"
}

# libpq's variables (PGHOST, PGUSER, PGPASSWORD…) from DATABASE_URL, one NUL-separated
# KEY=value pair each, so that no password is ever on a command line.
database_env() {
    python3 - <<'EOF'
import os, sys
from urllib.parse import parse_qsl, unquote, urlsplit

url = os.environ["DATABASE_URL"]
parts = urlsplit(url)
if parts.scheme not in ("postgres", "postgresql", "pgsql", "postgis"):
    sys.exit(f"DATABASE_URL is not a PostgreSQL URL (scheme {parts.scheme!r}).")
userinfo, _, hostport = parts.netloc.rpartition("@")
user, _, password = userinfo.partition(":")
host, port = hostport, ""
if hostport.startswith("["):
    host, _, rest = hostport[1:].partition("]")
    port = rest.lstrip(":")
elif hostport.count(":") == 1:
    host, _, port = hostport.partition(":")
pairs = {
    "PGHOST": unquote(host),
    "PGPORT": port,
    "PGUSER": unquote(user),
    "PGPASSWORD": unquote(password),
    "PGDATABASE": unquote(parts.path.lstrip("/")),
}
known = {
    "host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME",
    "options": "PGOPTIONS", "target_session_attrs": "PGTARGETSESSIONATTRS",
}
for key, value in parse_qsl(parts.query):
    if key in known:
        pairs[known[key]] = value
if not pairs["PGDATABASE"]:
    sys.exit("DATABASE_URL names no database.")
for key, value in pairs.items():
    if value:
        sys.stdout.write(f"{key}={value}\0")
EOF
}

export_database_env() {
    local pair
    # Only what DATABASE_URL says: nothing from the caller's own libpq variables.
    unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGPASSFILE PGDATABASE PGSERVICE \
        PGSSLMODE PGSSLROOTCERT PGSSLCERT PGSSLKEY PGCONNECT_TIMEOUT PGAPPNAME PGOPTIONS \
        PGTARGETSESSIONATTRS
    while IFS= read -r -d '' pair; do
        export "${pair?}"
    done < <(database_env)
    wait $! || die "cannot use DATABASE_URL."
}

# Runs a command as the site's user (peer authentication, the site's own password).
as_app() {
    if [ "$(id -un)" = "$APP_USER" ]; then
        "$@"
    elif [ "$(id -u)" = 0 ]; then
        setpriv --reuid="$APP_USER" --regid="$APP_USER" --init-groups -- "$@"
    else
        die "run as root or as $APP_USER."
    fi
}

