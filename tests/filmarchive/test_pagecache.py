"""Anonymous pages come from the cache until any write changes what they show; members never share one."""

import shutil
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date
from reversion.models import Version

from filmarchive.models import ArchiveVersion, Credit, Film, Person, User
from filmarchive.pagecache import archive_changed
from interviews.models import Interview
from reviews.members import save_member_review
from reviews.models import Review

FILM = "/films/the-missing-picture/"


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheTests(TestCase):
    fixtures = ["archive"]

    def setUp(self):
        caches[settings.PAGE_CACHE_ALIAS].clear()

    def get(self, url=FILM, **meta):
        return self.client.get(url, **meta)

    def assertFresh(self, url, text):
        response = self.get(url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, text)

    def test_a_second_visit_is_served_from_the_cache(self):
        first = self.get()
        self.assertEqual(first["X-Page-Cache"], "miss")
        with self.assertNumQueries(1):  # the archive's version, nothing else
            second = self.get()
        self.assertEqual(second["X-Page-Cache"], "hit")
        self.assertEqual(second.content, first.content)

    def changed_seconds_ago(self, seconds):
        """As if the archive last changed that long ago."""
        ArchiveVersion.objects.update(changed_at=timezone.now() - timedelta(seconds=seconds))

    def test_revalidation_answers_304(self):
        self.changed_seconds_ago(60)
        first = self.get()
        self.assertTrue(first["ETag"])
        self.assertTrue(first["Last-Modified"])
        self.assertIn("no-cache", first["Cache-Control"])
        self.assertEqual(self.get(HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 304)
        self.assertEqual(self.get(HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code, 304)

    def test_a_change_in_the_same_second_is_never_answered_304_by_date(self):
        self.changed_seconds_ago(60)
        before = self.get()
        since = before["Last-Modified"]
        self.assertEqual(self.get(HTTP_IF_MODIFIED_SINCE=since).status_code, 304)
        # A change: while its second lasts, the page has no date to revalidate by, only its ETag.
        Film.objects.filter(slug="the-missing-picture").update(title="The Missing Picture, restored")
        archive_changed()
        moment = ArchiveVersion.objects.get().changed_at.timestamp()
        with mock.patch("filmarchive.pagecache.time.time", return_value=moment + 0.001):
            changed = self.get(HTTP_IF_MODIFIED_SINCE=since)
            self.assertEqual(changed.status_code, 200)
            self.assertContains(changed, "The Missing Picture, restored")
            self.assertFalse(changed.has_header("Last-Modified"))
            self.assertEqual(self.get(HTTP_IF_NONE_MATCH=changed["ETag"]).status_code, 304)
        # Its second over, the page is dated after it: later than what the client had.
        self.changed_seconds_ago(2)
        later = self.get(HTTP_IF_MODIFIED_SINCE=since)
        self.assertEqual(later.status_code, 200)
        self.assertGreater(parse_http_date(later["Last-Modified"]), parse_http_date(since))

    def test_a_members_new_username_is_on_the_next_page_and_a_sign_in_empties_nothing(self):
        person = Person.objects.create(name="Ada", slug="ada", sort_name="Ada")
        ada = User.objects.create_user("ada", password="a long enough password", person=person)
        film = Film.objects.get(slug="the-missing-picture")
        review, _ = save_member_review(ada, film, rating=8, body="Clay.", contains_spoilers=False)
        self.assertContains(self.get(review.get_absolute_url()), "@ada")
        signing_in = self.client_class()
        signing_in.post("/accounts/login/", {"username": "ada", "password": "a long enough password"})
        self.assertIn(settings.SESSION_COOKIE_NAME, signing_in.cookies)
        self.assertEqual(self.get(review.get_absolute_url())["X-Page-Cache"], "hit")
        ada.username = "ada-lovelace"
        ada.save()
        self.assertFresh(review.get_absolute_url(), "@ada-lovelace")

    def test_a_members_review_is_on_the_next_page(self):
        self.get()
        person = Person.objects.create(name="Ada", slug="ada", sort_name="Ada")
        ada = User.objects.create_user("ada", password="a long enough password", person=person)
        save_member_review(
            ada,
            Film.objects.get(slug="the-missing-picture"),
            rating=2,
            body="Fresh words.",
            contains_spoilers=False,
        )
        self.assertFresh(FILM, "Fresh words.")
        self.assertContains(self.get(), "from 6 ratings")

    def test_moderation_in_bulk_and_one_by_one(self):
        self.get()
        Review.objects.filter(author__slug="adam-cook").update(status=Review.Status.HIDDEN)
        response = self.get()
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertNotContains(response, "Adam Cook")
        review = Review.objects.get(author__slug="adam-cook")
        review.status = Review.Status.PUBLISHED
        review.save(update_fields=["status"])
        self.assertFresh(FILM, "Adam Cook")

    def test_an_editors_change_to_any_record(self):
        self.get()
        film = Film.objects.get(slug="the-missing-picture")
        film.synopsis = "A synopsis written just now."
        film.save()
        self.assertFresh(FILM, "A synopsis written just now.")
        Credit.objects.filter(film=film, role="cast").delete()
        self.assertNotContains(self.get(), "Starring")
        interview = Interview.objects.get()
        self.get("/interviews/")
        interview.interviewers.add(Person.objects.get(slug="adam-cook"))
        self.assertFresh("/interviews/", "Adam Cook")

    def test_loading_the_fixture_again(self):
        Film.objects.filter(slug="the-missing-picture").update(title="Renamed")  # around the signals
        self.get()
        call_command("loaddata", "archive", verbosity=0)
        self.assertFresh(FILM, "<h1>The Missing Picture</h1>")

    def sources(self):
        """A copy of the archive's documents, to change."""
        sources = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, sources)
        shutil.copytree(settings.ARCHIVE_SOURCES_DIR, sources, dirs_exist_ok=True)
        return sources

    def test_a_sync_of_a_changed_document(self):
        sources = self.sources()
        page = sources / "film-the-missing-picture.txt"
        review = "  • ★★★ review by Ada Newcomer on Letterboxd\n\n\n    Seen again after the sync.\n\n"
        end = "  • See all reviews"
        page.write_text(page.read_text(encoding="utf-8").replace(end, review + end, 1), encoding="utf-8")
        self.get()
        self.assertEqual(self.get()["X-Page-Cache"], "hit")
        call_command("sync_archive", sources=sources, stdout=StringIO())
        self.assertFresh(FILM, "Seen again after the sync.")
        self.assertContains(self.get(), "Ada Newcomer")

    def test_a_sync_of_a_new_document(self):
        # Everything it makes is new: sync_archive writes new rows around Django's signals (COPY on
        # PostgreSQL), so only its own call to archive_changed() tells the cache.
        sources = self.sources()
        (sources / "film-year-zero.txt").write_text(
            "Year Zero\n\nDirected by Rithy Panh\n\nA film written into a new document.\n", encoding="utf-8"
        )
        with (sources / "catalogue.toml").open("a", encoding="utf-8") as catalogue:
            catalogue.write('\n[documents."film-year-zero.txt"]\norigin = "Written for a test"\n')
        self.get("/films/")
        self.assertEqual(self.get("/films/")["X-Page-Cache"], "hit")
        call_command("sync_archive", sources=sources, stdout=StringIO())
        self.assertFresh("/films/", "Year Zero")

    def test_restoring_a_version_from_the_history(self):
        call_command("createinitialrevisions", verbosity=0)
        review = Review.objects.get(author__slug="adam-cook")
        review.body = "Rewritten."
        review.save()
        self.assertFresh(review.get_absolute_url(), "Rewritten.")
        Version.objects.get_for_object(review).order_by("pk").first().revert()
        self.assertFresh(review.get_absolute_url(), "Difficult, poignant and deeply moving")


@override_settings(PAGE_CACHE_SECONDS=600)
class PrivatePagesTests(TestCase):
    fixtures = ["archive"]

    def setUp(self):
        caches[settings.PAGE_CACHE_ALIAS].clear()
        film = Film.objects.get(slug="the-missing-picture")
        self.members = []
        for name in ("ada", "bob"):
            person = Person.objects.create(name=name.title(), slug=name, sort_name=name)
            user = User.objects.create_user(name, password="a long enough password", person=person)
            save_member_review(user, film, rating=6, body=f"{name} wrote this.", contains_spoilers=False)
            self.members.append(user)

    def test_members_never_get_a_cached_page_nor_leave_one(self):
        ada, bob = self.members
        anonymous = self.client.get(FILM)
        self.assertEqual(anonymous["X-Page-Cache"], "miss")
        self.client.force_login(ada)
        mine = self.client.get(FILM)
        self.assertNotIn("X-Page-Cache", mine)
        self.assertContains(mine, "Edit your review")
        self.assertContains(mine, 'href="/accounts/logout/"', count=0)
        self.client.force_login(bob)
        self.assertNotIn("X-Page-Cache", self.client.get(FILM))
        self.client.logout()
        after = self.client.get(FILM)
        self.assertEqual(after["X-Page-Cache"], "hit")
        self.assertNotContains(after, "Edit your review")
        self.assertNotContains(after, "Sign out")

    def test_pages_with_a_form_token_or_a_cookie_are_not_stored(self):
        self.assertNotIn("X-Page-Cache", self.client.get("/accounts/login/"))  # it has a CSRF token
        self.assertNotEqual(self.client.get("/accounts/login/").get("X-Page-Cache"), "hit")
        self.client.cookies["messages"] = "something"
        self.assertNotIn("X-Page-Cache", self.client.get(FILM))

    def test_errors_are_not_stored(self):
        self.assertEqual(self.client.get("/films/no-such-film/").status_code, 404)
        self.assertNotIn("X-Page-Cache", self.client.get("/films/no-such-film/"))

    def test_the_health_check_says_503_when_the_database_does_not_answer(self):
        def refuse(execute, sql, params, many, context):
            raise OperationalError("server closed the connection unexpectedly")

        with connection.execute_wrapper(refuse):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(self.client.get("/healthz").status_code, 200)


@override_settings(PAGE_CACHE_SECONDS=0, PARTS_CACHE_SECONDS=3600)
class RememberedPartsTests(TestCase):
    """A page's "Mentioned in" is kept between visits, for members too and with whole pages not cached,
    until the archive changes."""

    fixtures = ["archive"]
    PAGE = "/people/pol-pot/"

    def setUp(self):
        caches[settings.PAGE_CACHE_ALIAS].clear()
        person = Person.objects.create(name="Ada", slug="ada", sort_name="Ada")
        self.client.force_login(User.objects.create_user("ada", password="a long enough pw", person=person))

    def test_a_members_second_visit_skips_the_passages_queries(self):
        with CaptureQueriesContext(connection) as first:
            self.assertContains(self.client.get(self.PAGE), "Mentioned in")
        with CaptureQueriesContext(connection) as second:
            again = self.client.get(self.PAGE)
        self.assertContains(again, "Mentioned in")
        self.assertLess(len(second), len(first))

    def test_switched_off_it_is_worked_out_on_every_visit(self):
        with self.settings(PARTS_CACHE_SECONDS=0):
            with CaptureQueriesContext(connection) as first:
                self.client.get(self.PAGE)
            with CaptureQueriesContext(connection) as second:
                self.assertContains(self.client.get(self.PAGE), "Mentioned in")
        self.assertEqual(len(second), len(first))

    def test_a_change_to_the_passage_shows_at_once(self):
        self.client.get(self.PAGE)
        review = Review.objects.get(author__slug="adam-cook")
        review.body = review.body.replace("surreal yet haunting", "surreal yet haunting still")
        review.save()
        self.assertContains(self.client.get(self.PAGE), "surreal yet haunting still")

    def test_the_count_of_every_film_is_kept_until_the_archive_changes(self):
        count = self.client.get("/films/").context["paginator"].count
        with CaptureQueriesContext(connection) as again:
            self.assertEqual(self.client.get("/films/").context["paginator"].count, count)
        self.assertFalse([query for query in again if "COUNT(" in query["sql"]])
        Film.objects.create(title="Year Zero", slug="year-zero")
        self.assertEqual(self.client.get("/films/").context["paginator"].count, count + 1)
        self.assertEqual(self.client.get("/films/?year=1979").context["paginator"].count, 0)

    def test_the_count_of_everyone_is_kept_until_the_archive_changes(self):
        count = self.client.get("/people/").context["paginator"].count
        with CaptureQueriesContext(connection) as again:
            self.client.get("/people/")
        self.assertFalse([query for query in again if "COUNT(" in query["sql"]])
        Person.objects.create(name="Sheerly Avni", slug="sheerly-avni-2", sort_name="Avni, Sheerly")
        self.assertEqual(self.client.get("/people/").context["paginator"].count, count + 1)

    def test_the_years_films_are_from_are_kept_until_the_archive_changes(self):
        self.client.get("/films/")
        with CaptureQueriesContext(connection) as again:
            years = self.client.get("/films/").context["years"]
        self.assertFalse([query for query in again if "RECURSIVE" in query["sql"]])
        Film.objects.create(title="Year Zero", slug="year-zero", year=1895)
        self.assertEqual(self.client.get("/films/").context["years"], [*years, ("1895", 1895)])

    def test_a_films_interviews_and_more_films_are_kept_until_the_archive_changes(self):
        page = "/films/the-missing-picture/"
        first = self.client.get(page)
        with CaptureQueriesContext(connection) as again:
            second = self.client.get(page)
        self.assertEqual(
            [i.slug for i in second.context["interviews"]], [i.slug for i in first.context["interviews"]]
        )
        self.assertTrue(second.context["interviews"])
        tables = " ".join(query["sql"] for query in again)
        self.assertNotIn("interviews_interview", tables)
        self.assertEqual(
            [f.slug for f in second.context["more_films"]], [f.slug for f in first.context["more_films"]]
        )
        Film.objects.create(title="A Year Zero", slug="a-year-zero")
        self.assertContains(self.client.get(page), "A Year Zero")
        Interview.objects.get().films.clear()
        self.assertFalse(self.client.get(page).context["interviews"])

    def test_the_interviews_on_a_persons_page_are_kept_until_the_archive_changes(self):
        page = "/people/rithy-panh/"
        self.assertTrue(self.client.get(page).context["interviews_given"])
        with CaptureQueriesContext(connection) as again:
            self.assertContains(self.client.get(page), "Interviews")
        self.assertNotIn("interviews_interview", " ".join(query["sql"] for query in again))
        Interview.objects.get().subjects.clear()
        self.assertFalse(self.client.get(page).context["interviews_given"])
        interviewer = self.client.get("/people/sheerly-avni/")
        self.assertTrue(interviewer.context["interviews_conducted"])
        Interview.objects.get().interviewers.clear()
        self.assertFalse(self.client.get("/people/sheerly-avni/").context["interviews_conducted"])

    def test_a_page_reads_the_archives_version_once_for_all_its_parts(self):
        self.client.get("/films/")
        with CaptureQueriesContext(connection) as again:
            self.client.get("/films/")
        # The years and the count both remembered, under the version read once; then the films.
        versions = [query for query in again if "archiveversion" in query["sql"]]
        self.assertEqual(len(versions), 1)
        films = [query for query in again if 'FROM "filmarchive_film"' in query["sql"]]
        self.assertEqual(len(films), 1)
        self.assertNotIn("COUNT(", films[0]["sql"])


class RequestVersionTests(TestCase):
    def test_outside_a_request_the_version_is_read_every_time(self):
        from filmarchive.pagecache import archive_changed, request_version

        before, _ = request_version()
        archive_changed()
        self.assertEqual(request_version()[0], before + 1)

    def test_a_write_in_the_request_forgets_the_version_it_read(self):
        from filmarchive.pagecache import _seen, archive_changed, request_version

        token = _seen.set({})
        try:
            before, _ = request_version()
            with self.assertNumQueries(0):
                self.assertEqual(request_version()[0], before)
            archive_changed()
            self.assertEqual(request_version()[0], before + 1)
        finally:
            _seen.reset(token)


def unreachable_redis():
    """A Redis cache at a port nothing listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/9",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    return {"default": backend, "pages": backend}


@override_settings(CACHES=unreachable_redis(), PAGE_CACHE_SECONDS=600, PARTS_CACHE_SECONDS=3600)
class CacheServerDownTests(TestCase):
    """Without its cache server, the site is slower, not down: every page is rendered afresh."""

    fixtures = ["archive"]

    def test_pages_are_served_uncached(self):
        with self.assertLogs("filmarchive.pagecache", "WARNING") as logged:
            for url in (FILM, "/", "/people/rithy-panh/", "/accounts/login/", "/robots.txt"):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
        self.assertIn("could not be read", logged.output[0])
        member = User.objects.create_user("ada", password="a long enough password")
        self.client.force_login(member)
        self.assertContains(self.client.get("/people/pol-pot/"), "Mentioned in")
