"""Gunicorn settings: workers from the CPU count, bounded timeouts, access log to stdout."""

import multiprocessing
import os

# Rendering a page is CPU work, so one request per process (the sync worker), two per core plus
# one. Measured on 2 cores: threaded workers (3 × 4 threads) kept wrk's keep-alive connections on
# one or two processes and halved throughput in about one run in three; sync workers were steady.
# The sync worker closes each connection after its response: keep-alive with browsers is the
# load balancer's job, and it also buffers slow clients. GUNICORN_THREADS > 1 switches to threads.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # threaded workers only
# A worker is replaced after this many requests (a guard against slow leaks). Replacing one stalls
# the requests queued behind it for up to a second, so not often: at 2,000 requests per worker
# the static file's p95 was 1.2 s under load instead of 4 ms.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app (and the segmenter it warms) once, before forking workers.
preload_app = True
