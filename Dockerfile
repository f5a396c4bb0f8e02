# syntax=docker/dockerfile:1
# CadreRef image: a builder stage resolves the locked dependencies into /opt/venv and collects
# static files; the runtime stage copies only the venv and the built app, and runs as a
# non-root user. Both stages use the same base so the venv's interpreter path is valid.

FROM python:3.13-slim-bookworm AS builder

# gettext provides msgfmt for compilemessages; it is needed only here, not at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext=0.21-12 \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9

ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app

# Dependencies first, so that code changes do not invalidate this layer.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

COPY . .

# Settings need neither secrets nor a database to collect static files; the key below exists
# only for this build step and is not stored in the image.
RUN DJANGO_ENV=development SECRET_KEY=build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && if [ -n "$(find locale -path '*/LC_MESSAGES/django.po' -print -quit 2>/dev/null)" ]; then \
        DJANGO_ENV=development SECRET_KEY=build-only-not-a-secret \
            python manage.py compilemessages; \
    fi

FROM python:3.13-slim-bookworm AS runtime

ENV DJANGO_ENV=production \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PORT=8000

# The one directory the app user writes: the fixture downloads (EXPORT_DIR; compose mounts a
# volume shared by the web and worker containers here, which takes this owner when created).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app \
    && install -d -o app -g app -m 0755 /var/lib/cadreref/exports

COPY --from=builder /opt/venv /opt/venv
# The app, its compiled messages and staticfiles/ stay owned by root: the app user reads them
# but cannot change them.
COPY --from=builder /app /app

WORKDIR /app
# Numeric, so that platforms can verify the image does not run as root.
USER 10001:10001
EXPOSE 8000

# /healthz must pass ALLOWED_HOSTS, so the probe sends the first entry of ALLOWED_HOSTS as
# its Host header (a leading "." pattern is used without the dot; "*" becomes "localhost").
# /healthz is exempt from SECURE_SSL_REDIRECT. The probe assumes gunicorn listens on $PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = (os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.') or 'localhost').replace('*', 'localhost'); urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:' + (os.environ.get('PORT') or '8000') + '/healthz', headers={'Host': host}), timeout=4)"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
