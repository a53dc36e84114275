"""The settings read the environment, refuse unsafe production set-ups and pass Django's checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghijk",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "workbench.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run(code_or_args: str | list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process with only the given environment."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "ecosystem.settings", **env}
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def setting(name: str, **env: str) -> str:
    result = run(f"from django.conf import settings; print(settings.{name})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_debug_and_secret_key_the_app_refuses_to_start():
    result = run("import django; django.setup()")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert setting("DEBUG", DJANGO_SECRET_KEY="k" * 50) == "False"
    assert setting("DEBUG", DJANGO_DEBUG="true") == "True"


def test_with_no_database_url_it_runs_on_a_sqlite_file_in_the_project():
    engine = setting("DATABASES['default']['ENGINE']", DJANGO_DEBUG="true")
    name = setting("DATABASES['default']['NAME']", DJANGO_DEBUG="true")

    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
    assert "db.sqlite3" in (ROOT / ".gitignore").read_text()


def test_a_database_url_switches_to_postgresql_with_kept_connections():
    env = {"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://someone@db.internal:5432/workbench"}

    assert setting("DATABASES['default']['ENGINE']", **env) == "django.db.backends.postgresql"
    assert setting("DATABASES['default']['HOST']", **env) == "db.internal"
    assert setting("DATABASES['default']['CONN_MAX_AGE']", **env) == "60"


def test_email_goes_to_the_console_unless_a_server_is_configured():
    assert setting("EMAIL_BACKEND", DJANGO_DEBUG="true").endswith("console.EmailBackend")
    smtp = {"DJANGO_DEBUG": "true", "EMAIL_URL": "smtp+tls://mailer:pw@mail.example.org:587"}
    assert setting("EMAIL_BACKEND", **smtp).endswith("smtp.EmailBackend")
    assert setting("EMAIL_HOST", **smtp) == "mail.example.org"
    assert setting("EMAIL_USE_TLS", **smtp) == "True"


def test_production_settings_pass_the_deployment_checks():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECURE_SSL_REDIRECT", "True"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("ALLOWED_HOSTS", "['workbench.example.org']"),
        (
            "STORAGES['staticfiles']['BACKEND']",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    ],
)
def test_production_is_https_only_with_hashed_static_files(name, expected):
    assert setting(name, **PRODUCTION) == expected
