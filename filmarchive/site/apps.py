from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public site's own pages and templates (see the package's docstring)."""

    name = "filmarchive.site"
    label = "site"
    verbose_name = "Public site"
