from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import pre_save
from django.urls import register_converter

# The apps whose records keep multi-line text with "\n" line endings (filmarchive.text).
ARCHIVE_APPS = ("filmarchive", "reviews", "interviews")


class FilmArchiveConfig(AppConfig):
    """The core records: documents, people, films, credits, mentions; and the document parsers."""

    name = "filmarchive"
    verbose_name = "Film archive"

    def ready(self):
        from filmarchive import pagecache, search, signin
        from filmarchive.converters import UnicodeSlugConverter
        from filmarchive.text import normalise_text_fields

        register_converter(UnicodeSlugConverter, "uslug")
        checks.register(signin.check_proxy_count, checks.Tags.security, deploy=True)
        pagecache.connect_signals()
        for model in apps.get_models():
            if model._meta.app_label in ARCHIVE_APPS:
                uid = f"normalise text of {model._meta.label}"
                pre_save.connect(normalise_text_fields, sender=model, dispatch_uid=uid)
        search.register(search.FILMS)
        search.register(search.PEOPLE)
