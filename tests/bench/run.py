"""`make bench`: throughput and latency of every public page type under gunicorn.

    .venv/bin/python -m tests.bench.run [--scale 0.1] [--duration 5] [--pages "story,home"]
    BENCH_SCALE=0.1 BENCH_DURATION=2 make bench          # a quick run

1. A bench-only database is migrated and filled with load_demo plus a large generated
   dataset (5,000 stories, 2,000 structures, 500 calls at scale 1): a SQLite file under
   $TMPDIR/udr-bench by default; with DATABASE_URL=postgresql://… a database of its own
   named udr_bench_<scale> on the same server; or exactly BENCH_DATABASE_URL. It is
   reused by the next run at the same scale, and rebuilt when a migration changes
   (--fresh forces it).
2. Each page's SQL queries are counted in-process (one request after a warm-up), with its
   time alone, and whether the anonymous page cache keeps it: its second request is
   answered (200) by a middleware before the URL is resolved, so no view runs, and
   without a query (nothing in the response tells visitors so).
3. gunicorn (one sync worker per core) serves the site on 127.0.0.1 with the bench
   settings, once with the anonymous page cache (the pages it keeps are measured as
   production serves them) and once without it (every page built for each request).
   10 clients hit each page for BENCH_DURATION seconds after a warm-up.
4. Two fixed minimal pages are sampled before every page, so that a machine busy with
   other work now and then slows them and the pages alike:
   - the ceiling, a minimal view through the project's middleware under the same server;
     uncached pages are judged against it (≥ 0.03 of it, p95 < 100 ms);
   - the reference, the same view in a one-file Django project with Django's default
     middleware (tests/bench/reference.py), served by its own gunicorn with the same
     workers for the whole run; cached pages are judged against it (≥ 0.6 of it): a cache
     hit must not pay the project's whole stack. The ceiling's ratio to it is shown.
   A table and bench-report.json (repo root) give req/s, p50/p95 latency, queries and the
   ratio of each page to the ceiling, and of each cached page to the reference.

On PostgreSQL the members area is measured too (issue 4): tests/bench/members_dataset.py
adds 20,000 professionals, 100,000 young people, 300,000 requests and 1,000,000 messages
at scale 1; the member pages are measured signed in (tests/bench/members_bench.py) with
a target of p95 < 150 ms, and `manage.py send_request_reminders` is timed over the whole
dataset (target < 60 s). On SQLite these lines are skipped; --no-members skips them too.

Other options: BENCH_CONCURRENCY, BENCH_WORKERS, BENCH_THREADS (gthread workers),
BENCH_WARMUP, BENCH_DIR, BENCH_REDIS_URL (a Redis database the bench may clear).
The command exits 0 when the run completed, whatever the figures; FAIL lines are findings.
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.loadgen import LOOPBACK, LoadResult, merge, run_load
from tests.bench.members_bench import FIGURES_MAX_P95_MS, MEMBERS_MAX_P95_MS

REPO = Path(__file__).resolve().parents[2]
SETTINGS = "tests.bench.settings"
CEILING_URL = "/bench/ceiling/"
# tests/bench/reference.py configures Django when imported: the bench only serves it.
REFERENCE_APP = "tests.bench.reference:application"
REFERENCE_URL = "/"
REFERENCE_LABEL = "one-file Django, default middleware"
PROJECT_APPS = ["home", "stories", "network", "members"]
# Bump when tests/bench/dataset.py generates different rows: saved databases are rebuilt.
DATASET_VERSION = 1
SHM = Path("/dev/shm")  # noqa: S108 - gunicorn's heartbeat files, not data

# A cache hit must cost about what Django's cheapest page costs, not the project's stack.
CACHED_MIN_REFERENCE_RATIO = 0.6
UNCACHED_MIN_RATIO = 0.03
UNCACHED_MAX_P95_MS = 100.0
# A deep page of an index may cost a little more (OFFSET) but not grow with the data.
DEEP_PAGE_MIN_RATIO = 0.75
DEEP_PAGE = 200
# In-process requests, one at a time, whose median shows the cost of a page alone.
ALONE_REQUESTS = 5
ALONE_MAX_SECONDS = 3.0


def log(message: str = "") -> None:
    print(message, flush=True)  # noqa: T201


# --- Options --------------------------------------------------------------------------------


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=env_float("BENCH_SCALE", 1.0),
        help="dataset size, 1.0 = 5,000 stories, 2,000 structures, 500 calls (BENCH_SCALE)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=env_float("BENCH_DURATION", 5.0),
        help="seconds of measure per page (BENCH_DURATION)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=env_float("BENCH_WARMUP", 1.0),
        help="seconds of warm-up per page (BENCH_WARMUP)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=int(env_float("BENCH_CONCURRENCY", 10)),
        help="concurrent clients (BENCH_CONCURRENCY)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env_float("BENCH_WORKERS", os.cpu_count() or 2)),
        help="gunicorn worker processes, one per core by default (BENCH_WORKERS)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(env_float("BENCH_THREADS", 1)),
        help="threads per gunicorn worker; above 1 uses the gthread worker (BENCH_THREADS)",
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=int(env_float("BENCH_CLIENT_PROCESSES", 2)),
        help="processes the load generator spreads its clients over",
    )
    parser.add_argument(
        "--pages",
        default=os.environ.get("BENCH_PAGES", ""),
        help="comma-separated substrings: measure only pages whose name matches",
    )
    parser.add_argument(
        "--no-members",
        action="store_true",
        default=os.environ.get("BENCH_MEMBERS", "1").strip() == "0",
        help="neither the members dataset, nor member pages, nor the reminder command "
        "(BENCH_MEMBERS=0)",
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the dataset, measure nothing"
    )
    parser.add_argument(
        "--report", default=str(REPO / "bench-report.json"), help="where to write the JSON"
    )
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.duration <= 0 or args.concurrency <= 0 or args.workers <= 0:
        parser.error("scale, duration, concurrency and workers must be positive")
    return args


# --- The bench database -----------------------------------------------------------------------


def bench_dir() -> Path:
    path = Path(os.environ.get("BENCH_DIR") or Path(tempfile.gettempdir()) / "udr-bench")
    path.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_DIR"] = str(path)
    return path


def scale_tag(scale: float) -> str:
    return "full" if scale == 1 else f"s{scale:g}".replace(".", "_")


def database_url(scale: float, directory: Path) -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if explicit:
        if explicit == os.environ.get("DATABASE_URL", "").strip():
            raise SystemExit("BENCH_DATABASE_URL must not be the project's DATABASE_URL.")
        return explicit
    project = os.environ.get("DATABASE_URL", "").strip()
    if project.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(project)
        return urlunsplit(parts._replace(path=f"/udr_bench_{scale_tag(scale)}"))
    return f"sqlite:///{directory / f'bench-{scale_tag(scale)}.sqlite3'}"


def fingerprint() -> str:
    """Changes when a migration or the generator changes: the database is then rebuilt."""
    from tests.bench.members_dataset import VERSION as MEMBERS_VERSION

    digest = hashlib.sha256(f"dataset v{DATASET_VERSION} members v{MEMBERS_VERSION}".encode())
    files = []
    for app in PROJECT_APPS:
        files.extend(sorted((REPO / app).glob("migrations/*.py")))
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    # A demo module that appears may build the tree the bench built in its absence.
    for app in PROJECT_APPS:
        digest.update(f"{app}:{(REPO / app / 'demo.py').exists()}".encode())
    return digest.hexdigest()[:16]


def _pg_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"Unexpected bench database name {name!r}.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True), name


def reset_database(url: str, drop: bool) -> None:
    """Create the bench database if needed; drop it first when `drop`."""
    if url.startswith("sqlite"):
        path = Path(urlsplit(url).path)
        if path.resolve() == (REPO / "db.sqlite3").resolve():
            raise SystemExit("Refusing to use the development database for the bench.")
        if drop:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    connection, name = _pg_admin(url)
    with connection:
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_database(args, directory: Path) -> tuple[str, Path, dict]:
    url = database_url(args.scale, directory)
    marker = directory / f"{hashlib.sha256(url.encode()).hexdigest()[:12]}.json"
    expected = {"url": url, "scale": args.scale, "fingerprint": fingerprint()}
    stale = args.fresh
    if marker.exists():
        stale = (
            stale or json.loads(marker.read_text()).get("fingerprint") != expected["fingerprint"]
        )
    else:
        stale = True
    reset_database(url, drop=stale)
    if stale:
        marker.unlink(missing_ok=True)
    os.environ["BENCH_DATABASE_URL"] = url
    return url, marker, expected


# --- Pages -----------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    queries: int | None = None
    status: int | None = None
    cacheable: bool = False
    alone_ms: float | None = None
    error: str = ""
    note: str = ""
    members: bool = False  # behind sign-in: measured with `cookie`, never cached
    cookie: str = ""
    max_p95_ms: float = MEMBERS_MAX_P95_MS  # a member page's target


@dataclass
class Line:
    target: Target
    cached: bool
    result: LoadResult
    ratio: float = 0.0  # to the ceiling
    reference_ratio: float | None = None  # cached pages and the ceiling
    checks: list[str] = field(default_factory=list)
    passed: bool = True


@dataclass
class Baseline:
    """A fixed minimal page measured in slices, one just before each page, so that a
    machine that other work slows down now and then slows it and the pages alike."""

    name: str
    url: str
    port: int = 0  # of the server that serves it now
    samples: list[LoadResult] = field(default_factory=list)

    def warm_up(self, args) -> None:
        run_load(self.port, self.url, duration=args.warmup, concurrency=args.concurrency)

    def sample(self, args) -> LoadResult:
        result = run_load(
            self.port,
            self.url,
            duration=max(1.0, args.duration / 3),
            concurrency=args.concurrency,
            processes=args.client_processes,
        )
        self.samples.append(result)
        return result

    def merged(self) -> LoadResult:
        return merge(self.samples)

    def spread(self) -> dict:
        merged = self.merged()
        return {
            "mean": merged.rps,
            "min": min(s.rps for s in self.samples),
            "max": max(s.rps for s in self.samples),
            "samples": len(self.samples),
            "errors": merged.errors,
            "p50_ms": merged.p50_ms,
            "p95_ms": merged.p95_ms,
        }


@dataclass
class Comparison:
    """Two measures of one index whose cost must not depend on the number of items."""

    label: str
    base: str
    other: str


def discover_targets() -> tuple[list[Target], list[Comparison]]:
    """Every public page type, found in the database (no slug is hard-coded).

    Each paginated index is measured on page 1 and on a deep page; the story and call
    indexes also in English, where only the demo's few items exist, so that page 1 with a
    handful of items can be compared with page 1 with thousands.
    """
    from django.apps import apps
    from django.urls import reverse
    from django.utils import translation

    def first(label, language="fr", **filters):
        try:
            model = apps.get_model(label)
        except LookupError:
            return None
        qs = model.objects.live().filter(locale__language_code=language, **filters)
        return qs.order_by("path").first()

    targets = [Target("ceiling", CEILING_URL)]
    comparisons: list[Comparison] = []

    def paginated(name, index, items, per_page_name, default_per_page, small=None):
        per_page = getattr(sys.modules[type(index).__module__], per_page_name, default_per_page)
        total = items.count()
        deep = min(DEEP_PAGE, max(1, -(-total // per_page)))
        targets.append(Target(f"{name} p1", index.url))
        if deep > 1:
            targets.append(Target(f"{name} p{deep}", f"{index.url}?page={deep}"))
            comparisons.append(
                Comparison(
                    f"{name}: page {deep} vs page 1 ({total} items)",
                    f"{name} p1",
                    f"{name} p{deep}",
                )
            )
        if small is not None:
            small_index, small_items = small
            small_total = small_items.count()
            if small_total < total:
                targets.append(Target(f"{name} EN p1", small_index.url))
                comparisons.append(
                    Comparison(
                        f"{name}: page 1 with {total} items (FR) vs {small_total} (EN)",
                        f"{name} EN p1",
                        f"{name} p1",
                    )
                )

    home_fr, home_en = first("home.HomePage"), first("home.HomePage", "en")
    if home_fr:
        targets.append(Target("home FR", home_fr.url))
    if home_en:
        targets.append(Target("home EN", home_en.url))
        if home_fr:
            comparisons.append(
                Comparison("home: FR (the generated data) vs EN (the demo's)", "home EN", "home FR")
            )
    standard = first("home.StandardPage")
    if standard:
        targets.append(Target("standard page", standard.url))

    story_index = first("stories.StoryIndexPage")
    if story_index:
        StoryPage = apps.get_model("stories.StoryPage")
        stories = StoryPage.objects.child_of(story_index).live()
        story_index_en = first("stories.StoryIndexPage", "en")
        small = (
            (story_index_en, StoryPage.objects.child_of(story_index_en).live())
            if story_index_en
            else None
        )
        paginated("story index", story_index, stories, "STORIES_PER_PAGE", 12, small)
        total = stories.count()
        story = stories.order_by("path")[total // 2 : total // 2 + 1].first()
        if story:
            targets.append(Target("story page", story.url))
            # Related stories are picked among the stories of the page's language.
            story_en = small and small[1].order_by("path").first()
            if story_en:
                targets.append(Target("story page EN", story_en.url))
                comparisons.append(
                    Comparison(
                        f"story page: among {total} stories (FR) vs {small[1].count()} (EN)",
                        "story page EN",
                        "story page",
                    )
                )

    structure_index = first("network.StructureIndexPage")
    if structure_index:
        Structure = apps.get_model("network.Structure")
        approved = Structure.objects.approved()
        paginated("structure index", structure_index, approved, "STRUCTURES_PER_PAGE", 20)
        sample = approved.order_by("pk").first()
        if sample:
            query = f"?kind={sample.kind}&departement={sample.departement}"
            targets.append(Target("structure index filtered", structure_index.url + query))
            middle = approved.order_by("pk")[approved.count() // 2]
            targets.append(
                Target("structure page", structure_index.structure_url(middle, request=None))
            )

    call_index = first("network.VolunteerCallIndexPage")
    if call_index:
        CallPage = apps.get_model("network.VolunteerCallPage")
        calls = CallPage.objects.child_of(call_index).live()
        call_index_en = first("network.VolunteerCallIndexPage", "en")
        small = (
            (call_index_en, CallPage.objects.child_of(call_index_en).live())
            if call_index_en
            else None
        )
        paginated("call index", call_index, calls, "CALLS_PER_PAGE", 10, small)
        opened = getattr(CallPage.objects, "open", None)
        call = (opened().child_of(call_index).order_by("path").first() if opened else None) or (
            calls.order_by("path").first()
        )
        if call:
            targets.append(Target("call page", call.url))

    contact = first("home.ContactPage")
    if contact:
        targets.append(Target("contact page", contact.url))
    with translation.override("fr"):
        try:
            search_url = reverse("home:search")
        except Exception:  # no search yet: nothing to measure
            search_url = None
    if search_url:
        targets.append(Target("search results", f"{search_url}?q=entretien"))
    return targets, comparisons


def inspect_targets(targets: list[Target]) -> None:
    """Status, SQL queries of a fresh build, and whether the anonymous cache keeps it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PAGE_CACHE_SECONDS=300, CACHE_MIDDLEWARE_SECONDS=300):
        client = Client(HTTP_HOST=LOOPBACK)

        def get(url, cookie=""):
            # Every request is a first visit, as the load generator's: no cookie kept
            # but the member's session.
            client.cookies.clear()
            if cookie:
                name, _, value = cookie.partition("=")
                client.cookies[name] = value
            return client.get(url)

        for target in targets:
            if target.members:
                inspect_member_target(target, get)
                continue
            cache.clear()
            try:
                with override_settings(PAGE_CACHE_SECONDS=0):
                    get(target.url)  # warm-up: renditions, Site root paths…
                    with CaptureQueriesContext(connection) as queries:
                        response = get(target.url)
            except Exception as exc:  # reported as a failed page
                target.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
                continue
            target.status = response.status_code
            target.queries = len(queries)
            if response.status_code != 200:
                target.error = f"HTTP {response.status_code}"
                continue
            with override_settings(PAGE_CACHE_SECONDS=0):
                timings = []
                for _ in range(ALONE_REQUESTS):
                    began = time.perf_counter()
                    get(target.url)
                    timings.append(time.perf_counter() - began)
                    if sum(timings) > ALONE_MAX_SECONDS:
                        break
            target.alone_ms = statistics.median(timings) * 1000
            cache.clear()
            first = get(target.url)
            with CaptureQueriesContext(connection) as queries:
                response = get(target.url)
            # A copy from the page cache is answered by a middleware: the URL is never
            # resolved. Whatever headers the cache gives browsers, this is what matters.
            view_ran = response.wsgi_request.resolver_match is not None
            target.cacheable = (
                target.url != CEILING_URL
                and response.status_code == 200
                and not view_ran
                and len(queries) == 0
            )
            if not target.cacheable and target.url != CEILING_URL:
                if first.cookies:
                    target.note = "not cached: sets " + ", ".join(sorted(first.cookies))
                elif not view_ran and response.status_code == 200:
                    target.note = f"not cached: a cache hit ran {len(queries)} queries"
    cache.clear()


