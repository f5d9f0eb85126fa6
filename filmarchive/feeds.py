"""What the archive's RSS feeds have in common."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from filmarchive.text import without_unshowable


class ShowableRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose items hold only what XML 1.0 can: forms refuse control characters and
    noncharacters (``filmarchive.text.validate_showable``), and text kept from before, or written
    around the forms, is left without them rather than taking the whole feed down."""

    def add_item(self, *args, **kwargs):
        args = [without_unshowable(value) if isinstance(value, str) else value for value in args]
        kwargs = {
            name: without_unshowable(value) if isinstance(value, str) else value
            for name, value in kwargs.items()
        }
        super().add_item(*args, **kwargs)


class ArchiveFeed(Feed):
    """A feed whose items carry their dates (``item_pubdate``), and whose response is not dated by the
    newest of them, as Django's would be: an edit to an item, or an older item added, changes the feed
    too, and a reader asking ``If-Modified-Since`` the newest item's date would be told nothing had. The
    page cache dates it by the archive's last change (``filmarchive.pagecache``)."""

    feed_type = ShowableRssFeed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        del response["Last-Modified"]
        return response


def day_published(day):
    """An item's ``pubDate`` from the day a record gives (feeds date items by the moment): the start of
    that day, in the site's time zone. None for an undated record, which then goes without one."""
    return datetime.datetime.combine(day, datetime.time()) if day else None
