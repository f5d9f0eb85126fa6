"""No input makes a 500, and input that is refused changes nothing.

Every route (found by walking the URL resolver, its path parameters filled with real slugs and ids and
with hostile ones), every method, every query parameter the views read, every field of the forms a
visitor or member fills in, and the admin's list filters as an editor, each get the values in
tests/site/hostile_values.py. Each must answer 2xx, 3xx or 4xx. Each request runs in a savepoint
that is rolled back, and with the client's cookies as they were, so that one cannot lock out,
rate-limit or sign out the next; rows may change only when a form was accepted (a redirect after a
POST), never on a refusal or for anything else.
"""

import copy
import inspect
import re
from html import unescape
from urllib.parse import parse_qsl, quote, urlencode

from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.test import RequestFactory, TestCase, override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from reversion.models import Version

from filmarchive.site.sitemaps import SITEMAPS
from reviews.members import save_member_review
from reviews.models import ReviewReport
from tests import factories as make
from tests.site.hostile_values import (
    ADMIN_VALUES,
    FORM_VALUES,
    METHODS,
    PATH_VALUES,
    QUERY_PARAMETERS,
    RAW,
    VALUES,
    long_value,
)

# Rows that refused input still writes, by design: sign-in failures (the lockout counts them) and
# sessions (signing in, out, a CSRF token).
BOOKKEEPING = {"axes", "sessions"}
FORM = "application/x-www-form-urlencoded"


class _RolledBack(Exception):
    pass


