"""deploy/backup.sh and deploy/restore.sh on a real PostgreSQL server: a site's database
migrated with the project's migrations, a member and a page in it, media on disk; backed
up, then restored into another database and other folders.

The server is the one of DATABASE_URL when it is PostgreSQL, else 127.0.0.1:5432 (CI's).
The migrated database is kept as a template between runs, named after the migrations.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

REPO = Path(__file__).resolve().parents[2]
BACKUP = REPO / "deploy" / "backup.sh"
RESTORE = REPO / "deploy" / "restore.sh"
PG_DUMP = shutil.which("pg_dump")
TEMPLATE_PREFIX = "udr_deploy_backup_template_"
SOURCE, TARGET = "udr_deploy_backup_source", "udr_deploy_backup_target"

pytestmark = pytest.mark.skipif(not PG_DUMP, reason="pg_dump is not installed (postgresql-client)")


def server_url() -> str:
    """The PostgreSQL server, as a URL without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def database_url(name: str) -> str:
    return f"{server_url()}/{name}"


def admin_connection() -> psycopg.Connection:
    try:
        return psycopg.connect(database_url("postgres"), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
            raise  # the suite runs on PostgreSQL: its server must be there
        pytest.skip(
            f"no PostgreSQL server at {server_url()} ({error.__class__.__name__}); "
            "CI runs this test in its PostgreSQL pass"
        )


def major(version: str) -> int:
    return int(re.search(r"(\d+)", version).group(1))


def migrations_fingerprint() -> str:
    """Changes with any migration of the project or any pinned package."""
    digest = hashlib.sha256((REPO / "requirements.txt").read_bytes())
    for path in sorted(REPO.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(REPO)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def site_environment(database: str, **extra: str) -> dict[str, str]:
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "S3_", "PG"))
    }
    return kept | {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "backup-test-" + "x" * 40,
        "DATABASE_URL": database_url(database),
        **extra,
    }


def manage(database: str, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=site_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def recreate(admin: psycopg.Connection, name: str, template: str | None = None) -> None:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    if template:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    else:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def admin():
    with admin_connection() as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
        client = subprocess.run(  # noqa: S603
            [PG_DUMP, "--version"], capture_output=True, text=True, check=True
        ).stdout
        if major(client.partition(")")[2]) < major(server):
            pytest.skip(f"pg_dump {client.strip()} is older than the server ({server})")
        yield connection
        for name in (SOURCE, TARGET):
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="module")
def migrated_template(admin):
    """A database migrated with the project's migrations, built once per set of migrations
    (a few tens of seconds) and copied for each test in a moment."""
    template = TEMPLATE_PREFIX + migrations_fingerprint()
    # One builder at a time, should two test runs share the server.
    admin.execute("SELECT pg_advisory_lock(hashtext('udr_deploy_backup_template'))")
    try:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [template]
        ).fetchone()
        if not exists:
            building = f"{template}_building"
            recreate(admin, building)
            manage(building, "migrate", "--noinput", "--verbosity", "0")
            admin.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(building), sql.Identifier(template)
                )
            )
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [TEMPLATE_PREFIX + "%", template],
            ).fetchall()
            for (name,) in stale:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
    finally:
        admin.execute("SELECT pg_advisory_unlock(hashtext('udr_deploy_backup_template'))")
    return template


@pytest.fixture(scope="module")
def site(admin, migrated_template, tmp_path_factory):
    """A site with a member, a page, a public image and a private photo."""
    tmp_path = tmp_path_factory.mktemp("site")
    recreate(admin, SOURCE, template=migrated_template)
    marker = uuid.uuid4().hex[:8]
    manage(
        SOURCE,
        "shell",
        "--command",
        f"""
from django.contrib.auth import get_user_model
from wagtail.models import Page
get_user_model().objects.create_user(
    email="ines.{marker}@example.org", password="Un-mot-de-passe-2026", first_name="Inès")
Page.get_first_root_node().add_child(instance=Page(title="Sauvegarde {marker}", slug="s-{marker}"))
""",
    )
    media, private = tmp_path / "site" / "media", tmp_path / "site" / "private-media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "photo.fill-300x200.webp").write_bytes(b"rendition " + marker.encode())
    (private / "avatars" / "7").mkdir(parents=True)
    (private / "avatars" / "7" / "photo d'été.webp").write_bytes(b"private " + marker.encode())
    return {"marker": marker, "media": media, "private": private, "root": tmp_path}


def env_file(path: Path, database: str, media: Path, private: Path, backups: Path) -> Path:
    """An /etc/undebutdereseau/env of a site, written as the README shows it."""
    path.write_text(
        f"""# Un début de réseau
DJANGO_SETTINGS_MODULE=config.settings.base
SECRET_KEY="a secret with spaces and $dollars"
DATABASE_URL={database_url(database)}
MEDIA_ROOT={media}
PRIVATE_MEDIA_ROOT={private}
BACKUP_DIR={backups}
APP_USER={getpass.getuser()}
"""
    )
    return path


def run(script: Path, env_path: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DATABASE_", "PG", "MEDIA_", "PRIVATE_", "BACKUP_", "APP_"))
    }
    return subprocess.run(  # noqa: S603
        [str(script), *args],
        env=environment | {"UDR_ENV_FILE": str(env_path)},
        capture_output=True,
        text=True,
        check=False,
    )


def run_backup(site, backups: Path) -> subprocess.CompletedProcess:
    source_env = env_file(
        backups.parent / f"{backups.name}.env", SOURCE, site["media"], site["private"], backups
    )
    return run(BACKUP, source_env)


