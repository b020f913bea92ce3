"""Project settings, read strictly from the environment in this one module.

Defaults give an embedded, single-machine installation on SQLite; production sets
``DATABASE_URL``, ``SECRET_KEY``, ``FIELD_ENCRYPTION_KEY`` and ``ID_HASH_KEY``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path

import dj_database_url

from core.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"环境变量 {name} 只能是 true/false，现在是 {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"环境变量 {name} 必须是整数，现在是 {raw!r}") from exc


TESTING = "pytest" in sys.modules or env_bool("SIFASUO_TESTING", False)
# mypy's Django plugin imports these settings to type-check; it serves nothing, so it needs no secrets.
TYPE_CHECKING_RUN = "mypy" in sys.modules

# ── Production safety (issue #15): DEBUG off unless set, secrets required ─────────────────────────────────────────
# The embedded mode (scripts/run.sh) sets DEBUG=1 itself; anything else runs as production.
DEBUG = env_bool("DEBUG", False)
PRODUCTION = not DEBUG and not TESTING and not TYPE_CHECKING_RUN

# How to make each secret, quoted in the message when one is missing.
_SECRET_RECIPES = {
    "SECRET_KEY": "python3 -c \"import secrets; print(secrets.token_urlsafe(50))\"",
    "FIELD_ENCRYPTION_KEY": "python3 -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\"",
    "ID_HASH_KEY": "python3 -c \"import secrets; print(secrets.token_hex(32))\"",
}
if PRODUCTION:
    _missing = [name for name in _SECRET_RECIPES if not os.environ.get(name)]
    if _missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "生产环境（未设置 DEBUG=1）必须设置环境变量 " + "、".join(_missing) + "，否则加密密钥会由公开的开发密钥推导。"
            + "".join(f"\n  {name}：可用 {_SECRET_RECIPES[name]} 生成" for name in _missing)
            + "\n请写入 deploy/production.env（参见 deploy/production.env.example）；"
            "FIELD_ENCRYPTION_KEY 与 ID_HASH_KEY 一经使用不可更换，请与数据库备份分开妥善保存。"
            "开发或演示环境请设置 DEBUG=1。"
        )

# A development key is derived locally; production must set SECRET_KEY (checked above).
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me-0123456789abcdef"


def _derived_key(purpose: str) -> str:
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Fernet key for sensitive fields (ID numbers); keep it out of the database backup.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or _derived_key("field-encryption")
# HMAC key for the lookup hash of ID numbers (exact search and duplicate detection).
ID_HASH_KEY = os.environ.get("ID_HASH_KEY") or _derived_key("id-hash")
# ── end of production safety (secrets) ───────────────────────────────────────────────────────────────────────────

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_tables2",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "core",
    "orgs",
    "accounts",
    "people",
    "mediation",
    "consultation",
    "corrections",
    "legalaid",
    "agency",
    "resettlement",
    "portal",
    "worklog",
    "assessment",
    "documents",
    "supervision",
    "reports",
    "dashboard",  # last: its demo plug-in recounts the rollups after every other module has seeded
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sifasuo.urls"
WSGI_APPLICATION = "sifasuo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-artifacts" / "test.sqlite3")} if env_bool(
        "SQLITE_TEST_FILE", False
    ) else {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users; a fast hasher keeps the suite quick. Production uses argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:landing"  # city and county bureau users land on the dashboard
LOGOUT_REDIRECT_URL = "accounts:login"
# The user menu of the page shell (core, which does not know the accounts app): 个人中心 and 退出登录 (POST).
PROFILE_URL = "accounts:profile"
LOGOUT_URL = "accounts:logout"
# The citizens' portal (群众端), linked from the login page for a resident who opened the staff address.
PORTAL_URL = "portal:home"

# 等保-style session controls: idle timeout and browser-close expiry.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# app.js reads the token from the cookie for htmx requests and the shell's logout form (core.context_processors.shell).
CSRF_COOKIE_HTTPONLY = False
CSRF_USE_SESSIONS = False

# django-axes: lock a username+IP after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

OTP_TOTP_ISSUER = "数字司法所"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploads: the largest file the platform accepts, and what types.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Excel imports: a larger file (or one that unpacks to over 50 times this) is refused before it is read; at most so many
# rows and characters a cell (a column may allow fewer); the error report lists at most so many rows.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 2000)
IMPORT_MAX_REPORTED_ERRORS = env_int("IMPORT_MAX_REPORTED_ERRORS", 100)
# A running background task holds a lease on its TaskRun that its worker renews; a lease that runs out means the worker died.
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 120)
# A queued task not started within this long (no worker running) is cancelled and its uploaded file deleted.
TASK_START_TIMEOUT_SECONDS = env_int("TASK_START_TIMEOUT_SECONDS", 1800)

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        ),
        "ENQUEUE_ON_COMMIT": False,
    }
}

# Content-Security-Policy: everything is served locally (intranets reach no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
X_FRAME_OPTIONS = "SAMEORIGIN"

# Deadlines: how many working days before the due date an item counts as 即将到期.
DEADLINE_DUE_SOON_WORKING_DAYS = env_int("DEADLINE_DUE_SOON_WORKING_DAYS", 3)
# 法律援助: working days a 司法所 has to forward an application to the 法律援助机构. No national rule sets it (法律援助法
# 第三十九条's 24 hours binds 办案机关、监管场所 and 值班律师 for detained applicants), so it is the local service level.
LEGALAID_FORWARD_WORKING_DAYS = env_int("LEGALAID_FORWARD_WORKING_DAYS", 3)
# 法律援助 一次性告知 (法律援助法 第四十三条第二款): days the applicant has to supply the missing materials before the
# application counts as withdrawn. The law sets no figure (UNCONFIRMED for the 2023 程序规定); the 机构 names a date in
# its notice, and this is the default it proposes.
LEGALAID_MATERIALS_REPLY_DAYS = env_int("LEGALAID_MATERIALS_REPLY_DAYS", 15)
# 法律援助 结案 (法律援助法 第五十条: report and hand in the materials 及时 after the matter ends): days from the end of
# the matter to the 结案报告. 30 follows the 程序规定's period as commonly applied (article number UNCONFIRMED).
LEGALAID_CLOSING_DAYS = env_int("LEGALAID_CLOSING_DAYS", 30)

# LibreOffice binary for PDF conversion; detected at run time when empty.
LIBREOFFICE_BINARY = os.environ.get("LIBREOFFICE_BINARY", "")

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Demo@2026")

DJANGO_TABLES2_TEMPLATE = "core/tables/table.html"

# Optional large-language-model server (OpenAI-compatible /v1/chat/completions) that improves drafts made from
# mediation transcripts; empty = disabled, the built-in rules are used. No model is ever downloaded.
LLM_BASE_URL = os.environ.get("LLM_BASE_URL", "")
LLM_API_KEY = os.environ.get("LLM_API_KEY", "")
LLM_MODEL = os.environ.get("LLM_MODEL", "")

# 社区矫正 phone page: one-time login codes and reminders go through corrections/sms.py. "log" (default) writes them
# to the server log; "http" posts them to an SMS gateway at CORRECTIONS_SMS_URL, signed with CORRECTIONS_SMS_SECRET.
CORRECTIONS_SMS_BACKEND = os.environ.get("CORRECTIONS_SMS_BACKEND", "log")
CORRECTIONS_SMS_URL = os.environ.get("CORRECTIONS_SMS_URL", "")
CORRECTIONS_SMS_KEY = os.environ.get("CORRECTIONS_SMS_KEY", "")
CORRECTIONS_SMS_SECRET = os.environ.get("CORRECTIONS_SMS_SECRET", "")
# 电子定位: the external positioning system signs each alert (HMAC-SHA256) with this secret; empty refuses every alert.
CORRECTIONS_POSITIONING_SECRET = os.environ.get("CORRECTIONS_POSITIONING_SECRET", "")
LLM_TIMEOUT_SECONDS = env_int("LLM_TIMEOUT_SECONDS", 30)


# ── Production safety (issue #15): HTTPS, caching, static files, API errors, logging ──────────────────────────────
# Every value has an environment variable; the defaults are safe for production and relaxed only when DEBUG=1 or
# under tests. deploy/production.env.example lists them all.
# Behind nginx, which terminates TLS and sets X-Forwarded-Proto (deploy/nginx.conf); only trust it behind a proxy.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
# No page is shown inside a frame, its own site's included (clickjacking: security.W019).
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-ancestors"] = ["'none'"]

# Outermost: an API path always answers JSON, whatever raised below (a 500 in a middleware included). WhiteNoise
# serves /static/ right after SecurityMiddleware (HTTPS redirect and HSTS apply to static files too).
MIDDLEWARE.insert(0, "core.http_edges.ApiJsonErrorMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Pages for a signed-in user are never kept by a browser or proxy cache (Cache-Control: no-store, private).
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware"), "core.http_edges.PrivateCacheMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies (gzip, brotli when installed) made by collectstatic; names stay as the templates write them.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage" if PRODUCTION
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Without collectstatic (development, tests) WhiteNoise serves from the app folders as runserver did.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION  # also keeps WhiteNoise quiet when staticfiles/ was never collected

# collectstatic's target, served by WhiteNoise (deploy/README.md: a folder outside the code).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(STATIC_ROOT)))
# Redis (optional, the extra ``.[redis]``): one cache shared by every web and task worker — a change to a 码表 or a
# parameter then reaches all of them at once instead of after the 5-minute expiry (core/cache.py) — and sessions
# read from it (still written to the database, so a Redis restart signs no one out).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Where ``manage.py backup`` writes its archives (deploy/README.md: copy them off the machine, keys kept apart).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", str(BASE_DIR / "backups")))

# Every handler masks ID and phone numbers (core/logging.py); LOG_FILE adds a file beside the console.
LOGGING = logging_config(level=os.environ.get("LOG_LEVEL", "WARNING" if TESTING else "INFO"), log_file=os.environ.get("LOG_FILE", ""))
# ── end of production safety ─────────────────────────────────────────────────────────────────────────────────────
