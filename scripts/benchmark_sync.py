#!/usr/bin/env python3
"""How long sync_archive takes: loading an empty archive, and re-syncing one with a few changed documents.

Generates N film pages (five reviews each, naming other films and people) and N/4 interviews, then, on
a database of its own:

1. syncs them into the empty archive, and compares that with the floor: the same rows written by the
   database's fastest bulk path (PostgreSQL's COPY; SQLite's executemany in one transaction);
2. changes one review in each of K documents and syncs again (only those should be written), and
   times a sync with nothing changed.

    python scripts/benchmark_sync.py                              N = 1,000, K = 10, SQLite and PostgreSQL
    python scripts/benchmark_sync.py --pages 200 --changed 5 --databases sqlite
    POSTGRES_URL=postgres://user@host:5432/postgres python scripts/benchmark_sync.py
    make bench-sync

Prints a table; the figures are wall-clock seconds on this machine.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmark_ingest import generate  # noqa: E402

TABLES = [
    "filmarchive_sourcedocument",
    "filmarchive_person",
    "filmarchive_film",
    "filmarchive_credit",
    "reviews_review",
    "interviews_interview",
    "interviews_interview_interviewers",
    "interviews_interview_subjects",
    "interviews_interview_films",
    "interviews_turn",
    "interviews_figure",
    "filmarchive_mention",
]


TIMINGS = re.compile(r"Built in ([0-9.]+) s, planned in ([0-9.]+) s, applied in ([0-9.]+) s")


def phases(output: str) -> tuple[float, float, float]:
    """(build, plan, write) seconds, as sync_archive -v 2 reports them."""
    found = TIMINGS.search(output)
    if not found:
        sys.exit(f"sync_archive did not report its timings:\n{output}")
    return float(found[1]), float(found[2]), float(found[3])


def manage(env, *args):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started, result.stdout


def change_documents(sources: Path, count: int) -> None:
    for path in sorted(sources.glob("film-*.txt"))[:count]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    ", "    Revised: ", 1), encoding="utf-8")


def floor_postgres(url: str) -> float:
    """Time COPY of every row the sync wrote, into the same tables emptied, in one transaction."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        columns, dumps = {}, {}
        for table in TABLES:
            columns[table] = connection.execute(
                "SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM "
                "information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER'",
                [table],
            ).fetchone()[0]
            query = f"COPY (SELECT {columns[table]} FROM {table}) TO STDOUT"  # noqa: S608
            with connection.cursor().copy(query) as copy:
                dumps[table] = b"".join(bytes(chunk) for chunk in copy)
        connection.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
        started = time.perf_counter()
        with connection.transaction():
            for table in TABLES:
                with connection.cursor().copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                    copy.write(dumps[table])
        return time.perf_counter() - started


def floor_sqlite(path: str) -> float:
    """Time executemany of every row the sync wrote, into the same tables emptied, in one transaction."""
    import sqlite3

    connection = sqlite3.connect(path)
    # The tables' CHECK constraints use REGEXP, which Django provides to its own connections.
    connection.create_function(
        "REGEXP", 2, lambda pattern, value: re.search(pattern, value or "") is not None
    )
    rows, columns = {}, {}
    for table in TABLES:
        names = [r[1] for r in connection.execute(f"PRAGMA table_xinfo({table})") if r[6] == 0]
        columns[table] = [f'"{name}"' for name in names]
        rows[table] = connection.execute(f"SELECT {', '.join(columns[table])} FROM {table}").fetchall()  # noqa: S608
    connection.execute("PRAGMA foreign_keys = OFF")
    for table in TABLES:
        connection.execute(f"DELETE FROM {table}")  # noqa: S608
    connection.commit()
    started = time.perf_counter()
    for table in TABLES:
        marks = ", ".join("?" for _ in columns[table])
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns[table])}) VALUES ({marks})",  # noqa: S608 (our tables)
            rows[table],
        )
    connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def run(database: str, pages: int, changed: int, postgres_url: str) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        sources = work / "sources"
        sources.mkdir()
        generate(sources, pages, pages // 4)
        env = {**os.environ, "DJANGO_DEBUG": "True", "DJANGO_SETTINGS_MODULE": "filmarchive.settings"}
        if database == "postgresql":
            import psycopg

            name = "bench_sync"
            with psycopg.connect(postgres_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name}")
                connection.execute(f"CREATE DATABASE {name}")
            url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
        else:
            url = f"sqlite:///{work / 'bench.sqlite3'}"
        env["DATABASE_URL"] = url
        manage(env, "migrate", "--no-input", "-v0")
        load, out = manage(env, "sync_archive", "--brief", "-v", "2", "--sources", str(sources))
        build, planning, write = phases(out)
        _, counted = manage(
            env,
            "shell",
            "-c",
            "from django.apps import apps; print(sum(m._base_manager.count() for m in apps.get_models() "
            "if m._meta.app_label in ('filmarchive','reviews','interviews')))",
        )
        records = int(counted.strip().splitlines()[-1])
        floor = floor_postgres(url) if database == "postgresql" else floor_sqlite(str(work / "bench.sqlite3"))
        # The floor emptied the tables and wrote them back: the archive is as the sync left it.
        unchanged, _ = manage(env, "sync_archive", "--brief", "--sources", str(sources))
        change_documents(sources, changed)
        resync, out = manage(env, "sync_archive", "--brief", "-v", "2", "--sources", str(sources))
        return {
            "records": records,
            "build": build,
            "plan": planning,
            "write": write,
            "floor": floor,
            "load": load,
            "unchanged": unchanged,
            "resync": resync,
            "resync write": phases(out)[2],
            "updated": out.count("updated:"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    postgres_url = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    print(f"{args.pages:,} film pages and {args.pages // 4:,} interviews; {args.changed} documents changed")
    heading = (
        "database",
        "records",
        "build",
        "plan",
        "write",
        "COPY",
        "write/COPY",
        "load",
        "resync",
        "(write)",
    )
    widths = (-11, 9, 7, 7, 7, 7, 11, 7, 8, 9)
    print(
        "".join(f"{text:<{-w}}" if w < 0 else f"{text:>{w}}" for text, w in zip(heading, widths, strict=True))
    )
    for database in args.databases:
        r = run(database, args.pages, args.changed, postgres_url)
        print(
            f"{database:<11}{r['records']:>9,}{r['build']:>7.1f}{r['plan']:>7.1f}{r['write']:>7.2f}"
            f"{r['floor']:>7.2f}{r['write'] / r['floor']:>11.1f}{r['load']:>7.1f}{r['resync']:>8.1f}"
            f"{r['resync write']:>9.2f}"
        )
    print(
        "Seconds. build, plan, write: the empty archive's first sync, by phase; COPY: the same rows by the "
        "database's\nfastest bulk path (PostgreSQL's COPY, SQLite's executemany); load and resync: whole "
        "sync_archive runs\n(starting manage.py included), resync after changing the documents."
    )


if __name__ == "__main__":
    main()