@pytest.fixture(scope="module")
def backup(site) -> Path:
    """The site's backup, made once: the tests restore it, none changes it."""
    backups = site["root"] / "backups"
    result = run_backup(site, backups)
    assert result.returncode == 0, result.stdout + result.stderr
    (folder,) = backups.iterdir()
    return folder


def query(database: str, statement: str, parameters=()) -> list[tuple]:
    with psycopg.connect(database_url(database)) as connection:
        return connection.execute(statement, parameters).fetchall()


def test_a_backup_restored_elsewhere_has_the_rows_and_the_files(admin, site, backup, tmp_path):
    marker = site["marker"]
    recreate(admin, TARGET)
    restored = tmp_path / "restored"
    target_env = env_file(
        tmp_path / "target.env",
        TARGET,
        restored / "media",
        restored / "private-media",
        tmp_path / "unused",
    )

    result = run(RESTORE, target_env, str(backup))

    assert result.returncode == 0, result.stdout + result.stderr
    assert query(
        TARGET,
        "SELECT first_name FROM members_user WHERE email = %s",
        [f"ines.{marker}@example.org"],
    ) == [("Inès",)]
    assert query(
        TARGET, "SELECT slug FROM wagtailcore_page WHERE title = %s", [f"Sauvegarde {marker}"]
    ) == [(f"s-{marker}",)]
    # The restored database is the site's, migrations included.
    assert query(TARGET, "SELECT count(*) FROM django_migrations") == query(
        SOURCE, "SELECT count(*) FROM django_migrations"
    )
    image = restored / "media" / "images" / "photo.fill-300x200.webp"
    photo = restored / "private-media" / "avatars" / "7" / "photo d'été.webp"
    assert image.read_bytes() == b"rendition " + marker.encode()
    assert photo.read_bytes() == b"private " + marker.encode()


def test_a_backup_holds_the_dump_the_archives_and_their_checksums(backup):
    assert backup.name.startswith("undebutdereseau-")
    assert sorted(path.name for path in backup.iterdir()) == [
        "INFO",
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
        "private-media.tar.gz",
    ]
    info = (backup / "INFO").read_text()
    assert f"database: {SOURCE}" in info
    assert "pg_dump: pg_dump (PostgreSQL)" in info
    # Only its owner may read it: it holds every member's data.
    assert oct((backup / "database.dump").stat().st_mode & 0o777) == "0o600"
    assert oct(backup.stat().st_mode & 0o777) == "0o700"


def test_restore_refuses_a_database_that_is_not_empty(backup, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    target_env = env_file(
        tmp_path / "target.env", SOURCE, elsewhere / "m", elsewhere / "p", elsewhere / "b"
    )

    result = run(RESTORE, target_env, str(backup))

    assert result.returncode == 1
    assert f"database {SOURCE} is not empty" in result.stderr
    assert "--force" in result.stderr
    # Nothing was touched, the media folders included.
    assert not elsewhere.exists()


def test_restore_refuses_media_folders_that_are_not_empty(admin, site, backup, tmp_path):
    recreate(admin, TARGET)
    target_env = env_file(
        tmp_path / "target.env", TARGET, site["media"], site["private"], tmp_path / "b"
    )

    result = run(RESTORE, target_env, str(backup))

    assert result.returncode == 1
    assert f"{site['media']} is not empty" in result.stderr
    assert query(TARGET, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_restore_with_force_replaces_the_database_and_keeps_the_old_files_aside(
    admin, backup, tmp_path
):
    recreate(admin, TARGET)
    with psycopg.connect(database_url(TARGET), autocommit=True) as connection:
        connection.execute("CREATE TABLE left_over (id int)")
    restored = tmp_path / "restored"
    (restored / "media").mkdir(parents=True)
    (restored / "media" / "newer.webp").write_bytes(b"newer")
    target_env = env_file(
        tmp_path / "target.env",
        TARGET,
        restored / "media",
        restored / "private-media",
        tmp_path / "b",
    )

    result = run(RESTORE, target_env, "--force", str(backup))

    assert result.returncode == 0, result.stdout + result.stderr
    assert query(TARGET, "SELECT to_regclass('left_over')") == [(None,)]
    assert query(TARGET, "SELECT count(*) FROM members_user WHERE email LIKE 'ines.%%'") == [(1,)]
    (aside,) = restored.glob("media.before-restore-*")
    assert (aside / "newer.webp").read_bytes() == b"newer"
    assert (restored / "media" / "images" / "photo.fill-300x200.webp").exists()


def test_a_damaged_backup_is_refused(admin, backup, tmp_path):
    backup = Path(shutil.copytree(backup, tmp_path / backup.name))
    with (backup / "database.dump").open("ab") as dump:
        dump.write(b"corrupted")
    recreate(admin, TARGET)
    target_env = env_file(
        tmp_path / "target.env", TARGET, tmp_path / "m", tmp_path / "p", tmp_path / "b"
    )

    result = run(RESTORE, target_env, str(backup))

    assert result.returncode == 1
    assert "damaged" in result.stderr


def test_backups_older_than_the_kept_days_are_deleted(site, tmp_path):
    backups = tmp_path / "backups"
    old = backups / "undebutdereseau-2020-01-01T023000"
    recent = backups / "undebutdereseau-2020-01-02T023000"
    for folder, age in ((old, "15 days ago"), (recent, "13 days ago")):
        folder.mkdir(parents=True)
        subprocess.run(["touch", "-d", age, str(folder)], check=True)  # noqa: S603, S607

    backed_up_now = run_backup(site, backups)

    assert backed_up_now.returncode == 0, backed_up_now.stderr
    assert not old.exists()
    assert recent.exists()
    assert len(list(backups.iterdir())) == 2
