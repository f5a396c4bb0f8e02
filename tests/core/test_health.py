from unittest import mock

from django.db import OperationalError


def test_healthz_answers_without_touching_the_database(client):
    # No `db` fixture: pytest-django raises if the view touches the database.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_ok_when_the_database_is_reachable(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_503_with_a_short_json_body_when_the_database_is_unreachable(client, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_health_endpoints_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