def _routes(patterns=None, namespace=""):
    """(name, parameter names, view) of every named route, namespaces included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif pattern.name:
            regex = pattern.pattern.regex
            # Named groups by name; the one positional group (django-reversion's recover view) is a version.
            parameters = list(regex.groupindex) or ["version_id"] * regex.groups
            yield f"{namespace}{pattern.name}", parameters, _view(pattern.callback)


def _view(callback):
    """The function behind a route: the admin's pages for each model are one view each, bound to
    each model's admin (ModelAdmin.change_view, or a subclass's own)."""
    view = inspect.unwrap(callback)
    return getattr(view, "__func__", view)


class HostileInputTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.document = make.source_document("A film page")
        director = make.person("Rithy Panh", source=cls.document, lines=2)
        cls.film = make.film("The Missing Picture", directors=[director], source=cls.document, year=2013)
        make.mention(cls.document, 2, person=director)
        cls.critic_review = make.review(cls.film, make.person("Adam Cook"), source=cls.document, lines=3)
        cls.member = make.member("ada", name="Ada Critic")
        cls.other = make.member("bob", name="Bob Critic")
        cls.member_review, _ = save_member_review(
            cls.member, cls.film, rating=8, body="Clay figures.", contains_spoilers=False
        )
        cls.other_review, _ = save_member_review(
            cls.other, make.film("Stalker", year=1979), rating=6, body="The zone.", contains_spoilers=True
        )
        ReviewReport.objects.create(
            review=cls.other_review,
            reporter=cls.member,
            reason=ReviewReport.Reason.SPOILERS,
            created_at=timezone.now(),
        )
        cls.interview = make.interview("Rithy Panh on clay", subjects=[director], films=[cls.film])
        make.turn(cls.interview)
        cls.editor = make.editor()
        cls.long = long_value()

    def setUp(self):
        self.failures = []
        self.baseline = None
        self.tables = [
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in BOOKKEEPING and model._meta.managed and not model._meta.proxy
        ]

    # Requests ----------------------------------------------------------------------------------

    def row_counts(self):
        quote_name = connection.ops.quote_name
        # The models' own table names, never input.
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote_name(table)})" for table in self.tables)  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {counts}")
            return dict(zip(self.tables, cursor.fetchone(), strict=True))

    def send(self, who, method, url, data=None, content_type=FORM):
        """One request, rolled back afterwards; a 5xx (or an exception) or a refusal that changed rows
        is kept in self.failures."""
        client = self.client_for(who)
        # Signing out (or in) changes the client's cookies; the next request is made as before.
        cookies = copy.deepcopy(client.cookies)
        # Every request is rolled back, so each starts from the rows the test started with.
        if self.baseline is None:
            self.baseline = self.row_counts()
        before = after = self.baseline
        status = None
        try:
            with transaction.atomic():
                try:
                    if data is None:
                        response = client.generic(method, url)
                    else:
                        response = client.generic(method, url, data, content_type=content_type)
                    status = response.status_code
                except Exception as error:  # every error is a failure to report
                    status = f"{type(error).__name__}: {str(error)[:160]}"
                    raise _RolledBack from None  # the database may refuse any further query
                after = self.row_counts()
                raise _RolledBack
        except _RolledBack:
            pass
        client.cookies = cookies
        label = f"{who} {method} {url[:160]!r} {str(data)[:100]!r}"
        if not isinstance(status, int) or status >= 500:
            self.failures.append(f"{label} -> {status}")
        elif after != before and not (method == "POST" and 300 <= status < 400):
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            self.failures.append(f"{label} -> {status}, but changed {changed}")
        return status

    def client_for(self, who):
        if not hasattr(self, "_clients"):
            self._clients = {}
        if who not in self._clients:
            client = self.client_class()
            if who == "member":
                client.force_login(self.member)
            elif who == "editor":
                client.force_login(self.editor)
            self._clients[who] = client
        return self._clients[who]

    def assert_no_failures(self):
        if self.failures:
            self.fail(f"{len(self.failures)} requests failed:\n" + "\n".join(self.failures[:60]))

    # What to send ------------------------------------------------------------------------------

    def real_values(self, name, parameter):
        """Values of a path parameter that name real records (or real things) for that route."""
        if parameter == "slug":
            return [self.film.slug, self.director_slug(), self.document.slug, self.interview.slug]
        if parameter == "pk":
            return [self.member_review.pk, self.other_review.pk]
        if parameter == "section":
            return list(SITEMAPS)
        if parameter == "path":
            return ["posters/none.png"]
        if parameter == "uidb64":
            return [urlsafe_base64_encode(force_bytes(self.member.pk))]
        if parameter == "token":
            return [default_token_generator.make_token(self.member), "set-password"]
        if parameter == "app_label":
            return ["reviews"]
        if parameter in {"object_id", "version_id", "content_type_id"}:
            model = self.admin_model(name)
            obj = model._default_manager.first() if model else self.film
            if parameter == "object_id":
                return [obj.pk if obj else 1]
            if parameter == "version_id":
                version = Version.objects.get_for_object(obj).first() if obj else None
                return [version.pk if version else 1]
            return [1]
        return ["x"]

    def director_slug(self):
        return self.film.credits.get().person.slug

    @staticmethod
    def admin_model(name):
        for model in admin.site._registry:
            if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
                return model
        return None

    def urls(self, name, parameters):
        """The route's URL with each real value, as (url, {parameter: real value})."""
        if not parameters:
            return [(reverse(name), {})]
        found = []
        combinations = [{}]
        for parameter in parameters:
            combinations = [
                {**combination, parameter: value}
                for combination in combinations
                for value in self.real_values(name, parameter)
            ]
        for kwargs in combinations:
            try:
                if list(kwargs) == parameters:
                    found.append((reverse(name, kwargs=kwargs), kwargs))
                else:  # positional
                    found.append((reverse(name, args=list(kwargs.values())), kwargs))
            except NoReverseMatch:
                continue  # a value this route's converter refuses
        if "slug" in parameters and len(found) > 1:
            # Each kind of record has its own pages: the slug of the kind the route shows.
            found = [(url, kwargs) for url, kwargs in found if self.answers(name, url)] or found[:1]
        return found

    def answers(self, name, url):
        """Whether a GET of the URL finds what it names (rolled back like every request here)."""
        try:
            with transaction.atomic():
                status = self.client_for(self.who_for(name)).get(url).status_code
                raise _RolledBack
        except _RolledBack:
            return status < 400

    def hostile(self):
        """Every hostile value, quoted for a URL, then the raw broken encodings."""
        return [quote(value, safe="") for value in [*VALUES, self.long]] + RAW

    def who_for(self, name):
        return "editor" if name.startswith("admin:") else "member"

    # The tests ---------------------------------------------------------------------------------

    def test_every_route_answers_every_method_without_a_server_error(self):
        anonymous_admin_views = set()
        for name, parameters, view in _routes():
            # Signed out, every admin page is the same redirect to its sign-in: once per view.
            signed_out = not name.startswith("admin:") or view not in anonymous_admin_views
            anonymous_admin_views.add(view)
            for url, _ in self.urls(name, parameters):
                for method in METHODS:
                    if signed_out:
                        self.send("anonymous", method, url)
                    # The admin's views answer every method but POST as they answer GET.
                    if not name.startswith("admin:") or method in {"GET", "POST"}:
                        self.send(self.who_for(name), method, url)
        self.assert_no_failures()

    def test_hostile_path_parameters(self):
        views = set()
        for name, parameters, view in _routes():
            if not parameters or view in views:
                continue  # each view once: the admin's are the same for every model
            views.add(view)
            for url, kwargs in self.urls(name, parameters)[:1]:
                for real in kwargs.values():
                    prefix, _, rest = url.rpartition(str(real))
                    for value in [quote(v, safe="") for v in [*PATH_VALUES, self.long]] + RAW:
                        self.send(self.who_for(name), "GET", f"{prefix}{value}{rest}")
        self.assert_no_failures()

    def test_hostile_query_parameters(self):
        for parameter, names in QUERY_PARAMETERS.items():
            for name in names:
                parameters = {route: parameters for route, parameters, _ in _routes()}[name]
                url = self.urls(name, parameters)[0][0]
                for value in self.hostile():
                    self.send("anonymous", "GET", f"{url}?{parameter}={value}")
        self.assert_no_failures()

    def test_hostile_admin_list_filters_as_an_editor(self):
        """Each list's own filters and date hierarchy get every value; the parameters Django's field
        filters and the list itself read (its links', and q, o, p, ...) get one that is no number."""
        client = self.client_for("editor")
        request = RequestFactory().get("/")
        for model, model_admin in admin.site._registry.items():
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            response = client.get(url)
            if response.status_code != 200:
                continue  # not the editors' (users, groups): refused, as the methods test shows
            ours = [
                list_filter.parameter_name
                for list_filter in model_admin.get_list_filter(request)
                if isinstance(list_filter, type) and issubclass(list_filter, admin.SimpleListFilter)
            ]
            if model_admin.date_hierarchy:
                ours += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
            for key in ours:
                for value in [*ADMIN_VALUES, self.long]:
                    self.send("editor", "GET", f"{url}?{urlencode({key: value})}")
                self.send("editor", "GET", f"{url}?{key}=%ff%fe")
            links = re.findall(r'href="\?([^"]*)"', response.content.decode())
            theirs = {key for link in links for key, _ in parse_qsl(unescape(link))}
            theirs |= {"q", "o", "p", "all", "e", "_to_field", "_popup", "_facets"}
            for key in sorted(theirs - set(ours)):
                self.send("editor", "GET", f"{url}?{urlencode({key: '²'})}")
        self.assert_no_failures()

    def forms(self):
        """(who, url, the form's valid data) for every form a visitor or member fills in."""
        password = make.PASSWORD
        return [
            ("anonymous", reverse("login"), {"username": "ada", "password": password}),
            ("anonymous", reverse("sign-up"),
             {"username": "newcomer", "display_name": "New Comer", "email": "new@example.org",
              "password1": "a film archive password", "password2": "a film archive password"}),
            ("anonymous", reverse("password_reset"), {"email": "ada@example.org"}),
            ("member", reverse("reviews:review-form", args=[self.film.slug]),
             {"rating": "8", "body": "Clay, again.", "contains_spoilers": ""}),
            ("member", reverse("reviews:review-report", args=[self.critic_review.pk]),
             {"reason": ReviewReport.Reason.SPOILERS, "details": "It tells the ending."}),
            ("member", reverse("account-name"), {"display_name": "Ada Renamed"}),
            ("member", reverse("account-email"), {"email": "ada.new@example.org", "password": password}),
            ("member", reverse("account-close"), {"reviews": "keep", "password": password}),
        ]  # fmt: skip

    def test_hostile_form_fields(self):
        for who, url, valid in self.forms():
            for field in valid:
                for value in [*FORM_VALUES, self.long]:
                    self.send(who, "POST", url, urlencode({**valid, field: value}))
                # The body is parsed as a query string is: the query parameters get every encoding.
                for raw in RAW[:4]:
                    others = urlencode({key: v for key, v in valid.items() if key != field})
                    self.send(who, "POST", url, f"{others}&{field}={raw}")
        self.assert_no_failures()

    def test_a_sign_in_name_longer_than_any_account_has_is_a_form_error(self):
        for username in ["a" * 151, "a" * 256, self.long]:
            with self.subTest(length=len(username)):
                response = self.client.post(reverse("login"), {"username": username, "password": "x"})
                self.assertContains(response, "Ensure this value has at most 150 characters")
                self.assertNotContains(response, "did not match")


