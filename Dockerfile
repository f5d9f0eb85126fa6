# The archive's production image: gunicorn serving Django, whitenoise serving the static files.
# Build:  docker build -t filmarchive .
# Run:    see the README's production section (DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS).

FROM python:3.12-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The runtime dependencies from the lock, each file checked against its hash (see scripts/lock); the
# project's own code is copied, not installed.
COPY requirements/base.txt requirements.txt
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

FROM python:3.12-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=False \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 filmarchive \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin filmarchive
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY manage.py gunicorn.conf.py ./
COPY scripts/healthcheck.py scripts/
COPY filmarchive filmarchive/
COPY reviews reviews/
COPY interviews interviews/
COPY fixtures fixtures/
# Static files are collected, compressed and fingerprinted once, here, not at every start.
RUN DJANGO_SECRET_KEY=collectstatic-only-key-for-the-build-step-never-signs-anything DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input --verbosity 0
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "filmarchive.wsgi:application"]
