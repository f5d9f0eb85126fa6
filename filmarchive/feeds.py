"""What the archive's RSS feeds have in common."""

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
