"""Uploaded images: only real images get in, each is served safely with its smaller copies, from the
media folder or from an S3-compatible object store (a real one: moto's server, run here)."""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import boto3
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image
from PIL.ExifTags import Base as ExifTag

from filmarchive.env import media_storage_from_url
from filmarchive.images import MAX_BYTES, thumbnail_name, validate_upload
from tests.helpers import ArchiveEditorTestCase as EditorTestCase
from tests.helpers import form_data

ORIENTATION = ExifTag.Orientation


def image_bytes(image_format="PNG", size=(600, 900), color=(200, 40, 40)):
    data = BytesIO()
    Image.new("RGB", size, color).save(data, image_format)
    return data.getvalue()


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


class ValidationTests(TestCase):
    def test_real_images_pass(self):
        for image_format in ("PNG", "JPEG", "WEBP", "GIF"):
            with self.subTest(image_format=image_format):
                validate_upload(upload(f"x.{image_format.lower()}", image_bytes(image_format)))

    def test_what_is_not_an_image_is_refused_saying_so(self):
        cases = [
            (upload("x.png", b"<svg onload=alert(1)>"), "not an image that can be read"),
            (upload("x.png", image_bytes()[:200]), "not an image that can be read"),
            (upload("x.jpg", image_bytes("JPEG")[:-100]), "not an image that can be read"),  # cut short
            (upload("x.bmp", image_bytes("BMP")), "Upload a JPEG, PNG, WebP or GIF image; this one is BMP"),
            (upload("x.tif", image_bytes("TIFF")), "this one is TIFF"),
        ]
        for file, message in cases:
            with (
                self.subTest(name=file.name, message=message),
                self.assertRaisesMessage(ValidationError, message),
            ):
                validate_upload(file)

    def test_too_big(self):
        file = upload("x.png", image_bytes())
        file.size = MAX_BYTES + 1
        with self.assertRaisesMessage(ValidationError, "the most is 10 MB"):
            validate_upload(file)

    def test_a_storage_url(self):
        storage, origins = media_storage_from_url("s3://posters/media?endpoint_url=http://127.0.0.1:9000")
        self.assertEqual(storage["OPTIONS"]["bucket_name"], "posters")
        self.assertEqual(storage["OPTIONS"]["location"], "media")
        self.assertEqual(origins, ["http://127.0.0.1:9000"])
        self.assertEqual(
            media_storage_from_url("s3://b?custom_domain=img.example.org")[1], ["https://img.example.org"]
        )
        for bad in ["ftp://bucket", "s3://", "s3://b?acl=public"]:
            with self.subTest(url=bad), self.assertRaisesMessage(Exception, "DJANGO_MEDIA_STORAGE_URL"):
                media_storage_from_url(bad)


class UploadMixin:
    """An editor uploads a poster through the admin, as a browser would."""

    def upload_poster(self, data, name="poster.png"):
        url = f"/admin/filmarchive/film/{self.film.pk}/change/"
        post = form_data(self.client.get(url))
        post["poster"] = upload(name, data)
        return self.client.post(url, post)


