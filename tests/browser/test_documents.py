"""An editor adds an interview document in the admin, in a real browser: the plan, then the pages."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from filmarchive.models import SourceDocument, User
from tests.browser.base import BrowserTestCase
from tests.filmarchive.test_document_import import BROKEN, INTERVIEW

PASSWORD = "a long editor password"


class DocumentImportInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("create_editors_group", stdout=StringIO())
        editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        self.files = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.files)
        self.open("/admin/login/")
        self.find("#id_username").send_keys("editor")
        self.find("#id_password").send_keys(PASSWORD)
        self.click_and_load(self.find("input[type=submit]"))

    def upload(self, name, text):
        path = self.files / name
        path.write_text(text, encoding="utf-8")
        self.open("/admin/filmarchive/sourcedocument/")
        self.click_and_load(self.find("a.addlink[href$='/sourcedocument/add/']"))
        self.find("#id_file").send_keys(str(path))
        Select(self.find("#id_kind")).select_by_visible_text("Interview article")
        self.click_and_load(self.find("input[name=plan]"))

    def test_an_interview_document_is_planned_confirmed_and_shown(self):
        self.upload("interview-rithy-panh-memory.txt", INTERVIEW)
        plan = self.find("#content-main").text
        self.assertIn("What importing interview-rithy-panh-memory.txt will do", plan)
        self.assertIn("interview rithy-panh-on-memory-and-clay", plan)
        self.assertFalse(SourceDocument.objects.filter(filename="interview-rithy-panh-memory.txt").exists())
        self.click_and_load(self.find("input[name=confirm]"))
        self.assertIn("is in the archive", self.find(".messagelist").text)

        self.open("/interviews/rithy-panh-on-memory-and-clay/")
        self.assertIn("That clay remembers.", self.find("main").text)
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Lena Park"))
        self.assertIn("Rithy Panh on memory and clay", self.find("main").text)
        self.open("/people/rithy-panh/")
        self.assertIn("Rithy Panh on memory and clay", self.find("main").text)
        self.open("/sources/interview-rithy-panh-memory/")
        self.assertIn("Interview by Lena Park", self.find("main").text)

    def test_a_broken_document_shows_its_problems_by_line_and_changes_nothing(self):
        before = SourceDocument.objects.count()
        self.upload("interview-nobody.txt", BROKEN)
        self.assertIn("nothing was changed", self.find(".errornote").text)
        self.assertIn("Line 1", self.find(".errornote").text)
        self.assertTrue(self.find("#line-1.problem").is_displayed())
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, "input[name=confirm]"), [])
        self.assertEqual(SourceDocument.objects.count(), before)
