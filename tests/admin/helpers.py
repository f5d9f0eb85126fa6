"""What admin tests share: an editor, more data on demand, and a form's data as the browser posts it."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from filmarchive.models import Credit, Film, Mention, Person, SourceDocument, User
from interviews.models import Figure, Interview, Turn
from reviews.models import Review


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


class EditorTestCase(TestCase):
    fixtures = ["archive"]

    @classmethod
    def setUpTestData(cls):
        call_command("create_editors_group", stdout=StringIO())
        cls.editor = User.objects.create_user("editor", password="a long editor password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.film = Film.objects.get(slug="the-missing-picture")
        cls.panh = Person.objects.get(slug="rithy-panh")
        cls.interview = Interview.objects.get()
        cls.document = SourceDocument.objects.get(slug="film-the-missing-picture")

    def setUp(self):
        self.client.force_login(self.editor)

    def queries(self, url):
        """How many queries a GET of the admin page takes (it must succeed)."""
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(captured)

    @classmethod
    def grow(cls, n=30):
        """Add n of everything that a page might list: people, credits, reviews, turns, figures, ..."""
        start = Person.objects.count()
        people = Person.objects.bulk_create(
            Person(name=f"Person {i}", slug=f"person-{i}", sort_name=f"Person {i}")
            for i in range(start, start + n)
        )
        films = Film.objects.bulk_create(
            Film(title=f"Film {i}", slug=f"film-{i}") for i in range(start, start + n)
        )
        Credit.objects.bulk_create(
            Credit(film=cls.film, person=p, role="cast", order=i) for i, p in enumerate(people)
        )
        Credit.objects.bulk_create(Credit(film=f, person=cls.panh, role="director") for f in films)
        Review.objects.bulk_create(
            Review(film=cls.film, author=p, rating=1 + i % 10, body="Text.", first_published_in="Elsewhere")
            for i, p in enumerate(people)
        )
        last = cls.interview.turns.count()
        Turn.objects.bulk_create(
            Turn(
                interview=cls.interview, position=last + i + 1, kind="answer", speaker=cls.panh, body="More."
            )
            for i in range(n)
        )
        last = cls.interview.figures.count()
        Figure.objects.bulk_create(
            Figure(interview=cls.interview, position=last + i + 1, caption=f"Figure {i}", alt_text="x")
            for i in range(n)
        )
        Mention.objects.bulk_create(
            Mention(source=cls.document, line=1, text=f"Person {i}", person=p) for i, p in enumerate(people)
        )
