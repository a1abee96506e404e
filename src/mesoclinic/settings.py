"""Settings, read from the environment so one build serves a laptop and a clinic's server.

Local runs need nothing set: SQLite and a generated secret key live under `var/`.
Production sets at least SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS and, behind
TLS, leaves HTTPS_ONLY on (the default).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from mesoclinic.serving.proxies import parse_trusted_proxies


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret_key(var_dir: Path) -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if os.environ.get("SECRET_KEY_FILE"):
        return Path(os.environ["SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once must not write two different keys.
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(64))
    return key_file.read_text(encoding="utf-8").strip()


PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MESOCLINIC_VAR_DIR", "var")).resolve()

SECRET_KEY = read_or_create_secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'mesoclinic.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a write transaction takes the lock at its start, so two bookings
        # cannot both read "free" and then both write.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The clinical protocol in use; a clinic may point to its own validated copy.
MESOCLINIC_PROTOCOL = os.environ.get("MESOCLINIC_PROTOCOL") or None

INSTALLED_APPS = [
    "django.contrib.admin",  # for superusers only; clinic staff use the app's own pages
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "mesoclinic.web",
    "mesoclinic.planning",
    "mesoclinic.clinics",
    "mesoclinic.audit",
    "mesoclinic.patients",
    "mesoclinic.screening",
    "mesoclinic.consent",
    "mesoclinic.assessments",
    "mesoclinic.formulary",
    "mesoclinic.courses",
    "mesoclinic.adverse_events",
    "mesoclinic.charting",
    "mesoclinic.rota",
    "mesoclinic.appointments",
    "mesoclinic.recalls",
    "mesoclinic.progress",
    "mesoclinic.documents",
    "mesoclinic.dashboard",
    "mesoclinic.portal",
    "mesoclinic.messaging",
    "mesoclinic.waitlist",
]

# Background work: a queue kept in the database itself (no other server to run), worked by
# `mesoclinic worker`; on PostgreSQL any number of workers on any machines share it. Each
# app's jobs live in its `tasks.py`. A worker beats every WORKER_HEARTBEAT_SECONDS while it
# runs a long job; one silent for WORKER_SILENCE_SECONDS is taken for dead.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
MESOCLINIC_TASK_QUEUES = ["default", "optimiser"]
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": MESOCLINIC_TASK_QUEUES}
}
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_SILENCE_SECONDS = float(os.environ.get("WORKER_SILENCE_SECONDS", "60"))
if WORKER_SILENCE_SECONDS < 3 * WORKER_HEARTBEAT_SECONDS:
    # Fewer beats than that and one slow write would fail a run whose worker is alive.
    raise ValueError("WORKER_SILENCE_SECONDS must be at least three WORKER_HEARTBEAT_SECONDS.")

# Email to patients (mesoclinic/messaging). SMTP by default; `make run` and the demo set
# EMAIL_BACKEND to the console backend, which prints each message instead of sending it.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL (465), not both."
    )
# A send holds its message's row until the server answers: never wait on it for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mesoclinic <noreply@localhost>")
# The address patients open the links in their emails at. Links need one that patients can
# reach: left empty with DEBUG off, a start-up check says so (messaging/checks.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# How often the worker looks for messages that fell due (reminders, recalls, follow-ups).
DUE_MESSAGES_EVERY_MINUTES = int(os.environ.get("DUE_MESSAGES_EVERY_MINUTES", "5"))
if DUE_MESSAGES_EVERY_MINUTES < 1:
    raise ImproperlyConfigured("DUE_MESSAGES_EVERY_MINUTES must be at least 1.")

MIDDLEWARE = [
    "mesoclinic.web.middleware.ClientAddressFromTrustedProxy",
    "django.middleware.security.SecurityMiddleware",
    "mesoclinic.web.middleware.JsonErrorsUnderApi",
    "mesoclinic.web.middleware.RefuseOversizedBodies",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mesoclinic.portal.middleware.PatientsStayInThePortal",
    "mesoclinic.web.middleware.NoStoreForAuthenticated",
    "mesoclinic.web.middleware.LoginRequiredExceptApi",
    "mesoclinic.web.middleware.ClinicTimeZone",
    "mesoclinic.portal.middleware.PatientTimeZone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mesoclinic.urls"
WSGI_APPLICATION = "mesoclinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mesoclinic.web.context_processors.navigation",
            ],
        },
    },
]

# Argon2id at OWASP's recommended parameters (mesoclinic/passwords.py); hashes made with
# Django's heavier defaults are upgraded at the next log-in.
PASSWORD_HASHERS = [
    "mesoclinic.passwords.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out attempts before any check
    "django.contrib.auth.backends.ModelBackend",
    "mesoclinic.portal.backends.PatientEmailBackend",  # patients sign in with their email
]
# Lock out after repeated failures, by username and, separately, by address.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/account/locked_out_any.html"  # staff or portal page
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session expires this long after the last request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Plain-HTTP mode exists only for a local run on loopback (`make run`).
HTTPS_ONLY = env_bool("HTTPS_ONLY", default=True)
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The server sets the scheme from X-Forwarded-Proto of TRUSTED_PROXIES only. The old switch
# believed that header from anyone: refused rather than ignored, so a configuration written
# for it does not quietly change meaning.
if env_bool("USE_X_FORWARDED_PROTO"):
    raise ImproperlyConfigured(
        "USE_X_FORWARDED_PROTO is no longer read: it believed X-Forwarded-Proto from any "
        "client. Remove it and set TRUSTED_PROXIES to the address of your TLS proxy "
        "(e.g. TRUSTED_PROXIES=10.0.0.5)."
    )
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served straight from the package (no collectstatic step to forget);
# set STATIC_ROOT only to collect them for a separate web server.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media")).resolve()
# Photos: the largest upload accepted, and the most pixels decoded (decompression bombs).
MESOCLINIC_PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_MB", "15")) * 1024 * 1024
MESOCLINIC_PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_MEGAPIXELS", "60")) * 1_000_000

# Serving (mesoclinic serve, on gunicorn). A body larger than the largest photo plus room
# for the form around it is refused with 413 before it is read.
MESOCLINIC_MAX_BODY_BYTES = MESOCLINIC_PHOTO_MAX_BYTES + 1024 * 1024
# The reverse proxies whose X-Forwarded-Proto (read by the server) and X-Forwarded-For (read
# by ClientAddressFromTrustedProxy) are believed; from any other peer both are ignored.
TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))
# The log-in lockout counts by the address that middleware settled on, never by its own
# reading of forwarded headers.
AXES_CLIENT_IP_CALLABLE = "mesoclinic.serving.proxies.request_client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            # Exception messages may quote a patient: a logged failure keeps its type and
            # frames, not its text (mesoclinic/log_format.py).
            "()": "mesoclinic.log_format.WithoutExceptionText",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; only its warnings are worth reading.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
