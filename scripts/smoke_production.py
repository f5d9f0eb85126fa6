"""Run the image's steps outside a container and check the running site, as CI does.

    .venv/bin/python scripts/smoke_production.py [--postgres postgres://postgres@127.0.0.1:5432/postgres]

It makes a fresh PostgreSQL database, then does what the Dockerfile and docker-compose.yml do:
collectstatic, migrate, prepare_archive (loaddata into the empty database), ``check --deploy``, and
gunicorn with production settings.
Against the running server it fetches the home page, a film page, /healthz, /admin/login/ and a static
file, checking status codes, security headers, compression and cache headers. The database is reached
through a small TCP relay (tests/relay.py) that the script cuts and restores, to show /healthz answering
503 while the database is gone and 200 once it is back; then black-holes (connections stay open, nothing
gets through), to show /healthz answering 503 within 2 s, a page 503 within 5 s and a static file at
once meanwhile, and both 200 again once it answers, with the same gunicorn running throughout.

Under load and attack: scripts/concurrent_reviews.py signs up members and posts 100 reviews at once
(no write lost, no 5xx, the hourly limit held); then, given ``--wapiti`` (``make smoke`` installs it from
requirements/attack.txt into a throwaway environment), the wapiti scanner crawls the site as a signed-in
member and attacks its pages and forms for a couple of minutes at most, and any vulnerability or
anomaly it reports fails the run.

Ends with a line 'smoke: N passed, M failed' and exits non-zero on any failure.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT = Path(__file__).resolve().parent.parent
# The tests' relay (standard library only), which can cut the database off or black-hole it.
sys.path.insert(0, str(PROJECT))
from tests.relay import Relay  # noqa: E402

HOST = "archive.test"
DATABASE = f"filmarchive_smoke_{os.getpid()}"  # this run's own


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def fetch(port, path, headers=None, proxy_https=True):
    """(status, headers, body) of a GET, as if through the TLS-terminating proxy (which also appends the
    client's address to X-Forwarded-For, as docker-compose.yml's one proxy does)."""
    proxy = {"X-Forwarded-Proto": "https"} if proxy_https else {}
    sent = {"Host": HOST, "X-Forwarded-For": "203.0.113.9", **proxy, **(headers or {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=sent)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def timed_fetch(port, path):
    """(status, seconds taken, body) of a GET; the status is None when it failed or took over 10 s."""
    started = time.monotonic()
    try:
        status, _, body = fetch(port, path)
    except OSError:
        status, body = None, b""
    return status, round(time.monotonic() - started, 2), body


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what} {detail}")


def run(command, env):
    print("$", " ".join(command))
    subprocess.run(command, cwd=PROJECT, env=env, check=True)


def recreate_database(admin_url):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def drop_database(admin_url):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
        )


def wait_for(port, path, status, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError):
            if fetch(port, path)[0] == status:
                return True
        time.sleep(0.25)
    return False


# The wapiti modules that need nothing outside this machine (ssrf, xxe and log4shell call out to
# wapiti's own servers), and the time each may take: at most about two minutes in all.
WAPITI_MODULES = "exec,file,sql,xss,permanentxss,redirect,crlf,csrf"
WAPITI_CRAWL_SECONDS = 40
WAPITI_SECONDS_PER_MODULE = 10


def check_concurrent_reviews(python, port, env, checks):
    """100 review submissions at once from signed-in members: nothing lost, no 5xx, the limit held."""
    command = [python, "scripts/concurrent_reviews.py", "--port", str(port), "--host", HOST]
    print("$", " ".join(command))
    finished = subprocess.run(command, cwd=PROJECT, env=env, check=False)
    checks.check(
        finished.returncode == 0,
        "100 concurrent review submissions: no write lost, no 5xx, the hourly limit held",
    )


def check_attack_scan(wapiti, port, checks):
    """wapiti, signed in as a member of its own, attacks the site; any finding fails the check."""
    if wapiti is None:
        print("  (no --wapiti: the attack scan is skipped; make smoke runs it)")
        return
    from concurrent_reviews import sign_up  # scripts/, beside this file

    member = sign_up(port, HOST, "scanner", "Scanner Member")
    member.request("/")
    cookies = "; ".join(f"{name}={value}" for name, value in member.cookies.items())
    work = Path(tempfile.mkdtemp(prefix="wapiti-"))
    report = work / "report.json"
    site = f"http://127.0.0.1:{port}/"
    command = [
        wapiti, "--url", site, "--scope", "folder", "--module", WAPITI_MODULES,
        # As if through the TLS-terminating proxy, from a browser on the site's own pages.
        "--header", f"Host: {HOST}", "--header", "X-Forwarded-Proto: https",
        "--header", f"Origin: https://{HOST}", "--cookie-value", cookies,
        # Signing out would end the member's session; the CSRF token is not worth attacking.
        "--exclude", f"{site}accounts/logout/", "--skip", "csrfmiddlewaretoken",
        "--max-scan-time", str(WAPITI_CRAWL_SECONDS),
        "--max-attack-time", str(WAPITI_SECONDS_PER_MODULE),
        "--flush-session", "--store-session", str(work), "--store-config", str(work / "config"),
        "--no-bugreport", "--verbose", "0", "--format", "json", "--output", str(report),
    ]  # fmt: skip
    print("$", " ".join(command).replace(cookies, "<the member's cookies>"))
    started = time.monotonic()
    finished = subprocess.run(command, cwd=work, check=False, capture_output=True, text=True)
    seconds = time.monotonic() - started
    checks.check(
        finished.returncode == 0 and report.exists(),
        f"wapiti scanned the site in {seconds:.0f} s",
        finished.stdout[-2000:] + finished.stderr[-2000:],
    )
    if not report.exists():
        return
    found = json.loads(report.read_text())
    print(f"  wapiti crawled {found['infos'].get('crawled_pages_nbr')} pages and forms")
    for kind in ("vulnerabilities", "anomalies"):
        findings = [(category, each) for category, listed in found[kind].items() for each in listed]
        for category, each in findings:
            print(f"    {category}: {each['method']} {each['path']} {each['parameter']!r}: {each['info']}")
        checks.check(not findings, f"wapiti reports no {kind}", f"({len(findings)}, listed above)")
    shutil.rmtree(work, ignore_errors=True)


def check_under_load_and_attack(python, port, env, wapiti, checks):
    print("Under load and attack")
    check_concurrent_reviews(python, port, env, checks)
    check_attack_scan(wapiti, port, checks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--wapiti", help="the wapiti command, to attack the running site with")
    options = parser.parse_args()
    admin_url = options.postgres
    target = urlsplit(admin_url)

    recreate_database(admin_url)
    relay = Relay(target.hostname, target.port or 5432)
    relay.start()
    netloc = target.netloc.rsplit("@", 1)[0] + f"@127.0.0.1:{relay.port}"
    database_url = urlunsplit((target.scheme, netloc, f"/{DATABASE}", "", ""))

    port = free_port()
    secret = secrets.token_urlsafe(50)
    static_root = tempfile.mkdtemp(prefix="filmarchive-static-")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_PROXY_SSL_HEADER": "True",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        # Members are signed up from 127.0.0.1 (and wapiti may sign up more), run after run when the
        # hour's counts are kept in a shared Redis: above what one run needs, still a limit.
        "DJANGO_SIGN_UPS_PER_HOUR": "100",
        "DJANGO_STATIC_ROOT": static_root,
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_WORKER_TMP_DIR": tempfile.gettempdir(),
    }
    python = sys.executable
    checks = Checks()
    log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
    server = None
    try:
        # The Dockerfile's build step, then the compose file's one-off setup step.
        run([python, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env)
        run([python, "manage.py", "migrate", "--no-input", "--verbosity", "0"], env)
        run([python, "manage.py", "prepare_archive"], env)
        run([python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
        checks.check(True, "collectstatic, migrate, prepare_archive and check --deploy succeeded")

        # The image's command.
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    str(Path(python).with_name("gunicorn")),
                    "--config",
                    "gunicorn.conf.py",
                    "filmarchive.wsgi:application",
                ],
                cwd=PROJECT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        checks.check(wait_for(port, "/healthz", 200), "gunicorn starts and /healthz answers 200")

        print("Pages")
        for path in ("/", "/films/the-missing-picture/", "/admin/login/"):
            status, headers, body = fetch(port, path)
            checks.check(status == 200, f"GET {path} is 200", status)
            csp = headers.get("Content-Security-Policy", "")
            checks.check(
                all(
                    d in csp
                    for d in (
                        "default-src 'none'",
                        "frame-ancestors 'none'",
                        "form-action 'self'",
                        "base-uri 'none'",
                        "object-src 'none'",
                    )
                )
                and "unsafe-inline" not in csp
                and "unsafe-eval" not in csp,
                f"{path}: strict Content-Security-Policy",
                csp,
            )
            checks.check(
                headers.get("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload",
                f"{path}: HSTS for a year",
                headers.get("Strict-Transport-Security"),
            )
            checks.check(headers.get("X-Content-Type-Options") == "nosniff", f"{path}: nosniff")
            checks.check(headers.get("X-Frame-Options") == "DENY", f"{path}: X-Frame-Options DENY")
            checks.check(
                headers.get("Referrer-Policy") == "strict-origin-when-cross-origin",
                f"{path}: referrer policy",
            )
            checks.check("camera=()" in headers.get("Permissions-Policy", ""), f"{path}: Permissions-Policy")
            checks.check(headers.get("Cross-Origin-Opener-Policy") == "same-origin", f"{path}: COOP")
        status, headers, body = fetch(port, "/films/the-missing-picture/")
        checks.check(
            b"The Missing Picture" in body and b"4.2" in body, "the film page shows the film and its average"
        )
        status, headers, body = fetch(port, "/admin/login/")
        cookies = headers.get_all("Set-Cookie") or []
        checks.check(
            any(
                c.startswith("__Host-csrftoken=") and "Secure" in c and "Path=/" in c and "Domain" not in c
                for c in cookies
            ),
            "the CSRF cookie is a secure __Host- cookie",
            cookies,
        )
        reset_path = "/accounts/reset/MQ/secret-reset-token-0123/"
        fetch(port, reset_path)
        status, headers, _ = fetch(port, "/films/", proxy_https=False)
        checks.check(
            status == 301 and headers.get("Location", "").startswith(f"https://{HOST}/"),
            "plain HTTP is redirected to HTTPS",
            (status, headers.get("Location")),
        )

        print("Static files")
        _, _, home = fetch(port, "/")
        marker = b'href="/static/filmarchive/site.'
        start = home.index(marker) + len('href="')
        css = home[start : home.index(b'"', start)].decode()
        checks.check(len(css.split(".")) == 3, f"the stylesheet is fingerprinted ({css})")
        for encoding in ("br", "gzip"):
            status, headers, body = fetch(port, css, {"Accept-Encoding": encoding})
            checks.check(
                status == 200 and headers.get("Content-Encoding") == encoding,
                f"{css} served with Content-Encoding {encoding}",
                (status, headers.get("Content-Encoding")),
            )
            cache = headers.get("Cache-Control", "")
            checks.check(
                "max-age=315360000" in cache and "immutable" in cache,
                f"{css} cached for ten years, immutable",
                cache,
            )

        check_under_load_and_attack(python, port, env, options.wapiti, checks)

        print("The database goes away and comes back")
        pid = server.pid
        relay.cut()
        checks.check(
            wait_for(port, "/healthz", 503, seconds=20), "/healthz answers 503 while the database is gone"
        )
        status, _, body = fetch(port, "/healthz")
        checks.check(
            b"Traceback" not in body and b"psycopg" not in body, "the 503 shows no stack trace", body[:200]
        )
        relay.start()
        checks.check(
            wait_for(port, "/healthz", 200, seconds=20), "/healthz answers 200 again once it is back"
        )
        checks.check(fetch(port, "/films/the-missing-picture/")[0] == 200, "pages are served again")

        print("The database stops answering (its connection black-holed) and answers again")
        relay.black_hole()
        page = []
        film = "/films/the-missing-picture/"
        waiting = threading.Thread(target=lambda: page.extend(timed_fetch(port, film)))
        waiting.start()
        time.sleep(0.2)  # the page is waiting on the database
        status, seconds, _ = timed_fetch(port, css)
        checks.check(
            status == 200 and seconds < 0.5,
            f"a static file is served at once while a page waits on the database ({seconds} s)",
            (status, seconds),
        )
        waiting.join()
        status, seconds, body = page
        checks.check(
            status == 503 and seconds < 5 and b"Temporarily unavailable" in body,
            f"a page answers 503, temporarily unavailable, within 5 s ({seconds} s)",
            (status, seconds),
        )
        for attempt in range(3):
            status, seconds, body = timed_fetch(port, "/healthz")
            checks.check(
                status == 503 and seconds < 2,
                f"/healthz answers 503 within 2 s (try {attempt + 1} of 3: {seconds} s)",
                (status, seconds),
            )
        status, seconds, body = timed_fetch(port, "/people/")
        checks.check(
            status == 503 and seconds < 5,
            f"another page answers 503 within 5 s ({seconds} s)",
            (status, seconds),
        )
        relay.forward()
        checks.check(
            wait_for(port, "/healthz", 200, seconds=20),
            "/healthz answers 200 once the database answers again",
        )
        checks.check(
            wait_for(port, film, 200, seconds=20),
            "pages are served again",
        )
        checks.check(server.poll() is None and server.pid == pid, "the same gunicorn ran throughout")
    finally:
        if server is not None:
            server.terminate()
            with suppress(subprocess.TimeoutExpired):
                server.wait(timeout=20)
        relay.cut()
        with suppress(psycopg.Error):
            drop_database(admin_url)

    print("Logs")
    log = log_path.read_text()
    access = [line for line in log.splitlines() if '"GET /films/the-missing-picture/ HTTP/1.1" 200' in line]
    checks.check(bool(access), "one access-log line per request", log[-500:])
    checks.check(secret not in log and "Set-Cookie" not in log, "no secret in the log")
    checks.check(
        "secret-reset-token" not in log and '"GET /accounts/reset/…/…/ HTTP/1.1"' in log,
        "a password-reset link's token is not logged",
    )
    errors = [line for line in log.splitlines() if " ERROR " in line]
    checks.check(
        errors and not any(line.startswith(("Traceback", " ")) for line in log.splitlines()),
        "each error is one line",
        errors[:2],
    )
    log_path.unlink()
    shutil.rmtree(static_root, ignore_errors=True)

    print(f"smoke: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
