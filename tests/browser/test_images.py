"""An editor uploads a poster in a real browser and a visitor sees it: media folder and object store."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings

from filmarchive.models import Film, User
from tests.browser.base import BrowserTestCase
from tests.filmarchive.test_images import ObjectStoreServer, image_bytes

PASSWORD = "a long editor password"


class PosterUploadMixin:
    def upload_a_poster_and_see_it(self):
        call_command("create_editors_group", stdout=StringIO())
        editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        poster = Path(self.files) / "poster.png"
        poster.write_bytes(image_bytes(size=(400, 600), color=(30, 90, 160)))

        self.open("/admin/login/")
        self.find("#id_username").send_keys("editor")
        self.find("#id_password").send_keys(PASSWORD)
        self.click_and_load(self.find("input[type=submit]"))
        film = Film.objects.get(slug="the-missing-picture")
        self.open(f"/admin/filmarchive/film/{film.pk}/change/")
        self.find("#id_poster").send_keys(str(poster))
        self.click_and_load(self.find("input[name=_save]"))
        self.assertTrue(self.find(".messagelist .success").is_displayed())

        self.open(film.get_absolute_url())
        image = self.find(".poster img")
        self.browser.execute_script("arguments[0].scrollIntoView()", image)
        loaded = self.browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", image
        )
        self.assertGreater(loaded, 0, f"the poster did not load from {image.get_attribute('currentSrc')}")
        self.assertConsoleClean(film.get_absolute_url())
        return image.get_attribute("currentSrc")


class MediaFolderTests(PosterUploadMixin, BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.files = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.files)
        self.enterContext(override_settings(MEDIA_ROOT=self.files))

    def test_a_poster_from_the_media_folder(self):
        src = self.upload_a_poster_and_see_it()
        self.assertTrue(src.startswith(f"{self.live_server_url}/media/posters/thumbnails/"), src)


class ObjectStoreTests(PosterUploadMixin, BrowserTestCase):
    @classmethod
    def setUpClass(cls):
        cls.store = ObjectStoreServer()
        cls.addClassCleanup(cls.store.stop)
        cls.store.let_anyone_read()
        cls.enterClassContext(override_settings(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test"))
        cls.enterClassContext(cls.store.settings())
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.files = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.files)

    def test_a_poster_from_the_object_store(self):
        src = self.upload_a_poster_and_see_it()
        self.assertTrue(src.startswith(f"{self.store.endpoint}/{self.store.BUCKET}/"), src)