class NulCharacterTests(TestCase):
    """PostgreSQL refuses NUL in text: an address holding one is refused, a query has it taken out."""

    def test_in_the_path_it_is_a_400_that_says_so(self):
        response = self.client.get("/films/missing%00picture/")
        self.assertContains(response, "NUL character", status_code=400)

    def test_in_the_query_it_is_taken_out(self):
        film = make.film("The Missing Picture")
        make.credit(film, director := make.person("Rithy Panh"))
        response = self.client.get(f"/films/?person={director.slug}%00")
        self.assertContains(response, "The Missing Picture")


@override_settings(TRUSTED_PROXY_COUNT=1)
class HostileForwardedAddressTests(TestCase):
    """Behind a declared proxy, X-Forwarded-For is read as an address: what a client writes there
    when it reaches the site directly is not one, and must not make a sign-in a 500."""

    def test_a_forwarded_address_that_is_none_is_not_believed(self):
        make.member("ada")
        for forwarded in ["not-an-address", "192.0.2.1, 999.1.1.1", "\x00", long_value()]:
            with self.subTest(forwarded=forwarded[:20]):
                response = self.client.post(
                    reverse("login"),
                    {"username": "ada", "password": "a wrong guess"},
                    HTTP_X_FORWARDED_FOR=forwarded,
                    REMOTE_ADDR="198.51.100.7",
                )
                self.assertContains(response, "did not match")
        # The failures count against the connection's address.
        self.assertEqual(AccessAttempt.objects.get().ip_address, "198.51.100.7")