def inspect_member_target(target: Target, get) -> None:
    """A page behind sign-in: its status and SQL queries with the member's session, and
    its time alone. The anonymous page cache never keeps it (a session cookie)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        get(target.url, target.cookie)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            response = get(target.url, target.cookie)
    except Exception as exc:  # reported as a failed page
        target.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
        return
    target.status = response.status_code
    target.queries = len(queries)
    if response.status_code != 200:
        where = response.get("Location", "")
        target.error = f"HTTP {response.status_code}" + (f" to {where}" if where else "")
        return
    target.alone_ms = _alone_ms(lambda: get(target.url, target.cookie))
    # The directory's listings, the suggestions and a counsellor's dashboard panels come
    # from the cache once computed (members.directory.services, .dashboard_cache): what a
    # first view costs is said beside the line.
    from members import dashboard_cache
    from members.directory.services import outdate_results

    def first_view():
        outdate_results()
        dashboard_cache.outdate_all()
        get(target.url, target.cookie)

    first_ms = _alone_ms(first_view)
    if first_ms > 1.5 * target.alone_ms:  # beyond the noise of two medians
        target.note = f"{first_ms:.0f} ms alone while not cached"


def _alone_ms(request) -> float:
    """Median milliseconds of ``request()``, run ALONE_REQUESTS times at most."""
    timings = []
    for _ in range(ALONE_REQUESTS):
        began = time.perf_counter()
        request()
        timings.append(time.perf_counter() - began)
        if sum(timings) > ALONE_MAX_SECONDS:
            break
    return statistics.median(timings) * 1000


# --- gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(args, page_cache_seconds: int, log_path: Path):
    """The project with the bench settings, the anonymous page cache kept that long."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
    }
    with serve(args, "config.wsgi:application", env, log_path, CEILING_URL) as port:
        yield port


