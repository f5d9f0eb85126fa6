"""Sitemap sections for the core's records; the site assembles them with the apps' own.

Each section is split into pages by primary-key range, not by OFFSET, and every range begins at a real
key: page 1 at the lowest key, each next page at the lowest key at least LIMIT past the previous page's
start. A page holds the records whose key is in [start, start + LIMIT): one range of the primary key's
index however deep it is, never more than LIMIT URLs (the protocol allows 50,000), and never none,
however sparse the keys are (sitemaps.org's schema refuses an empty ``<urlset>``). The starts are found
by one query that probes the index once per page (``find_starts``; the sitemap index's one query does
every section's). The sitemap index (``/sitemap.xml``, ``index``: Django's own view) lists every page
of every section that has one; ``section`` writes a page.
"""

import copy
from functools import cached_property
from urllib.parse import quote

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connections
from django.db.models import F
from django.http import Http404, HttpResponse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from filmarchive.links import PLACEHOLDER, record_url
from filmarchive.models import Film, Person, SourceDocument

# URLs in one page of a section: the protocol allows 50,000; 10,000 keeps each page a few milliseconds
# of index and string building (100 pages for a million reviews).
LIMIT = 10_000
# sitemaps.org: a <loc> is less than 2,048 characters long.
MAX_URL_LENGTH = 2048


class KeyRangePage:
    def __init__(self, object_list, number):
        self.object_list = object_list
        self.number = number


class KeyRangePaginator:
    """What Django's sitemap views ask of a paginator (``num_pages``, ``page(n)``), by key range."""

    def __init__(self, queryset, per_page, field):
        self.queryset = queryset
        self.per_page = per_page
        self.field = field  # what each page lists of each record: the value its URL needs

    @cached_property
    def starts(self):
        """The key each page begins at: the lowest, then each time the lowest at least ``per_page``
        past the previous start (``find_starts``)."""
        find_starts([self])
        return self.__dict__["starts"]

    def starts_sql(self, name):
        """A recursive common table expression, ``name(page_key)``, of the pages' starts: each step one
        probe of the primary key's index (an ordered range scan that stops at the first record of the
        queryset). The queryset's own SQL, its values passed as parameters: nothing here comes from a
        request."""
        keys = self.queryset.order_by().values(page_key=F("pk"))
        sql, params = keys.query.sql_with_params()
        keys_sql = f"SELECT k.page_key FROM ({sql}) k"  # noqa: S608
        return (
            f"{name}(page_key) AS (SELECT ({keys_sql} ORDER BY k.page_key LIMIT 1)"  # noqa: S608
            f" UNION ALL SELECT ({keys_sql} WHERE k.page_key >= {name}.page_key + %s"
            f" ORDER BY k.page_key LIMIT 1) FROM {name} WHERE {name}.page_key IS NOT NULL)",
            [*params, *params, self.per_page],
        )

    @property
    def num_pages(self):
        return len(self.starts)

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        start = self.starts[number - 1]
        rows = self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return KeyRangePage(rows.values_list(self.field, flat=True), number)


def find_starts(paginators):
    """Every page's start, for each of the paginators, in one query a database: the sitemap index
    needs them all, and one round trip costs more than the probes themselves."""
    by_database = {}
    for paginator in paginators:
        by_database.setdefault(paginator.queryset.db, []).append(paginator)
    for database, group in by_database.items():
        tables, selects, params = [], [], []
        for number, paginator in enumerate(group):
            table, table_params = paginator.starts_sql(f"starts_{number}")
            tables.append(table)
            params += table_params
            # Names and numbers made here; the values are parameters.
            selects.append(f"SELECT {number}, page_key FROM starts_{number} WHERE page_key IS NOT NULL")  # noqa: S608
        query = f"WITH RECURSIVE {', '.join(tables)} {' UNION ALL '.join(selects)} ORDER BY 1, 2"
        found = [[] for _ in group]
        with connections[database].cursor() as cursor:
            cursor.execute(query, params)
            for number, key in cursor.fetchall():
                found[number].append(key)
        for paginator, starts in zip(group, found, strict=True):
            paginator.__dict__["starts"] = starts


class RecordSitemap(Sitemap):
    """Every record of a queryset, at the URL named ``url_name`` with the record's ``field``.

    Its pages list the field's values, not model instances: 50,000 instances cost more than the page.

    The URL is reversed once and filled in for each record (``filmarchive.links``): a section of
    10,000 records would otherwise spend most of its time in ``reverse()``.
    """

    limit = LIMIT
    _paginator: KeyRangePaginator | None = None

    def __init__(self, queryset, url_name, field="slug"):
        self.queryset = queryset
        self.url_name = url_name
        self.field = field

    def items(self):
        return self.queryset.values_list(self.field, flat=True)

    @property
    def paginator(self):
        # A new one each time, unless counted for this request: the sitemaps live as long as the
        # process, and the records change.
        return self._paginator or KeyRangePaginator(self.queryset.all(), self.limit, self.field)

    def counted(self):
        """This sitemap with its pages found once, for one request."""
        current = copy.copy(self)
        current._paginator = self.paginator
        return current

    def location(self, value):
        """The URL of the record whose ``field`` is ``value`` (pages list values, not records)."""
        return record_url(self.url_name, value)


SITEMAPS = {
    "films": RecordSitemap(Film.objects.all(), "filmarchive:film-detail"),
    "people": RecordSitemap(Person.objects.all(), "filmarchive:person-detail"),
    "sources": RecordSitemap(SourceDocument.objects.all(), "filmarchive:source-detail"),
}


@require_safe
def index(request, sitemaps, **kwargs):
    """Django's sitemap index, of the sections that have a URL to list (an empty ``<urlset>`` is
    invalid): each page of each of them."""
    current = {
        name: sitemap.counted() if isinstance(sitemap, RecordSitemap) else sitemap
        for name, sitemap in sitemaps.items()
    }
    find_starts([sitemap.paginator for sitemap in current.values() if isinstance(sitemap, RecordSitemap)])
    listed = {name: sitemap for name, sitemap in current.items() if sitemap.paginator.num_pages}
    return sitemap_views.index(request, listed, **kwargs)


@require_safe
def section(request, sitemaps, section):
    """One page (``?p=``) of one section: its URLs written straight out, not through a template.

    Django's own view renders 10,000 URLs through the template engine in about a second; this takes
    milliseconds. Only ``<loc>`` is given: the archive keeps no modification dates worth announcing.
    """
    sitemap = sitemaps.get(section)
    if sitemap is None:
        raise Http404(f"No sitemap section {section!r}.")
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of this section.") from None
    origin = f"{request.scheme}://{request.get_host()}"
    if isinstance(sitemap, RecordSitemap):
        # One URL reversed and escaped, the values put in: slugs and ids have nothing to escape, and
        # only a slug in another script needs quoting. A URL the protocol would not take (a slug of
        # two hundred characters of four bytes each is 2,400 once quoted) is left out.
        before, after = sitemap.location(PLACEHOLDER).rsplit(PLACEHOLDER, 1)
        room = MAX_URL_LENGTH - len(origin + before + after)
        start, end = f"<url><loc>{escape(origin)}{escape(before)}", f"{escape(after)}</loc></url>\n"
        body = "".join(
            f"{start}{piece}{end}"
            for piece in (text if text.isascii() else quote(text) for text in map(str, page.object_list))
            if len(piece) < room
        )
    else:
        body = "".join(
            f"<url><loc>{escape(origin + sitemap.location(item))}</loc></url>\n" for item in page.object_list
        )
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n",
        content_type="application/xml; charset=utf-8",
    )
