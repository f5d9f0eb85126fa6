"""Small helpers the tests share."""

import re
from html.parser import HTMLParser


class _TextParser(HTMLParser):
    SKIPPED = {"script", "style", "title", "head"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(response):
    """The page's text as a reader sees it: no markup, white space collapsed."""
    parser = _TextParser()
    parser.feed(response.content.decode())
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()
