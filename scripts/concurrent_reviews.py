"""Many members' review submissions at once against a running site: no write lost, no 5xx, the limit held.

    DATABASE_URL=... DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=archive.test \\
        python scripts/concurrent_reviews.py --port 8000 --host archive.test [--members 4] [--submissions 100]

Run it with the site's own environment: after the requests it reads the site's database through Django
to check what was written. scripts/smoke_production.py runs it against gunicorn with production settings
on PostgreSQL, as CI does.

It signs up --members new members over HTTP, as a visitor would, then fires --submissions review
submissions shared out evenly between them, from --threads threads at once: each fetches the review form
of one of the archive's films (for its CSRF token) and posts a review whose text is its own. Each member
submits more often than the hourly limit (the site's REVIEW_SAVES_PER_HOUR) allows. Then it checks:

- every answer is a redirect (saved) or a 429 (the limit, with its page), never a 5xx or anything else;
- each member saved exactly as many times as the limit allows, however many submissions arrived at once;
- every save answered with a redirect is in the review's history with its text, and every save in the
  history was answered with a redirect: none lost, none made up;
- each member's review of a film holds the text of the last save in its history, and there is one such
  review for each film they saved, and none for the others.

Requests go to 127.0.0.1 as if through the site's TLS-terminating proxy (X-Forwarded-Proto: https), so
cookies are kept by hand: the site's are Secure. Exits non-zero on any failure.
"""

import argparse
import os
import re
import secrets
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies, sent with every request as the site's proxy would pass them on."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self, port, host):
        self.port = port
        self.host = host
        self.cookies = {}
        self.lock = threading.Lock()

    def request(self, path, data=None):
        """(status, body) of a GET, or of a POST of the form data (with the form's CSRF token)."""
        with self.lock:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "Cookie": cookie}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            # What a browser sends with a form: the CSRF check compares it with the site's origin.
            headers |= {"Origin": f"https://{self.host}", "Referer": f"https://{self.host}{path}"}
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", body, headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, headers_in, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers_in, content = error.code, error.headers, error.read()
        with self.lock:
            for set_cookie in headers_in.get_all("Set-Cookie") or []:
                name, _, value = set_cookie.split(";", 1)[0].partition("=")
                if value and "max-age=0" not in set_cookie.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
        return status, content

    def post_form(self, path, data):
        """GET the form's page, then POST the data with its CSRF token."""
        status, page = self.request(path)
        token = CSRF_FIELD.search(page)
        if status != 200 or token is None:
            return status, page
        return self.request(path, {"csrfmiddlewaretoken": token[1].decode(), **data})


def sign_up(port, host, username, name):
    visitor = Visitor(port, host)
    password = secrets.token_urlsafe(18)
    status, page = visitor.post_form(
        "/accounts/sign-up/",
        {
            "username": username,
            "display_name": name,
            "email": f"{username}@example.org",
            "password1": password,
            "password2": password,
        },
    )
    if status != 302:
        raise SystemExit(f"signing up {username} answered {status}: {page[:500]!r}")
    return visitor


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="where the site listens on 127.0.0.1")
    parser.add_argument("--host", default="archive.test", help="the site's host name (Host header)")
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--submissions", type=int, default=100, help="in all, shared out between members")
    parser.add_argument("--threads", type=int, default=10)
    options = parser.parse_args()

    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmarchive.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from reversion.models import Version

    from filmarchive.models import Film, User
    from reviews.members import SAVE_COMMENT
    from reviews.models import Review

    limit = settings.REVIEW_SAVES_PER_HOUR
    films = list(Film.objects.order_by("slug").values_list("slug", flat=True))
    connection.close()  # not left idle while the requests run: a new one reads what they wrote
    run = secrets.token_hex(3)
    usernames = [f"crowd{run}{n}" for n in range(options.members)]
    print(f"Signing up {options.members} members")
    visitors = [
        sign_up(options.port, options.host, u, f"Crowd {run} Member {n}") for n, u in enumerate(usernames)
    ]

    # Round robin: every member's submissions are spread through the whole run.
    jobs = [(n % options.members, n) for n in range(options.submissions)]

    def submit(job):
        member, n = job
        film = films[n % len(films)]
        text = f"Submission {n} of run {run}."
        status, page = visitors[member].post_form(
            f"/films/{film}/review/", {"rating": str(1 + n % 10), "body": text}
        )
        return member, film, text, status, page

    print(f"Posting {options.submissions} reviews from {options.threads} threads at once")
    with ThreadPoolExecutor(options.threads) as pool:
        answers = list(pool.map(submit, jobs))

    failures = []
    statuses = Counter(status for *_, status, _ in answers)
    print(f"Answers: {dict(sorted(statuses.items()))}")
    for member, film, _, status, page in answers:
        if status not in (302, 429):
            failures.append(f"{usernames[member]} on {film} answered {status}: {page[:300]!r}")
        elif status == 429 and b"saving is paused" not in page:
            failures.append(f"{usernames[member]}'s 429 does not say why")

    saved = defaultdict(list)  # member's index: (film, text) of each save answered with a redirect
    for member, film, text, status, _ in answers:
        if status == 302:
            saved[member].append((film, text))
    for member, username in enumerate(usernames):
        user = User.objects.get(username=username)
        submitted = sum(1 for m, _ in jobs if m == member)
        expected = min(submitted, limit)
        if len(saved[member]) != expected:
            failures.append(
                f"{username}: {len(saved[member])} saves of {submitted} went through, not {expected}"
            )
        history = [
            (version.object_id, version.field_dict)
            for version in Version.objects.get_for_model(Review)
            .filter(revision__user=user, revision__comment=SAVE_COMMENT)
            .order_by("revision_id")
        ]
        in_history = Counter(fields["body"] for _, fields in history)
        answered = Counter(text for _, text in saved[member])
        if in_history != answered:
            failures.append(
                f"{username}: saves answered but not in the history {sorted(answered - in_history)}, "
                f"in the history but not answered {sorted(in_history - answered)}"
            )
        last_saved = {object_id: fields["body"] for object_id, fields in history}
        rows = Review.objects.filter(member=user).select_related("film")
        for review in rows:
            if review.body != last_saved.get(str(review.pk)):
                failures.append(f"{username}'s review of {review.film.slug} is not their last save")
        if {review.film.slug for review in rows} != {film for film, _ in saved[member]}:
            failures.append(f"{username}: reviews of {sorted(r.film.slug for r in rows)} after saving others")

    for failure in failures:
        print(f"  FAIL  {failure}")
    print(
        f"concurrent reviews: {statuses[302]} saved, {statuses[429]} held back by the limit of {limit} "
        f"an hour, {len(failures)} failures"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
