"""Editors add documents from the admin: a plan first, then one transaction; a broken one changes nothing."""

import base64
import hashlib

from filmarchive.models import Mention, Person, SourceDocument
from interviews.models import Interview
from tests.helpers import ArchiveEditorTestCase as EditorTestCase

INTERVIEW = """\
Rithy Panh on memory and clay

Interview by Lena Park

Ten years after "The Missing Picture", its maker talks about clay.

Lena Park: What did "The Missing Picture" teach you?

Rithy Panh: That clay remembers. Pol Pot's people wanted no memories at all.

And the sculptor?

He carved while I talked. The figures came from both of us.
"""

BROKEN = """\
Nobody speaks here.

Just paragraphs, no speaker labels at all.
"""


class DocumentImportTests(EditorTestCase):
    def post(self, **data):
        return self.client.post("/admin/filmarchive/sourcedocument/add/", data)

    def test_an_editor_adds_an_interview_after_seeing_the_plan(self):
        before = SourceDocument.objects.count()
        plan = self.post(
            text=INTERVIEW, kind="interview", name="rithy-panh-memory", origin="A magazine, 2014"
        )
        self.assertEqual(plan.status_code, 200)
        self.assertContains(plan, "What importing interview-rithy-panh-memory.txt will do")
        self.assertContains(plan, "interview rithy-panh-on-memory-and-clay")
        self.assertContains(plan, "person lena-park")
        self.assertNotContains(plan, "person rithy-panh")  # linked to, not made again
        self.assertEqual(SourceDocument.objects.count(), before, "the plan changed the database")

        data = plan.context["outcome"].encoded
        self.assertEqual(base64.b64decode(data), INTERVIEW.encode())
        done = self.post(
            data=data, origin="A magazine, 2014", kind="interview", name="rithy-panh-memory", confirm="1"
        )
        document = SourceDocument.objects.get(filename="interview-rithy-panh-memory.txt")
        self.assertRedirects(done, f"/admin/filmarchive/sourcedocument/{document.pk}/change/")
        self.assertEqual(document.text, INTERVIEW)
        self.assertEqual(document.checksum, hashlib.sha256(INTERVIEW.encode()).hexdigest())
        self.assertEqual((document.added_by, document.origin), (self.editor, "A magazine, 2014"))

        interview = Interview.objects.get(slug="rithy-panh-on-memory-and-clay")
        self.assertEqual([p.slug for p in interview.subjects.all()], ["rithy-panh"])
        self.assertEqual([p.slug for p in interview.interviewers.all()], ["lena-park"])
        self.assertEqual([f.slug for f in interview.films.all()], ["the-missing-picture"])
        self.assertEqual(interview.turns.count(), 4)
        self.assertTrue(Mention.objects.filter(source=document, person__slug="pol-pot").exists())
        visitor = self.client_class()
        self.assertContains(visitor.get(interview.get_absolute_url()), "That clay remembers.")
        self.assertContains(visitor.get("/people/lena-park/"), "Rithy Panh on memory and clay")
        self.assertContains(visitor.get("/people/rithy-panh/"), "Rithy Panh on memory and clay")
        self.assertContains(visitor.get(document.get_absolute_url()), "Interview by Lena Park")

    def test_a_broken_document_shows_every_problem_at_its_line_and_changes_nothing(self):
        before = (SourceDocument.objects.count(), Person.objects.count())
        response = self.post(text=BROKEN, kind="interview", name="nobody", confirm="1")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nothing was changed")
        self.assertContains(response, 'href="#line-1">Line 1</a>')
        self.assertContains(response, 'id="line-3" value="3"')
        self.assertNotContains(response, 'name="confirm"')
        self.assertEqual((SourceDocument.objects.count(), Person.objects.count()), before)

    def test_replacing_a_documents_text_goes_through_the_same_plan(self):
        document = SourceDocument.objects.get(slug="interview-rithy-panh-the-missing-picture")
        corrected = document.text.replace("Pnom Penh about the making", "Phnom Penh about the making")
        url = f"/admin/filmarchive/sourcedocument/{document.pk}/replace/"
        plan = self.client.post(url, {"text": corrected})
        self.assertContains(plan, "updated:")
        self.client.post(url, {"data": plan.context["outcome"].encoded, "confirm": "1"})
        document.refresh_from_db()
        self.assertIn("Phnom Penh about the making", document.text)
        self.assertIn("Phnom Penh about the making", Interview.objects.get().introduction)

    def test_a_file_that_is_not_text_is_refused(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = self.post(file=SimpleUploadedFile("poster.png", b"\x89PNG\r\n"), kind="interview")
        self.assertContains(response, "Upload a .txt file")
        response = self.post(
            file=SimpleUploadedFile("x.txt", "Caf\xe9".encode("latin-1")), name="x", kind="interview"
        )
        self.assertContains(response, "not UTF-8")


class ExportTests(EditorTestCase):
    def test_documents_added_in_the_admin_are_written_back_byte_for_byte(self):
        import shutil
        import tempfile
        from io import StringIO
        from pathlib import Path

        from django.conf import settings
        from django.core.management import call_command

        plan = self.client.post(
            "/admin/filmarchive/sourcedocument/add/",
            {"text": INTERVIEW, "kind": "interview", "name": "memory", "origin": 'A "magazine"'},
        )
        self.client.post(
            "/admin/filmarchive/sourcedocument/add/",
            {
                "data": plan.context["outcome"].encoded,
                "name": "interview-memory.txt",
                "origin": 'A "magazine"',
                "confirm": "1",
            },
        )
        sources = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, sources)
        for path in settings.ARCHIVE_SOURCES_DIR.iterdir():
            shutil.copy(path, sources / path.name)
        call_command("export_documents", sources=sources, stdout=StringIO())
        self.assertEqual((sources / "interview-memory.txt").read_bytes(), INTERVIEW.encode())
        self.assertIn(
            '[documents."interview-memory.txt"]\norigin = "A \\"magazine\\""',
            (sources / "catalogue.toml").read_text(),
        )
        call_command("export_documents", "--check", sources=sources, stdout=StringIO())
        # The repository now builds the same records the admin made.
        out = StringIO()
        call_command("sync_archive", sources=sources, stdout=out)
        self.assertIn("Nothing to change", out.getvalue())
