from django.apps import AppConfig


class FilmArchiveConfig(AppConfig):
    name = "filmarchive"
    verbose_name = "Film archive"
