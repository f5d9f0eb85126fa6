"""How fast every public page is, against the framework's own floor: prints a table, writes JSON.

    .venv/bin/python scripts/benchmark.py                              # seed scale, SQLite
    .venv/bin/python scripts/benchmark.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python scripts/benchmark.py --postgres postgres://postgres@127.0.0.1:5432/postgres \\
        --generate "--films 20000 --people 100000 --reviews 1000000 --members 50000 --seed 1" --keep
    .venv/bin/python scripts/benchmark.py --postgres ... --database bench --reuse   # that data again
    .venv/bin/python scripts/benchmark.py --postgres ... --against sqlite.json       # page by page

It prepares a database (a fresh one, this run's own, unless ``--reuse``): migrate, the archive's
fixture, and with ``--generate`` made-up data on top (``manage.py generate_archive_data``). Then, for
each mode (``--modes uncached,cached``) it starts gunicorn with production settings
(``DJANGO_DEBUG=False``, collected static files, 2 workers) and, for each page of a fixed list, loads
``/robots.txt`` (the trivial view: the floor) and the page by turns, ``--rounds`` times, for
``--duration`` seconds in all each, with ``--connections`` connections: every page's figures sit next
to a floor measured moments before, and the ratio is the median of the turns' ratios. It uses wrk
(installed with apt-get when missing and run as root) or, failing that, a Python load generator.

Every request comes on a connection of its own (``Connection: close``) unless ``--keep-alive``: a
gthread worker keeps the keep-alive connections it accepts, and the connections a run opens at once
may all go to one worker, leaving the other core idle and the figure halved (one run in six or so
here, for the floor too).

The modes: ``uncached``, no whole page cached, though the parts of pages that change only with the
archive (a film's "Mentioned in") are, as in production (``DJANGO_PARTS_CACHE_SECONDS``); ``bare``,
nothing cached at all; ``cached``, anonymous pages cached whole, as in production. Every request asks
for ``--accept-encoding`` (gzip, as browsers do, unless told otherwise), so pages are compressed.

For each page: requests per second, median and 99th-percentile latency, the ratio to the floor's
requests per second, and the number of database queries the page makes (counted in this process with
the same settings). Before the load, each page is also timed in this process, one request at a time
and each after one of the floor (``--in-process-repeats``), which a machine's drift moves much less
than it moves figures under load. Then search: the 95th percentile of server-side time over a mix of
common and rare words, two-word queries, names, titles and a misspelling, one request at a time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import suppress
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
HOST = "archive.test"
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
# Seconds each mode caches whole pages and parts of pages for.
MODES = {"uncached": (0, 3600), "bare": (0, 0), "cached": (600, 3600)}
TRIVIAL = "/robots.txt"
SEARCHES = [
    "film",
    "the story",
    "camera",
    "aspic",
    "palimpsest",
    "clay figures",
    "quiet landscape",
    "Rithy Panh",
    "Rithy Pahn",
    "The Missing Picture",
    "missing",
    "memory war",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env):
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=PROJECT, env=env, check=True)


def database_url(args, workdir):
    """(url, admin url or None, database name or path) for this run."""
    if args.postgres:
        target = urlsplit(args.postgres)
        name = args.database or f"filmarchive_bench_{os.getpid()}"
        return urlunsplit((target.scheme, target.netloc, f"/{name}", "", "")), args.postgres, name
    path = Path(args.database) if args.database else Path(workdir) / "bench.sqlite3"
    return f"sqlite:///{path}", None, str(path)


def recreate_postgres(admin_url, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(admin_url, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def base_env(url, static_root, port, mode, args):
    page_seconds, parts_seconds = MODES[mode]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "REDIS_URL"))},
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "True",
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_PAGE_CACHE_SECONDS": str(page_seconds),
        "DJANGO_PARTS_CACHE_SECONDS": str(parts_seconds),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_WORKER_TMP_DIR": tempfile.gettempdir(),
    }
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def prepare(args, env):
    python = sys.executable
    run([python, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env)
    if args.reuse:
        run([python, "manage.py", "migrate", "--no-input", "--verbosity", "0"], env)
        return
    run([python, "manage.py", "migrate", "--no-input", "--verbosity", "0"], env)
    run([python, "manage.py", "loaddata", "archive", "--verbosity", "0"], env)
    if args.generate:
        run([python, "manage.py", "generate_archive_data", *args.generate.split()], env)


def pages_and_queries(env):
    """The fixed page list, resolved against this database, and each page's query count."""
    os.environ.update(
        {k: v for k, v in env.items() if k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    )
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"  # count what a page costs, not a cache hit
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmarchive.settings")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from filmarchive.models import Person, SourceDocument
    from interviews.models import Interview
    from reviews.models import NEWEST, FilmRating, Review

    rated = FilmRating.objects.select_related("film")
    popular = rated.order_by("-reviews").first()
    small = rated.filter(film__slug="the-missing-picture").first() or rated.order_by("reviews").first()
    writer = (
        Review.objects.published()
        .values_list("author__slug", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n", "author__slug")
        .first()
    )
    person = Person.objects.filter(slug="rithy-panh").first() or Person.objects.order_by("pk").first()
    review = Review.objects.published().order_by("pk").first()
    pages = [
        ("home", "/"),
        ("films", "/films/"),
        ("films by rating", "/films/?sort=rating"),
        (f"film ({small.reviews} reviews)", f"/films/{small.film.slug}/"),
    ]
    if popular.pk != small.pk:
        reviews = f"/films/{popular.film.slug}/reviews/"
        pages.append((f"popular film ({popular.reviews} reviews)", f"/films/{popular.film.slug}/"))
        pages.append(("its reviews, first page", reviews))
        deep = popular.film.reviews.published().latest_first()[
            popular.reviews // 2 : popular.reviews // 2 + 1
        ]
        if deep:
            page = popular.reviews // 2 // 20
            pages.append((f"its reviews, page {page}", f"{reviews}?after={NEWEST.cursor(deep[0])}"))
        pages.append(("its reviews, last page", f"{reviews}?before=end"))
    else:
        pages.append(("its reviews", f"/films/{small.film.slug}/reviews/"))
    pages += [
        (f"person {person.slug}", person.get_absolute_url()),
        (f"writer {writer}", f"/people/{writer}/"),
        ("people", "/people/"),
        ("interviews", "/interviews/"),
        ("interview", Interview.objects.order_by("pk").first().get_absolute_url()),
        ("review", review.get_absolute_url()),
        ("source", SourceDocument.objects.order_by("pk").first().get_absolute_url()),
        ("search: film", "/search/?q=film"),
        ("search: aspic", "/search/?q=aspic"),
        ("feed", "/feeds/reviews/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap: reviews", "/sitemap-reviews.xml"),
        ("trivial view", TRIVIAL),
    ]
    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    counts = {}
    for name, path in pages:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        counts[name] = len(queries)
    return pages, counts, client


def search_p95(client, repeats):
    """Server-side milliseconds per search (through Django's whole stack, no network), p50 and p95."""
    timings = []
    for _ in range(repeats):
        for query in SEARCHES:
            started = time.perf_counter()
            client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "queries": SEARCHES,
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
    }


def in_process(client, pages, modes, repeats):
    """Median milliseconds per page through Django's whole stack in this process (no server, no
    network, one request at a time), each request right after one of the floor, for the modes that
    render pages (``uncached``, ``bare``); the ratio is the floor's median over the page's. On a machine
    whose speed drifts under load, this is the steadier figure for comparing one version with another."""
    from django.test import override_settings

    rows = []
    for mode in modes:
        if mode == "cached":
            continue
        page_seconds, parts_seconds = MODES[mode]
        with override_settings(PAGE_CACHE_SECONDS=page_seconds, PARTS_CACHE_SECONDS=parts_seconds):
            for name, path in pages:
                if path == TRIVIAL:
                    continue
                floors, timings = [], []
                for _ in range(2):  # templates loaded, parts cached
                    client.get(path)
                for _ in range(repeats):
                    for found, url in ((floors, TRIVIAL), (timings, path)):
                        started = time.perf_counter()
                        client.get(url)
                        found.append((time.perf_counter() - started) * 1000)
                page_ms, floor_ms = statistics.median(timings), statistics.median(floors)
                rows.append(
                    {
                        "mode": mode,
                        "page": name,
                        "path": path,
                        "ms": round(page_ms, 2),
                        "trivial_ms": round(floor_ms, 3),
                        "ratio": round(floor_ms / page_ms, 3),
                    }
                )
                ratio = 100 * floor_ms / page_ms
                print(f"| {mode} | {name} | {page_ms:.1f} | {floor_ms:.2f} | {ratio:.1f} % |", flush=True)
    return rows


def find_wrk():
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    subprocess.run([shutil.which("apt-get"), "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    return shutil.which("wrk")


def parse_duration(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk_load(wrk, port, path, seconds, connections):
    out = subprocess.run(
        [wrk, f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
        + [arg for name, value in HEADERS.items() for arg in ("-H", f"{name}: {value}")]
        + [f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p50 = parse_duration(re.search(r"\s50%\s+(\S+)", out)[1])
    p99 = parse_duration(re.search(r"\s99%\s+(\S+)", out)[1])
    errors = int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def python_load(port, path, seconds, connections):
    """A small closed-loop load generator: each thread keeps one connection busy."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection.close()
                connection = HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) if latencies else 0,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] if latencies else 0,
        "errors": errors[0],
    }


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{TRIVIAL}", headers=HEADERS)
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (our own server)
                if response.status == 200:
                    return True
        time.sleep(0.25)
    return False


def measure(mode, env, port, pages, counts, args, load):
    log = Path(tempfile.mkstemp(prefix="gunicorn-bench-", suffix=".log")[1])
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--config",
                "gunicorn.conf.py",
                "filmarchive.wsgi:application",
            ],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    rows = []
    try:
        if not wait_for(port):
            raise SystemExit(f"gunicorn did not start; see {log}")
        for name, path in pages:
            if path == TRIVIAL:
                continue
            for warm in (TRIVIAL, path) if args.warmup else ():  # fill the cache, load templates
                load(port, warm, args.warmup, 2)
            # The floor and the page by turns, each round a share of the duration: a machine whose speed
            # drifts (another tenant, the CPU's clock) moves both of a round alike, and the median of
            # the rounds' ratios sets aside a round that one burst of noise spoilt.
            seconds = max(1, round(args.duration / args.rounds))
            floors, loads = [], []
            for _ in range(args.rounds):
                floors.append(load(port, TRIVIAL, seconds, args.connections))
                loads.append(load(port, path, seconds, args.connections))
            ratios = [
                page["rps"] / floor["rps"] if floor["rps"] else 0
                for floor, page in zip(floors, loads, strict=True)
            ]
            rows.append(
                {
                    "mode": mode,
                    "page": name,
                    "path": path,
                    "rps": round(statistics.median(page["rps"] for page in loads), 1),
                    "p50_ms": round(statistics.median(page["p50_ms"] for page in loads), 2),
                    "p99_ms": round(max(page["p99_ms"] for page in loads), 2),
                    "errors": sum(page["errors"] for page in loads),
                    "trivial_rps": round(statistics.median(floor["rps"] for floor in floors), 1),
                    "ratio": round(statistics.median(ratios), 3),
                    "rounds": [
                        [round(f["rps"], 1), round(p["rps"], 1)] for f, p in zip(floors, loads, strict=True)
                    ],
                    "queries": counts[name],
                }
            )
            print(format_row(rows[-1]), flush=True)
    finally:
        server.terminate()
        with suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
        log.unlink(missing_ok=True)
    return rows


def format_row(row):
    return (
        f"| {row['mode']} | {row['page']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
        f"{row['trivial_rps']:.0f} | {100 * row['ratio']:.0f} % | {row['queries']} |"
        + (f" {row['errors']} errors |" if row["errors"] else "")
    )


def against(result, earlier):
    """Each page's speed in this run as a share of its speed in an earlier one (another database, another
    version), under load and in process. Speed is measured against the floor of its own run (the
    ratio), which touches no database: a machine that is faster or slower from one run to the next
    moves the page and its floor alike. Pages are matched by name and mode; those only one run has are
    left out."""
    rows = []
    for key, measure in (("pages", "under load"), ("in_process", "in process")):
        there = {(row["mode"], row["page"]): row["ratio"] for row in earlier.get(key, [])}
        for row in result[key]:
            before = there.get((row["mode"], row["page"]))
            if before:
                share = round(row["ratio"] / before, 3)
                rows.append({"measure": measure, "mode": row["mode"], "page": row["page"], "share": share})
    return rows


def print_against(result, earlier):
    rows, name = result["against"]["rows"], result["against"]["file"]
    print(
        f"This run ({result['database']}) against {name} ({earlier.get('database', '?')}): speed here ÷ there"
    )
    print("| measure | mode | page | share |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['measure']} | {row['mode']} | {row['page']} | {row['share']:.2f} |")
    for measure in ("in process", "under load"):
        shares = sorted(row["share"] for row in rows if row["measure"] == measure)
        if shares:
            print(
                f"{measure}: lowest {shares[0]:.2f}, median {statistics.median(shares):.2f}, "
                f"highest {shares[-1]:.2f} over {len(shares)} pages"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL server's URL (a database of this run's own is made)")
    parser.add_argument("--database", help="the database's name (PostgreSQL) or file (SQLite)")
    parser.add_argument("--generate", default="", help="arguments for generate_archive_data, quoted")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is (with --database)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--modes", default="uncached,cached", help=f"of {', '.join(MODES)}, comma-separated")
    parser.add_argument(
        "--accept-encoding", default="gzip", help="the Accept-Encoding every request sends ('' for none)"
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page and per floor")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of load before each measurement")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="turns of floor and page (the median ratio)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--keep-alive", action="store_true", help="keep connections open between requests (see above)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search-repeats", type=int, default=10)
    parser.add_argument(
        "--in-process-repeats", type=int, default=25, help="requests a page timed in this process (0: none)"
    )
    parser.add_argument("--redis", help="REDIS_URL for the cached mode's cache (default: local memory)")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator, not wrk")
    parser.add_argument("--json", default="benchmark.json", help="where to write the results")
    parser.add_argument(
        "--against", help="another run's JSON: print each page's speed here as a share of its speed there"
    )
    args = parser.parse_args()
    if args.reuse and not args.database:
        parser.error("--reuse needs --database")
    try:
        earlier = json.loads(Path(args.against).read_text()) if args.against else None
    except (OSError, ValueError) as error:
        parser.error(f"--against: {args.against} is not a benchmark's JSON ({error})")
    if unknown := set(args.modes.split(",")) - set(MODES):
        parser.error(f"--modes: no mode {', '.join(sorted(unknown))}; the modes are {', '.join(MODES)}")

    workdir = tempfile.mkdtemp(prefix="filmarchive-bench-")
    url, admin_url, name = database_url(args, workdir)
    static_root = str(Path(workdir) / "static")
    port = free_port()
    if admin_url and not args.reuse:
        recreate_postgres(admin_url, name)
    try:
        if args.accept_encoding:
            HEADERS["Accept-Encoding"] = args.accept_encoding
        if not args.keep_alive:
            HEADERS["Connection"] = "close"
        env = base_env(url, static_root, port, "bare", args)
        prepare(args, env)
        pages, counts, client = pages_and_queries(env)
        search = search_p95(client, args.search_repeats)
        measured_here = []
        if args.in_process_repeats:
            print(
                f"In one process, no network: the median of {args.in_process_repeats} requests a page, "
                "each right after one of the floor"
            )
            print("| mode | page | ms | trivial ms | ratio |")
            print("|---|---|---|---|---|")
            measured_here = in_process(client, pages, args.modes.split(","), args.in_process_repeats)
        wrk = None if args.python_load else find_wrk()
        load = (lambda *a: wrk_load(wrk, *a)) if wrk else python_load
        generator = "wrk" if wrk else "Python"
        print(
            f"Load generator: {generator}; {args.connections} connections, {args.duration} s each, "
            f"{'kept alive' if args.keep_alive else 'a new one per request'}; "
            f"Accept-Encoding: {args.accept_encoding or '(none)'}"
        )
        print("| mode | page | req/s | p50 ms | p99 ms | trivial req/s | ratio | queries |")
        print("|---|---|---|---|---|---|---|---|")
        rows = []
        for mode in args.modes.split(","):
            env = base_env(url, static_root, port, mode, args)
            rows += measure(mode, env, port, pages, counts, args, load)
        print(
            f"Search, server-side over {search['requests']} requests ({len(SEARCHES)} queries): "
            f"p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms, max {search['max_ms']} ms"
        )
        result = {
            "database": "postgresql" if admin_url else "sqlite",
            "generate": args.generate,
            "load_generator": "wrk" if wrk else "python",
            "connections": args.connections,
            "accept_encoding": args.accept_encoding,
            "keep_alive": args.keep_alive,
            "duration_s": args.duration,
            "workers": args.workers,
            "pages": rows,
            "in_process": measured_here,
            "search": search,
        }
        if earlier:
            result["against"] = {"file": args.against, "rows": against(result, earlier)}
            print_against(result, earlier)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"Written to {args.json}")
    finally:
        if admin_url and not args.keep and not args.reuse:
            with suppress(Exception):
                from django.db import connections

                connections.close_all()
            drop_postgres(admin_url, name)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