class FileSystemTests(UploadMixin, EditorTestCase):
    def setUp(self):
        super().setUp()
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media)
        self.enterContext(override_settings(MEDIA_ROOT=self.media))

    def test_an_uploaded_poster_is_shown_at_its_sizes_and_served_as_an_image(self):
        response = self.upload_poster(
            image_bytes(size=(600, 900)), name="the poster.jpg"
        )  # a PNG, named .jpg
        self.assertEqual(response.status_code, 302)
        self.film.refresh_from_db()
        self.assertTrue(self.film.poster.name.endswith(".png"), self.film.poster.name)
        self.assertEqual((self.film.poster_width, self.film.poster_height), (600, 900))
        small = thumbnail_name(self.film.poster.name, 200)
        self.assertTrue((Path(self.media) / small).exists())

        page = self.client_class().get(self.film.get_absolute_url())
        self.assertContains(page, f'src="/media/{small}"')
        self.assertContains(page, 'width="200" height="300"')
        self.assertContains(page, "400w")
        self.assertNotContains(page, "No image in the archive")

        image = self.client_class().get(f"/media/{small}")
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image["Content-Type"], "image/webp")
        self.assertEqual(image["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", image["Content-Security-Policy"])
        self.assertIn("default-src 'none'", image["Content-Security-Policy"])
        self.assertEqual(Image.open(BytesIO(b"".join(image.streaming_content))).size, (200, 300))

    def test_a_phone_photo_turned_by_its_exif_orientation_is_stored_upright(self):
        # As a phone stores a portrait photo: 800 x 400 pixels on their side, left half red, right
        # half blue, with EXIF Orientation 6 (turn a quarter clockwise to show).
        sideways = Image.new("RGB", (800, 400), (220, 0, 0))
        sideways.paste((0, 0, 220), (400, 0, 800, 400))
        exif = Image.Exif()
        exif[ORIENTATION] = 6
        data = BytesIO()
        sideways.save(data, "JPEG", exif=exif, quality=95)

        self.assertEqual(self.upload_poster(data.getvalue(), name="portrait.jpg").status_code, 302)
        self.film.refresh_from_db()
        self.assertEqual((self.film.poster_width, self.film.poster_height), (400, 800))
        with Image.open(Path(self.media) / self.film.poster.name) as stored:
            self.assertEqual(stored.size, (400, 800))
            self.assertIn(stored.getexif().get(ORIENTATION), (None, 1))
            # Upright, the left half is now the top: red above, blue below.
            self.assertGreater(stored.getpixel((200, 100))[0], 180)
            self.assertGreater(stored.getpixel((200, 700))[2], 180)
        with Image.open(Path(self.media) / thumbnail_name(self.film.poster.name, 200)) as small:
            self.assertEqual(small.size, (200, 400))
            self.assertGreater(small.getpixel((100, 50))[0], 180)
        page = self.client_class().get(self.film.get_absolute_url())
        self.assertContains(page, 'width="200" height="400"')

    def test_a_file_that_is_not_an_image_is_refused_and_changes_nothing(self):
        response = self.upload_poster(b"<html><script>alert(1)</script></html>", name="poster.png")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Upload a valid image")
        self.film.refresh_from_db()
        self.assertFalse(self.film.poster)
        self.assertEqual(list(Path(self.media).rglob("*")), [])

    def test_a_jpeg_cut_short_is_refused_and_changes_nothing(self):
        # Its header and size read, but not its pixels: refused before it is stored, not a 500 after.
        response = self.upload_poster(image_bytes("JPEG")[:-100], name="poster.jpg")
        self.assertContains(response, "not an image that can be read")
        self.film.refresh_from_db()
        self.assertFalse(self.film.poster)
        self.assertEqual(list(Path(self.media).rglob("*")), [])

    def test_only_images_are_served(self):
        (Path(self.media) / "posters").mkdir()
        (Path(self.media) / "posters" / "page.html").write_text("<script>alert(1)</script>")
        (Path(self.media) / "posters" / "x.png").write_bytes(image_bytes())
        for path in [
            "/media/posters/page.html",
            "/media/posters/none.png",
            "/media/../settings.py",
            "/media/posters/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)
        response = self.client.get("/media/posters/x.png")
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(
            b"".join(response.streaming_content), image_bytes()
        )  # read to the end, which closes it

    def test_without_an_image_a_small_labelled_placeholder(self):
        page = self.client.get(self.film.get_absolute_url())
        self.assertContains(
            page, '<div class="placeholder poster-placeholder">No image in the archive</div>', html=True
        )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ObjectStoreServer:
    """moto's S3-compatible server, in a process of its own, with one bucket."""

    BUCKET = "filmarchive-media"

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        server = Path(sys.executable).with_name("moto_server")
        self.process = subprocess.Popen(
            [str(server), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id="test", aws_secret_access_key="test",
            region_name="us-east-1",
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while True:
            try:
                self.client.create_bucket(Bucket=self.BUCKET)
                break
            except Exception:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.2)

    def let_anyone_read(self):
        """As the README asks of a bucket the site's images are served from."""
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.BUCKET}/*",
                }
            ],
        }
        self.client.put_bucket_policy(Bucket=self.BUCKET, Policy=json.dumps(policy))

    def settings(self):
        from django.conf import settings

        storage, origins = media_storage_from_url(f"s3://{self.BUCKET}/media?endpoint_url={self.endpoint}")
        csp = {**settings.SECURE_CSP, "img-src": [*settings.SECURE_CSP["img-src"], *origins]}
        return override_settings(STORAGES={**settings.STORAGES, "default": storage}, SECURE_CSP=csp)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@override_settings()
class ObjectStoreTests(UploadMixin, EditorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enterClassContext(override_settings(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test"))
        cls.store = ObjectStoreServer()
        cls.store.let_anyone_read()
        cls.addClassCleanup(cls.store.stop)

    def setUp(self):
        super().setUp()
        self.enterContext(self.store.settings())

    def test_an_uploaded_poster_goes_to_the_store_and_is_shown_from_it(self):
        response = self.upload_poster(image_bytes(size=(500, 750)))
        self.assertEqual(response.status_code, 302)
        self.film.refresh_from_db()
        keys = {o["Key"] for o in self.store.client.list_objects_v2(Bucket=self.store.BUCKET)["Contents"]}
        small = thumbnail_name(self.film.poster.name, 200)
        self.assertEqual(
            keys,
            {
                f"media/{self.film.poster.name}",
                f"media/{small}",
                f"media/{thumbnail_name(self.film.poster.name, 400)}",
            },
        )

        page = self.client_class().get(self.film.get_absolute_url())
        src = f"{self.store.endpoint}/{self.store.BUCKET}/media/{small}"
        self.assertContains(page, f'src="{src}"')
        self.assertIn(self.store.endpoint, page["Content-Security-Policy"])
        with urllib.request.urlopen(src) as served:  # noqa: S310 (the local test server)
            self.assertEqual(Image.open(BytesIO(served.read())).size, (200, 300))
        # Nothing is kept on this machine: the site does not serve it.
        self.assertEqual(self.client.get(f"/media/{small}").status_code, 404)
