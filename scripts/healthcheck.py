"""The container's HEALTHCHECK: exit 0 when /healthz answers 200, else 1.

It asks as the first of DJANGO_ALLOWED_HOSTS, since Django refuses other host names (as localhost when
that is '*', any host).
"""

import os
import sys
import urllib.error
import urllib.request

# "*" (any host) and ".example.org" (the domain and its subdomains) are patterns, not host names.
host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
if host in ("", "*"):
    host = "localhost"
port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rpartition(":")[2]
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (a fixed local URL)
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError):
    sys.exit(1)
