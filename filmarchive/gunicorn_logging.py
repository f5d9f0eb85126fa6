"""gunicorn's access log, without the secrets some paths carry."""

import re

from gunicorn.glogging import Logger

# A password-reset link carries its token in the path until Django moves it into the session.
RESET_TOKEN = re.compile(r"(/accounts/reset/)[^/ ]+/[^/ ]+/")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r"):  # the path, and the whole request line
            if key in atoms:
                atoms[key] = RESET_TOKEN.sub(r"\1…/…/", atoms[key])
        return atoms
