from django.apps import AppConfig
from django.urls import register_converter


class FilmArchiveConfig(AppConfig):
    """The core records: documents, people, films, credits, mentions; and the document parsers."""

    name = "filmarchive"
    verbose_name = "Film archive"

    def ready(self):
        from filmarchive import search
        from filmarchive.converters import UnicodeSlugConverter

        register_converter(UnicodeSlugConverter, "uslug")
        search.register(search.FILMS)
        search.register(search.PEOPLE)
