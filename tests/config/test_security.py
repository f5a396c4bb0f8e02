"""Security headers, admin login throttling, and what production cookies look like."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.config.test_settings import PRODUCTION
from tests.factories import DocumentFactory, PositionFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages():
    DocumentFactory(number=365)
    PositionFactory(slug="tong-bi-thu")


def test_public_pages_send_the_security_headers(client):
    response = client.get("/en/documents/365-qd-tw/")
    csp = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_cached_pages_keep_the_security_headers(client):
    client.get("/en/standards/")
    response = client.get("/en/standards/")
    assert response["X-Cache"] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_pages_have_no_inline_script(client):
    html = client.get("/en/documents/365-qd-tw/").content.decode()
    for tag in html.split("<script")[1:]:
        assert 'src="' in tag.split(">")[0] or "application/ld+json" in tag.split(">")[0]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_urls_accept_only_get_and_head(client, method):
    for path in [
        "/en/",
        "/en/documents/",
        "/en/documents/365-qd-tw/",
        "/en/positions/tong-bi-thu/",
        "/en/search/?q=365",
    ]:
        assert getattr(client, method)(path).status_code == 405, path
    assert client.head("/en/documents/365-qd-tw/").status_code == 200


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/", "/en/", "/en/search/", "/en/documents.json", "/sitemap.xml", "/static/x.css"])
def test_public_urls_refuse_a_body_with_405_before_reading_it(path):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    client.cookies["csrftoken"] = "a" * 32  # a client that sets its own CSRF cookie
    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_admin_refuses_a_body_larger_than_the_largest_import_before_reading_it(client):
    response = client.generic(
        "POST",
        reverse("admin:login"),
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413


def test_the_admin_still_accepts_a_login_post(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-enough-password")
    response = client.post(reverse("admin:login"), {"username": "editor", "password": "a-long-enough-password"})
    assert response.status_code == 302


def test_the_admin_lives_at_the_configured_path():
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"


def test_five_failed_logins_lock_the_username_from_that_address(client, django_user_model):
    django_user_model.objects.create_user("editor", password="correct-horse-battery-staple", is_staff=True)
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
    last = client.post(login, {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    assert last.status_code == 429
    locked = client.post(
        login, {"username": "editor", "password": "correct-horse-battery-staple"}, REMOTE_ADDR="203.0.113.7"
    )
    assert locked.status_code == 429
    # The same account from another address is not locked out by the attacker's failures.
    other = client.post(
        login, {"username": "editor", "password": "correct-horse-battery-staple"}, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_locked_address(client, django_user_model):
    django_user_model.objects.create_user("editor", password="correct-horse-battery-staple", is_staff=True)
    login = reverse("admin:login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )
    response = client.post(
        login,
        {"username": "editor", "password": "correct-horse-battery-staple"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429


def test_a_password_spray_from_one_address_is_locked_across_usernames(client, django_user_model):
    django_user_model.objects.create_user("editor", password="correct-horse-battery-staple", is_staff=True)
    login = reverse("admin:login")
    limit = settings.AXES_FAILURE_LIMITS[2]
    for number in range(limit - 1):
        response = client.post(login, {"username": f"made-up-{number}", "password": "x"}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
    assert client.post(login, {"username": "made-up-x", "password": "x"}, REMOTE_ADDR="203.0.113.7").status_code == 429
    locked = client.post(
        login, {"username": "editor", "password": "correct-horse-battery-staple"}, REMOTE_ADDR="203.0.113.7"
    )
    assert locked.status_code == 429


def test_one_username_guessed_from_many_addresses_is_locked_everywhere(client, django_user_model):
    django_user_model.objects.create_user("editor", password="correct-horse-battery-staple", is_staff=True)
    login = reverse("admin:login")
    limit = settings.AXES_FAILURE_LIMITS[1]
    for number in range(limit - 1):
        response = client.post(login, {"username": "editor", "password": "x"}, REMOTE_ADDR=f"198.51.100.{number}")
        assert response.status_code == 200
    assert client.post(login, {"username": "editor", "password": "x"}, REMOTE_ADDR="198.51.100.99").status_code == 429
    elsewhere = client.post(
        login, {"username": "editor", "password": "correct-horse-battery-staple"}, REMOTE_ADDR="192.0.2.1"
    )
    assert elsewhere.status_code == 429


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password1234")
    with pytest.raises(ValidationError):
        validate_password("short-pw")


def test_admin_sessions_are_short_and_end_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_public_pages_set_no_cookie_and_do_not_vary_on_cookie(client):
    response = client.get("/en/documents/365-qd-tw/")
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_production_cookies_are_secure_and_host_prefixed():
    code = (
        "import config.settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split()[:6] == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
    ]
