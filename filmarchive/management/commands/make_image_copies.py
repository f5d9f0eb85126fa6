"""Make the smaller copies of every uploaded image again.

    python manage.py make_image_copies

Saving a record with a new image makes its copies; this is for images put in place otherwise (copied
into the media folder or the bucket by hand) and after the sizes the pages use have changed.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from filmarchive.images import ImageCopiesMixin, make_thumbnails


class Command(BaseCommand):
    help = "Make the smaller copies of every uploaded image (posters, figures) again."

    def handle(self, *args, **options):
        made = 0
        for model in apps.get_models():
            if not issubclass(model, ImageCopiesMixin):
                continue
            for name, use in model.IMAGE_USES.items():
                for record in model._default_manager.exclude(**{name: ""}).iterator():
                    make_thumbnails(getattr(record, name), use)
                    made += 1
        self.stdout.write(f"Made the copies of {made} image(s).")
