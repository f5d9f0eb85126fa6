"""Small helpers the tests share: what a page shows, how many queries it takes, admin forms, races."""

import json
import re
import threading
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import close_old_connections, connection
from django.db.models.fields.files import FieldFile
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests import factories as make


class _TextParser(HTMLParser):
    SKIPPED = {"script", "style", "title", "head"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(response):
    """The page's text as a reader sees it: no markup, white space collapsed."""
    parser = _TextParser()
    parser.feed(response.content.decode())
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def json_ld(response):
    """The page's schema.org description (its one JSON-LD script), as data."""
    found = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S)
    assert found, "the page has no JSON-LD"
    return json.loads(found[1])


class QueryCountMixin:
    """For tests that pin how many queries a page takes, and show that the number does not grow."""

    def queries(self, url):
        """How many queries a GET of the page takes (it must succeed)."""
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(captured)

    def count_all(self, pages):
        """{name: queries} for each page of {name: url}."""
        return {name: self.queries(url) for name, url in pages.items()}


class EditorTestCase(QueryCountMixin, TestCase):
    """Admin tests: signed in as an editor (staff, in the Editors group, not a superuser)."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make.editor()

    def setUp(self):
        self.client.force_login(self.editor)

    @staticmethod
    def cache_content_types():
        """Fill the content-type cache, as any earlier admin page would have: the one cache whose
        state changes an admin page's query count."""
        ContentType.objects.clear_cache()
        ContentType.objects.get_for_models(*apps.get_models())


def form_data(response):
    """The POST data of the admin form a GET rendered, inlines and management forms included."""
    data = {}

    def add(form):
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            key = bound.html_name
            if value is None or value is False or isinstance(value, FieldFile):
                continue  # unset, unticked, or a file: nothing is uploaded
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


class ArchiveEditorTestCase(EditorTestCase):
    """An editor, and the shipped archive loaded: for tests of what the archive's own documents became
    (syncing them, importing against them, saving their records unchanged)."""

    fixtures = ["archive"]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from filmarchive.models import Film, Person, SourceDocument
        from interviews.models import Interview

        cls.film = Film.objects.get(slug="the-missing-picture")
        cls.panh = Person.objects.get(slug="rithy-panh")
        cls.interview = Interview.objects.get()
        cls.document = SourceDocument.objects.get(slug="film-the-missing-picture")


def all_at_once(jobs, timeout=60):
    """Run the jobs at the same moment, each in a thread of its own with its own database connection.

    Returns what each job returned, in order, and the exceptions raised, for the test to assert on.
    Needs a TransactionTestCase: the threads see only what is committed.
    """
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # handed to the test's own thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors


def wait_for_mail_sent_apart(timeout=10):
    """Wait for the emails sent apart from their requests (a password reset's) to be sent."""
    from filmarchive.email_addresses import SENDING_APART

    for thread in threading.enumerate():
        if thread.name == SENDING_APART:
            thread.join(timeout)
