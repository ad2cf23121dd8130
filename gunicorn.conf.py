"""Gunicorn settings for production; every value can be set from the environment.

    gunicorn -c gunicorn.conf.py wsgi:app

See docs/deployment.md for the whole set-up."""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Two workers a core is gunicorn's own starting point for an app that waits on a database.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is stuck: the worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart (SIGHUP, a deploy), a worker finishes the requests it has before it stops.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Replace each worker now and then, so a slow leak never builds up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The app writes one structured line a request itself (portal/logs.py), without the
# query string or the client's address; gunicorn's access log would repeat both.
accesslog = None
errorlog = "-"
# The app reads X-Forwarded-* itself, trusting TRUSTED_PROXIES hops (portal/config.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
