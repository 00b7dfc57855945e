#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh (README, "Backup and restore").
#
#   sudo systemctl stop undebutdereseau-web undebutdereseau-worker
#   sudo /srv/undebutdereseau/app/deploy/restore.sh /var/backups/undebutdereseau/undebutdereseau-2026-12-07T023000
#   sudo /srv/undebutdereseau/app/deploy/manage.sh migrate   # if the code is newer than the backup
#   sudo systemctl start undebutdereseau-web undebutdereseau-worker
set -euo pipefail
umask 027

usage() {
    cat <<'EOF'
Usage: restore.sh [--force] [--database-only | --media-only] BACKUP_FOLDER

Restores BACKUP_FOLDER (made by backup.sh) into the database of DATABASE_URL and the
folders MEDIA_ROOT and PRIVATE_MEDIA_ROOT. Stop the site's services first.

  --force          replace what is there: a database that already has tables is emptied
                   first (its public schema dropped and created again); the files of a
                   media folder that is not empty are moved aside, into
                   <folder>.before-restore-<date>. Without --force, either refuses.
  --database-only  restore the database, leave the media folders alone
  --media-only     restore the media folders, leave the database alone

Reads the site's environment file (UDR_ENV_FILE, default /etc/undebutdereseau/env); a
variable already set in the environment wins: DATABASE_URL, MEDIA_ROOT,
PRIVATE_MEDIA_ROOT, S3_BUCKET, APP_USER (default undebutdereseau, who runs pg_restore:
the restored tables belong to the site's database user). The database must exist:
  sudo -u postgres createdb --owner=undebutdereseau undebutdereseau
Run as root, or as APP_USER.
EOF
}

APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/common.sh
. "$APP_DIR/deploy/common.sh"

# Tables, sequences, views… in the database's own schemas.
count_relations() {
    as_app psql --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command \
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
}

folder_is_empty() {
    [ ! -d "$1" ] || [ -z "$(find "$1" -mindepth 1 -maxdepth 1 -print -quit)" ]
}

media_folder() {
    if [ "$1" = media ]; then
        echo "${MEDIA_ROOT:-$APP_DIR/media}"
    else
        echo "${PRIVATE_MEDIA_ROOT:-$APP_DIR/private-media}"
    fi
}

main() {
    local force=0 database=1 media=1 backup=""
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help)
                usage
                exit 0
                ;;
            --force) force=1 ;;
            --database-only) media=0 ;;
            --media-only) database=0 ;;
            -*)
                usage >&2
                exit 2
                ;;
            *)
                [ -z "$backup" ] || {
                    usage >&2
                    exit 2
                }
                backup=$1
                ;;
        esac
        shift
    done
    [ -n "$backup" ] || {
        usage >&2
        exit 2
    }
    [ "$database" = 1 ] || [ "$media" = 1 ] || die "--database-only and --media-only exclude each other."
    [ -d "$backup" ] || die "$backup is not a folder."
    backup=$(cd "$backup" && pwd)

    load_env_file "${UDR_ENV_FILE:-/etc/undebutdereseau/env}"
    APP_USER=${APP_USER:-undebutdereseau}

    [ -f "$backup/SHA256SUMS" ] || die "$backup has no SHA256SUMS: not a complete backup."
    (cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "$backup is damaged (checksums differ)."

    # Everything is checked before anything is changed.
    local name folder
    if [ "$media" = 1 ] && [ -n "${S3_BUCKET:-}" ]; then
        echo "Media are in S3 buckets (S3_BUCKET): restore them with the provider's tools."
        media=0
    fi
    if [ "$media" = 1 ]; then
        for name in media private-media; do
            folder=$(media_folder "$name")
            if [ -f "$backup/$name.tar.gz" ] && [ "$force" = 0 ] && ! folder_is_empty "$folder"; then
                die "$folder is not empty: add --force to move its files aside and restore."
            fi
        done
    fi
    if [ "$database" = 1 ]; then
        [ -f "$backup/database.dump" ] || die "$backup has no database.dump."
        [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set."
        command -v pg_restore >/dev/null || die "pg_restore is missing: apt-get install postgresql-client"
        export_database_env
        local relations
        relations=$(count_relations) ||
            die "cannot connect to database $PGDATABASE (create it first: sudo -u postgres createdb --owner=$APP_USER $PGDATABASE)."
        if [ "$relations" != 0 ] && [ "$force" = 0 ]; then
            die "database $PGDATABASE is not empty ($relations tables, sequences…): add --force to replace it."
        fi
    fi

    if [ "$database" = 1 ]; then
        if [ "$relations" != 0 ]; then
            echo "Emptying database $PGDATABASE (--force)."
            as_app psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 \
                --command "SET client_min_messages = warning" \
                --command "DROP SCHEMA public CASCADE" --command "CREATE SCHEMA public"
        fi
        echo "Restoring $backup/database.dump into database $PGDATABASE."
        # From standard input: the site's user cannot read root's backup files.
        as_app pg_restore --dbname="$PGDATABASE" --no-owner --no-privileges \
            --exit-on-error --single-transaction <"$backup/database.dump"
    fi

    if [ "$media" = 1 ]; then
        local stamp aside
        stamp=$(date +%Y-%m-%dT%H%M%S)
        for name in media private-media; do
            folder=$(media_folder "$name")
            if [ ! -f "$backup/$name.tar.gz" ]; then
                echo "No $name.tar.gz in the backup: $folder left as it is."
                continue
            fi
            if ! folder_is_empty "$folder"; then
                aside="$folder.before-restore-$stamp"
                echo "Moving the files of $folder aside, into $aside (--force)."
                mkdir -p "$aside"
                find "$folder" -mindepth 1 -maxdepth 1 -exec mv -t "$aside" -- {} +
            fi
            mkdir -p "$folder"
            echo "Restoring $backup/$name.tar.gz into $folder."
            tar --extract --gzip --file "$backup/$name.tar.gz" --directory "$folder"
        done
    fi
    echo "Restore complete. If the code is newer than the backup, run manage.sh migrate before starting the site."
}

main "$@"