@contextlib.contextmanager
def reference_server(args, log_path: Path):
    """The one-file reference (tests/bench/reference.py): its settings are in its file."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    with serve(args, REFERENCE_APP, env, log_path, REFERENCE_URL) as port:
        yield port


@contextlib.contextmanager
def serve(args, app: str, env: dict, log_path: Path, probe_url: str):
    """gunicorn serving `app` on a free loopback port, the same way for every app."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "60",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_path),
        # gunicorn 27 opens a control socket at one path per user by default: the reference
        # and the project run at once, and neither may take over another gunicorn's socket.
        "--no-control-socket",
    ]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    if SHM.is_dir():
        # The workers' heartbeat file: on a disk it adds milliseconds to some requests.
        command += ["--worker-tmp-dir", str(SHM)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_until_up(process, port, log_path, probe_url)
        yield port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_until_up(process, port: int, log_path: Path, probe_url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log_path}")
        try:
            conn = http.client.HTTPConnection(LOOPBACK, port, timeout=2)
            conn.request("GET", probe_url, headers={"Host": LOOPBACK})
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {probe_url} within 60 s; see {log_path}")


def measure(args, port: int, target: Target) -> LoadResult:
    common = {
        "concurrency": args.concurrency,
        "processes": args.client_processes,
        "cookie": target.cookie,
    }
    run_load(port, target.url, duration=args.warmup, **common)
    return run_load(port, target.url, duration=args.duration, **common)


# --- Report -----------------------------------------------------------------------------------


def judge(lines: list[Line], ceiling_rps: float, reference_rps: float) -> None:
    """Ratios and targets: cached pages against the reference, uncached ones against the
    ceiling, member pages on their p95."""
    for line in lines:
        line.ratio = line.result.rps / ceiling_rps if ceiling_rps else 0.0
        if line.cached or line.target.url == CEILING_URL:
            line.reference_ratio = line.result.rps / reference_rps if reference_rps else 0.0
        if line.target.url == CEILING_URL:
            continue
        if line.result.errors:
            line.passed = False
            line.checks.append(f"{line.result.errors} errors {dict(line.result.statuses)}")
        if line.target.members:
            line.checks.append(f"p95<{line.target.max_p95_ms:g}ms")
            line.passed &= line.result.p95_ms < line.target.max_p95_ms
        elif line.cached:
            line.checks.append(f"≥{CACHED_MIN_REFERENCE_RATIO}× reference")
            line.passed &= line.reference_ratio >= CACHED_MIN_REFERENCE_RATIO
        else:
            line.checks.append(f"≥{UNCACHED_MIN_RATIO}× ceiling, p95<{UNCACHED_MAX_P95_MS:g}ms")
            line.passed &= (
                line.ratio >= UNCACHED_MIN_RATIO and line.result.p95_ms < UNCACHED_MAX_P95_MS
            )


def index_checks(lines: list[Line], comparisons: list[Comparison]) -> list[tuple[str, bool]]:
    """Each index with many items against itself with few (uncached pass)."""
    results = []
    uncached = {line.target.name: line for line in lines if not line.cached}
    for comparison in comparisons:
        base, other = uncached.get(comparison.base), uncached.get(comparison.other)
        if not base or not other or not base.result.rps:
            continue
        ratio = other.result.rps / base.result.rps
        same_queries = (other.target.queries or 0) <= (base.target.queries or 0)
        ok = ratio >= DEEP_PAGE_MIN_RATIO and same_queries
        results.append(
            (
                f"{comparison.label}: {ratio:.2f}× the req/s ({other.result.rps:.0f} vs "
                f"{base.result.rps:.0f}), p50 {other.result.p50_ms:.1f} vs "
                f"{base.result.p50_ms:.1f} ms, alone {other.target.alone_ms or 0:.1f} vs "
                f"{base.target.alone_ms or 0:.1f} ms, queries {other.target.queries} vs "
                f"{base.target.queries} (target ≥{DEEP_PAGE_MIN_RATIO}×, no more queries)",
                ok,
            )
        )
    return results


def print_table(
    lines: list[Line],
    skipped: list[Target],
    reference_line: Line,
    ceilings: dict[str, float],
    references: dict[str, float],
) -> None:
    header = (
        f"{'page':<26} {'cached':<6} {'req/s':>8} {'vs ceil':>7} {'vs ref':>7} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'queries':>7} {'alone ms':>8}  {'target':<26} result"
    )
    log(header)
    log("-" * len(header))

    def row(line: Line, name: str, cached: str, queries: str, alone: str, target: str, result):
        vs_ref = "—" if line.reference_ratio is None else f"{line.reference_ratio:.3f}"
        return (
            f"{name:<26} {cached:<6} {line.result.rps:>8.1f} {line.ratio:>7.3f} {vs_ref:>7} "
            f"{line.result.p50_ms:>8.1f} {line.result.p95_ms:>8.1f} {queries:>7} {alone:>8}  "
            f"{target:<26} {result}"
        )

    log(row(reference_line, "reference", "—", "—", "—", "—", "") + f"  ({REFERENCE_LABEL})")
    in_members = False
    for line in lines:
        if line.target.members and not in_members:
            in_members = True
            log(f"{'-- members area, signed in (PostgreSQL) ':-<{len(header)}}")
        is_ceiling = line.target.url == CEILING_URL
        result = "" if is_ceiling else ("PASS" if line.passed else "FAIL")
        target = "—" if is_ceiling else "; ".join(line.checks)
        queries = "—" if line.target.queries is None else str(line.target.queries)
        if line.cached:
            queries = "0"  # inspect_targets saw the cache hit run none
        alone = (
            "—" if line.cached or line.target.alone_ms is None else f"{line.target.alone_ms:.1f}"
        )
        cached = "yes" if line.cached else "no"
        log(
            row(line, line.target.name, cached, queries, alone, target, result)
            + (f"  ({line.target.note})" if line.target.note and not line.cached else "")
        )
    for target in skipped:
        log(
            f"{target.name:<26} {'':<6} {'—':>8} {'':>7} {'':>7} {'':>8} {'':>8} {'':>7} "
            f"{'':>8}  {target.error or 'skipped':<26} FAIL"
        )
    log()

    def spread(figures: dict[str, float]) -> str:
        errors = f", {figures['errors']} errors" if figures["errors"] else ""
        return (
            f"{figures['mean']:.0f} req/s over {figures['samples']} samples, one before each "
            f"page (from {figures['min']:.0f} to {figures['max']:.0f}{errors})"
        )

    log(f"reference: {REFERENCE_LABEL}: {spread(references)}")
    ratio = ceilings["mean"] / references["mean"] if references["mean"] else 0.0
    log(f"ceiling: the project's middleware: {spread(ceilings)}; {ratio:.2f}× the reference")


def print_commands(commands) -> None:
    for command in commands:
        verdict = "PASS" if command.passed else "FAIL"
        log(
            f"{verdict} {command.name}: {command.seconds:.1f} s over the whole dataset "
            f"(target < {command.target_s:g} s)"
            + (f", exit code {command.returncode}" if command.returncode else "")
        )
        for text in command.output:
            log(f"    {text}")


def write_report(
    path: Path,
    args,
    counts,
    ceilings,
    references,
    lines,
    skipped,
    index_results,
    members: dict | None = None,
    commands=(),
) -> None:
    pages = [
        {
            "name": line.target.name,
            "url": line.target.url,
            "cached": line.cached,
            "members": line.target.members,
            "rps": round(line.result.rps, 1),
            "p50_ms": round(line.result.p50_ms, 2),
            "p95_ms": round(line.result.p95_ms, 2),
            # A page served from the cache runs no query (inspect_targets checked it).
            "queries": 0 if line.cached else line.target.queries,
            "alone_ms": None if line.target.alone_ms is None else round(line.target.alone_ms, 2),
            "ratio": round(line.ratio, 4),
            # Cached pages only: their target is against the reference.
            "reference_ratio": (
                None if line.reference_ratio is None else round(line.reference_ratio, 4)
            ),
            "target": "; ".join(line.checks),
            "note": line.target.note,
            "requests": line.result.requests,
            "errors": line.result.errors,
            "pass": line.passed,
        }
        for line in lines
        if line.target.url != CEILING_URL
    ]

    def samples(figures: dict) -> dict:
        return {
            "count": figures["samples"],
            "min_rps": round(figures["min"], 1),
            "max_rps": round(figures["max"], 1),
            "errors": figures["errors"],
        }

    report = {
        "ceiling_rps": round(ceilings["mean"], 1),
        "ceiling_samples": samples(ceilings),
        "reference": {
            "label": REFERENCE_LABEL,
            "app": REFERENCE_APP,
            "url": REFERENCE_URL,
            "p50_ms": round(references["p50_ms"], 2),
            "p95_ms": round(references["p95_ms"], 2),
        },
        "reference_rps": round(references["mean"], 1),
        "reference_samples": samples(references),
        "ceiling_reference_ratio": (
            round(ceilings["mean"] / references["mean"], 4) if references["mean"] else 0.0
        ),
        "targets": {
            "cached_min_reference_ratio": CACHED_MIN_REFERENCE_RATIO,
            "uncached_min_ceiling_ratio": UNCACHED_MIN_RATIO,
            "uncached_max_p95_ms": UNCACHED_MAX_P95_MS,
            "deep_page_min_ratio": DEEP_PAGE_MIN_RATIO,
            "members_max_p95_ms": MEMBERS_MAX_P95_MS,
            "figures_max_p95_ms": FIGURES_MAX_P95_MS,
        },
        "pages": pages,
        "failed_pages": [{"name": t.name, "url": t.url, "error": t.error} for t in skipped],
        "index_checks": [{"check": text, "pass": ok} for text, ok in index_results],
        "commands": [
            {
                "name": command.name,
                "seconds": round(command.seconds, 2),
                "target_s": command.target_s,
                "pass": command.passed,
                "returncode": command.returncode,
                "output": command.output,
            }
            for command in commands
        ],
        "members": members or {},
        "dataset": counts,
        "settings": {
            "scale": args.scale,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "concurrency": args.concurrency,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": args.threads,
            "cpus": os.cpu_count(),
            "load_average_at_end": round(os.getloadavg()[0], 2),
            "database": os.environ["BENCH_DATABASE_URL"].split("://")[0],
        },
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


# --- Main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    directory = bench_dir()
    url, marker, expected = prepare_database(args, directory)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.pop("PAGE_CACHE_SECONDS", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tests.bench import dataset, members_bench, members_dataset

    log(f"Bench database: {url.split('://')[0]} {urlsplit(url).path} (scale {args.scale:g})")
    counts = dataset.build(args.scale, sys.stdout)
    marker.write_text(json.dumps(expected))
    log(f"  dataset: {counts}")
    members_on = not args.no_members and members_dataset.supported()
    members_info: dict = {}
    if args.no_members:
        members_info["skipped"] = "--no-members"
    elif not members_on:
        members_info["skipped"] = "SQLite: the members area is measured on PostgreSQL"
        log(
            "Members area: skipped on SQLite (issue 4 measures it on PostgreSQL: run with "
            "DATABASE_URL=postgresql://… or BENCH_DATABASE_URL=postgresql://…)"
        )
    else:
        counts["members"] = members_dataset.build(args.scale, sys.stdout)
        log(f"  members: {counts['members']}")
    if args.prepare_only:
        return 0
    static_root = directory / "static"
    shutil.rmtree(static_root, ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)

    targets, comparisons = discover_targets()
    if members_on:
        members_dataset.reset_reminder_windows()
        # The reset rewrites thousands of rows each run: without a vacuum (autovacuum may
        # be off, or late) the dead rows pile up and every scan slows from run to run.
        members_dataset.analyze(members_dataset.MEMBER_TABLES, sys.stdout, vacuum=True)
        member_targets, notes, personas = members_bench.discover(Target)
        targets += member_targets
        members_info["personas"] = members_bench.describe_personas(personas)
        members_info["notes"] = notes
        for text in members_info["personas"] + notes:
            log(f"  members: {text}")
    wanted = [part.strip() for part in args.pages.split(",") if part.strip()]
    if wanted:
        targets = [t for t in targets if t.url == CEILING_URL or any(w in t.name for w in wanted)]
    inspect_targets(targets)
    connections.close_all()
    broken = [t for t in targets if t.error]
    good = [t for t in targets if not t.error]
    for target in broken:
        log(f"  {target.name} {target.url}: {target.error}, not measured")

    load_before = os.getloadavg()[0]
    log(
        f"Measuring {len(good)} pages: {args.concurrency} clients, {args.warmup:g} s warm-up + "
        f"{args.duration:g} s each, gunicorn {args.workers} worker(s)"
        + (f" × {args.threads} threads" if args.threads > 1 else "")
        + f" on {LOOPBACK}"
    )
    lines: list[Line] = []
    ceiling_target = targets[0]
    if ceiling_target.error:
        raise RuntimeError(
            f"The ceiling view fails ({ceiling_target.error}): the bench cannot run."
        )
    ceiling = Baseline("ceiling", CEILING_URL)
    reference = Baseline("reference", REFERENCE_URL)
    # The reference is served for the whole run, the project once per pass.
    with reference_server(args, directory / "gunicorn-reference.log") as reference_port:
        reference.port = reference_port
        reference.warm_up(args)
        for cached in (True, False):
            # Every page is measured built for each request; those the anonymous cache keeps
            # are measured again as production serves them, from the cache.
            pages = [t for t in good if t.url != CEILING_URL and (t.cacheable or not cached)]
            if not pages:
                continue
            log_path = directory / f"gunicorn-{'cached' if cached else 'uncached'}.log"
            with gunicorn(args, 300 if cached else 0, log_path) as port:
                ceiling.port = port
                ceiling.warm_up(args)
                for target in pages:
                    ceiling_rps = ceiling.sample(args).rps
                    reference_rps = reference.sample(args).rps
                    result = measure(args, port, target)
                    lines.append(Line(target, cached, result))
                    log(
                        f"  {'cached  ' if cached else 'uncached'} {target.name:<26} "
                        f"{result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                        f"p95 {result.p95_ms:6.1f} ms  errors {result.errors}  (just before: "
                        f"ceiling {ceiling_rps:.0f}, reference {reference_rps:.0f} req/s)"
                    )
    commands = []
    if members_on and (not wanted or any(w in "send_request_reminders" for w in wanted)):
        log("Timing manage.py send_request_reminders over the whole dataset…")
        commands.append(members_bench.time_reminders(REPO, SETTINGS))
    if not ceiling.samples:
        print_commands(commands)
        log("No page to measure: nothing written.")
        return 1
    ceilings, references = ceiling.spread(), reference.spread()
    lines.insert(0, Line(ceiling_target, False, ceiling.merged()))
    judge(lines, ceilings["mean"], references["mean"])
    reference_line = Line(Target("reference", REFERENCE_URL), False, reference.merged())
    reference_line.ratio = references["mean"] / ceilings["mean"] if ceilings["mean"] else 0.0
    reference_line.reference_ratio = 1.0
    index_results = index_checks(lines, comparisons)
    order = {id(target): n for n, target in enumerate(targets)}
    shown = list(lines)
    shown.sort(key=lambda line: (order[id(line.target)], not line.cached))
    load_after = os.getloadavg()[0]
    log()
    print_table(shown, broken, reference_line, ceilings, references)
    if load_before > 0.5:
        log(
            f"Note: the load average was {load_before:.1f} before the run ({load_after:.1f} "
            "after): other processes shared the CPUs, absolute figures are low and noisy."
        )
    for text, ok in index_results:
        log(f"{'PASS' if ok else 'FAIL'} {text}")
    print_commands(commands)
    for text in members_info.get("notes", []):
        log(f"Note (members): {text}")
    report = Path(args.report)
    write_report(
        report,
        args,
        counts,
        ceilings,
        references,
        shown,
        broken,
        index_results,
        members_info,
        commands,
    )
    log(f"Figures written to {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
