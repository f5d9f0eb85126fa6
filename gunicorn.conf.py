"""gunicorn's settings for the archive, read from the environment (see the README's production part)."""

import multiprocessing

from filmarchive.env import env_int, env_list, env_str

bind = env_str("GUNICORN_BIND", "0.0.0.0:8000")
workers = env_int("GUNICORN_WORKERS", default=multiprocessing.cpu_count() * 2 + 1, minimum=1)
threads = env_int("GUNICORN_THREADS", default=2, minimum=1)
worker_class = "gthread"
# With gthread workers this only restarts a worker whose main loop is stuck: a request waiting on the
# database is bounded by the database deadlines instead (the statement timeout and 5 s more at most,
# filmarchive.db.postgresql), which stay below it so that a worker is never restarted for that.
timeout = env_int("GUNICORN_TIMEOUT", default=30, minimum=1)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", default=30, minimum=1)
keepalive = env_int("GUNICORN_KEEPALIVE", default=5, minimum=0)
# Recycle workers now and then, staggered, so that no leak can grow without bound.
max_requests = env_int("GUNICORN_MAX_REQUESTS", default=1000, minimum=0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", default=100, minimum=0)
# Heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = env_str("GUNICORN_WORKER_TMP_DIR", "/dev/shm")  # noqa: S108
# The proxies whose X-Forwarded-* headers gunicorn believes.
forwarded_allow_ips = ",".join(env_list("GUNICORN_FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"]))

# One line per request, to standard output: no query string, no cookies, no headers but the agent.
accesslog = "-"
logger_class = "filmarchive.gunicorn_logging.RedactingLogger"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")

# No runtime control socket: nothing in a container uses it, and it wants a writable home directory.
control_socket_disable = True
