"""URL path converters of the archive's own."""


class UnicodeSlugConverter:
    """A slug in any script: letters, digits, underscores and hyphens (``SlugField(allow_unicode=True)``).

    Registered as ``uslug`` by the core app, for every URL that names a record by its slug.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
