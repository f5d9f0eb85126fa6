"""WSGI entry point: gunicorn serves ``filmarchive.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmarchive.settings")

application = get_wsgi_application()
