"""Gunicorn settings for CadreRef, read from the environment so one image fits every host.

- bind: 0.0.0.0:$PORT (default 8000) so the container port can be published; GUNICORN_BIND
  replaces the whole value (for example "unix:/run/cadreref.sock").
- workers: WEB_CONCURRENCY, else gunicorn's advice of (2 x cores) + 1, counting the CPUs this
  process may use. A container CPU quota (--cpus) is invisible here, so set WEB_CONCURRENCY
  whenever the host has many more cores than the container is allowed.
- worker_class "gthread" with GUNICORN_THREADS threads (default 4): requests are short ORM
  reads, so threads add concurrency cheaply. Like sync workers these assume a buffering proxy
  in front (nginx, a load balancer); do not expose gunicorn directly to the internet.
- worker_tmp_dir /dev/shm: the worker heartbeat file lives in memory, because a disk-backed
  /tmp in a container can block workers; skipped where /dev/shm does not exist.
- accesslog/errorlog "-": logs go to stdout/stderr for the container runtime to collect.
- max_requests 50000 with jitter 5000: workers are recycled, staggered, to cap slow leaks; rarely,
  because a recycled worker starts with an empty local-memory page cache (make bench measures
  it). preload_app: the app is imported once in the master and shared by the forked workers.
- when_ready: with the app preloaded, the master builds what every worker keeps (compiled
  templates, the cadre rules, the kept sources, the glossary's matchers; reference.warm) before
  it forks them, so no worker's first readers wait 0.2–0.3 s for it after a start or a recycling.
- timeout/graceful_timeout 30 s: a stuck worker is killed; a deploy waits for in-flight requests.
- forwarded_allow_ips: gunicorn believes X-Forwarded-Proto (for wsgi.url_scheme) only from
  these addresses; set FORWARDED_ALLOW_IPS to the proxy's address or network. Django reads
  the header itself through SECURE_PROXY_SSL_HEADER, so the proxy must always overwrite it.
- control_socket_disable: the runtime control socket (gunicorn 25.1+) is not needed in a
  container, and its default path under $HOME does not exist for the image's user.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.process_cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

# S108 warns about shared temporary directories; here /dev/shm holds only heartbeat files.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

accesslog = "-"
errorlog = "-"

# Workers are recycled rarely: a restart re-imports Django and empties the worker's page cache
# (the benchmark saw 1–3 s tails from recycling every 1,000 requests). preload_app imports the
# app once in the master, so a new worker forks ready and shares that memory.
max_requests = 50000
max_requests_jitter = 5000
preload_app = True
timeout = 30
graceful_timeout = 30

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True

# Oversized requests are refused here, before Django: a request line over 8190 bytes gets
# 414, a header over 8190 bytes 400 (the largest values gunicorn allows; a search query from
# the form is at most 200 characters).
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100


def when_ready(server):
    """Warm what every worker keeps (``reference.warm.process_warm``) in the master, once the
    app is preloaded and before the workers are forked. A failure (the database went away) is
    logged and the workers start as they would without it.

    Then every object the master holds is frozen (``gc.freeze``, as the gc module's documentation
    advises before forking without exec): the workers' collector no longer walks them. Without it,
    each full collection in a worker walked the whole preloaded app and the warmed values and
    stopped every thread of that worker for 65–90 ms (a document page takes 15 ms); frozen, 4 ms.
    It also keeps the collector from writing to those objects, so their pages stay shared."""
    if not server.cfg.preload_app:
        return
    from reference.warm import process_warm

    try:
        warmed = process_warm()
    except Exception:
        server.log.exception("warm-up failed; each worker builds what it needs on its first requests")
    else:
        server.log.info("warm-up: %d templates, the data version's values, %.2f s", warmed.templates, warmed.seconds)
    gc.collect()
    gc.freeze()
