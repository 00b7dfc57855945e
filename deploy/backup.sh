#!/usr/bin/env bash
# Backs up Un début de réseau (README, "Backup and restore"): the database (pg_dump, custom
# format) and the media folders (tar), in one dated folder; backups older than
# BACKUP_KEEP_DAYS are then deleted. deploy/restore.sh puts one back.
#
#   sudo /srv/undebutdereseau/app/deploy/backup.sh
#
# The nightly undebutdereseau-backup.timer runs it. Copy BACKUP_DIR off the machine too
# (rsync, borg, restic…): a backup on the same disk dies with it.
set -euo pipefail
umask 077

usage() {
    cat <<'EOF'
Usage: backup.sh [--help]

Writes BACKUP_DIR/undebutdereseau-<date>/ with
  database.dump         pg_dump --format=custom of DATABASE_URL
  media.tar.gz          MEDIA_ROOT (public media), unless media are on S3
  private-media.tar.gz  PRIVATE_MEDIA_ROOT (member files), unless media are on S3
  INFO, SHA256SUMS      what was saved, with which versions, and checksums
then deletes the backups older than BACKUP_KEEP_DAYS days.

Reads the site's environment file (UDR_ENV_FILE, default /etc/undebutdereseau/env); a
variable already set in the environment wins:
  DATABASE_URL                  the PostgreSQL database (required)
  MEDIA_ROOT, PRIVATE_MEDIA_ROOT the media folders (default: media/ and private-media/
                                in the application folder)
  S3_BUCKET                     when set, media are in buckets: not archived here
  BACKUP_DIR                    default /var/backups/undebutdereseau
  BACKUP_KEEP_DAYS              default 14; 0 keeps every backup
  APP_USER                      the site's system user, who runs pg_dump (default
                                undebutdereseau): the site's own database access is used
Run as root, or as APP_USER. No secret is put on a command line: the password of
DATABASE_URL reaches pg_dump through its environment.
EOF
}

APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/common.sh
. "$APP_DIR/deploy/common.sh"

# tar of folder $1 into $2, paths relative to the folder. A file that changes while it is
# read (an upload right now) is only a warning: it is in the next backup.
archive_folder() {
    local folder=$1 archive=$2 status=0
    tar --create --gzip --file "$archive" --directory "$folder" \
        --warning=no-file-changed --warning=no-file-removed . || status=$?
    [ "$status" -le 1 ] || die "tar of $folder failed (exit $status)."
}

main() {
    case ${1:-} in
        -h | --help)
            usage
            exit 0
            ;;
        "") ;;
        *)
            usage >&2
            exit 2
            ;;
    esac

    load_env_file "${UDR_ENV_FILE:-/etc/undebutdereseau/env}"
    APP_USER=${APP_USER:-undebutdereseau}
    BACKUP_DIR=${BACKUP_DIR:-/var/backups/undebutdereseau}
    BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
    [[ $BACKUP_KEEP_DAYS =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAYS must be a number of days."
    [ -n "${DATABASE_URL:-}" ] ||
        die "DATABASE_URL is not set: this script backs up PostgreSQL (with SQLite, copy db.sqlite3 while the site is stopped)."
    command -v pg_dump >/dev/null || die "pg_dump is missing: apt-get install postgresql-client"
    export_database_env

    local stamp target work
    stamp=$(date +%Y-%m-%dT%H%M%S)
    target="$BACKUP_DIR/undebutdereseau-$stamp"
    work="$target.partial"
    mkdir -p "$BACKUP_DIR"
    mkdir "$work"
    # A backup cut short is never mistaken for a complete one.
    trap 'rm -rf "$work"' EXIT

    echo "Database $PGDATABASE → $target/database.dump"
    as_app pg_dump --format=custom --compress=6 >"$work/database.dump"
    pg_restore --list "$work/database.dump" >/dev/null
    {
        echo "date: $(date --iso-8601=seconds)"
        echo "database: $PGDATABASE"
        echo "pg_dump: $(pg_dump --version)"
        echo "server: $(as_app psql --no-psqlrc --tuples-only --no-align --command 'SHOW server_version')"
        if [ -d "$APP_DIR/.git" ]; then
            echo "code: $(git -c safe.directory="$APP_DIR" -C "$APP_DIR" rev-parse HEAD 2>/dev/null || echo unknown)"
        fi
    } >"$work/INFO"

    if [ -n "${S3_BUCKET:-}" ]; then
        echo "Media are in the S3 buckets $S3_BUCKET and ${S3_PRIVATE_BUCKET:-}: not archived here." |
            tee -a "$work/INFO"
        echo "Keep them with the provider's versioning, or copy them (aws s3 sync, rclone sync)."
    else
        local name folder
        for name in media private-media; do
            if [ "$name" = media ]; then
                folder=${MEDIA_ROOT:-$APP_DIR/media}
            else
                folder=${PRIVATE_MEDIA_ROOT:-$APP_DIR/private-media}
            fi
            if [ -d "$folder" ]; then
                echo "Folder $folder → $target/$name.tar.gz"
                archive_folder "$folder" "$work/$name.tar.gz"
                echo "$name: $folder" >>"$work/INFO"
            else
                echo "Folder $folder does not exist: nothing to archive." | tee -a "$work/INFO"
            fi
        done
    fi

    (cd "$work" && sha256sum -- * >SHA256SUMS)
    mv "$work" "$target"
    trap - EXIT
    echo "Backup complete: $target ($(du -sh "$target" | cut -f1))."

    if [ "$BACKUP_KEEP_DAYS" -gt 0 ]; then
        find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'undebutdereseau-*' \
            -mtime +"$BACKUP_KEEP_DAYS" -print -exec rm -rf {} + |
            sed 's/^/Deleted (older than '"$BACKUP_KEEP_DAYS"' days): /'
    fi
}

main "$@"
