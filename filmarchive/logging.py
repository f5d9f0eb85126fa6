"""Log records as single lines, so that each request and each error is one line of standard output."""

import logging


class OneLineFormatter(logging.Formatter):
    """Writes a traceback on the same line as its message, its line breaks shown as ' | '."""

    def format(self, record):
        return super().format(record).replace("\n", " | ")
