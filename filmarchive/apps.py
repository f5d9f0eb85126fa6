from django.apps import AppConfig
from django.urls import register_converter


class FilmArchiveConfig(AppConfig):
    """The core records: documents, people, films, credits, mentions; and the document parsers."""

    name = "filmarchive"
    verbose_name = "Film archive"

    def ready(self):
        from filmarchive import pagecache, search
        from filmarchive.converters import UnicodeSlugConverter

        register_converter(UnicodeSlugConverter, "uslug")
        pagecache.connect_signals()
        search.register(search.FILMS)
        search.register(search.PEOPLE)
