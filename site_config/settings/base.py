"""Settings shared by every environment; deploy-specific values come from environment variables."""

import os
from pathlib import Path

import dj_database_url

from django.conf import global_settings
from django.conf.locale import LANG_INFO

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty, stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Ours, from the bottom layer up (see the README's architecture section).
INSTALLED_APPS = [
    "pagecache",
    "core",
    "communities",
    "news",
    "services_catalog",
    "search",
    "home",
    "participation",
    "operations",
    "site_config",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cache hits are compressed too (see site_config.compression).
    "site_config.compression.SafeGZipMiddleware",
    "site_config.security.SecurityHeadersMiddleware",
    "site_config.security.QueryControlCharactersMiddleware",
    "site_config.ratelimit.RateLimitMiddleware",
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "site_config.sites.SiteForRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session passed the second sign-in step; then who must pass it (the admin only).
    "django_otp.middleware.OTPMiddleware",
    "site_config.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: locks an account out after repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

# How many proxies in front of gunicorn append to X-Forwarded-For (site_config.client). 0: the
# visitor connects directly and REMOTE_ADDR is theirs; the header is then ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# A username is locked out only from the address that guessed (one pair), so nobody can lock
# an editor out from elsewhere; the address is the visitor's, through the trusted proxies.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "site_config.client.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_VERBOSE = False

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Requests per minute per client address, by path prefix (site_config.ratelimit); a key that
# starts with a method ("POST /take-part/") counts only that method, besides the path's own limit.
RATE_LIMITS = (
    {
        "/search/suggest/": 120,
        "/search/": 30,
        "/admin/login/": 20,
        # Residents' submissions (participation): reading the forms and status pages, and
        # sending — a person sends one or two a day, a script hundreds.
        "/take-part/": 30,
        "POST /take-part/": 5,
    }
    if env_bool("RATE_LIMITS_ENABLED", True)
    else {}
)

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
SQLITE_BUSY_TIMEOUT_S = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write at once (search statistics, editors). Transactions take the
    # write lock when they start, so a read-then-write transaction never fails with "database is
    # locked" halfway; readers do not wait for writers (WAL); a busy database is waited for.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=SQLITE_BUSY_TIMEOUT_S,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
WAGTAILIMAGES_IMAGE_MODEL = "core.SiteImage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Kazakh in the Arabic script used officially in Xinjiang. Django's own "kk" is Kazakh in Cyrillic
# (left to right), so the site uses a code of its own, "kk-arab", described below; its addresses
# start with /kk/ (LANGUAGE_URL_PREFIXES) and its pages say lang="kk-Arab" dir="rtl".
KAZAKH = "kk-arab"
LANGUAGES = [("zh-hans", "简体中文"), (KAZAKH, "قازاقشا")]
# django.conf.locale's table, read by get_language_info() (names, direction).
LANG_INFO.update(
    {
        KAZAKH: {
            "bidi": True,
            "code": KAZAKH,
            "name": "Kazakh (Arabic script)",
            "name_local": "قازاقشا",
        }
    }
)
# The first part of each non-default language's addresses (/kk/…); Chinese has none.
LANGUAGE_URL_PREFIXES = {KAZAKH: "kk"}
# Django decides the direction by the code's first part: "kk" is right to left here.
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "kk"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin stays Chinese: translators edit Kazakh pages in a Chinese admin.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The project's own catalogs come first: Chinese for what Wagtail's zh_Hans catalogs lack.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Residents' photos (participation): never public media. Served only through an admin view that
# checks the editor's community; several app servers must share this folder (a shared volume).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app servers share media through an S3-compatible bucket (MinIO, Ceph, a cloud's object
# storage). Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as boto3 reads them.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "site_config.storage.SameOriginS3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }

# "pages" holds rendered pages for anonymous visitors (pagecache.middleware). Without Redis it is a
# folder, so every gunicorn worker on the machine sees the same pages and the same invalidation.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if REDIS_URL:
    # A hung Redis costs one timeout, then each process skips it for the back-off
    # (pagecache.backends: OUTAGE_BACKOFF_SECONDS is ours, the rest goes to redis-py).
    REDIS_OPTIONS = {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
        "OUTAGE_BACKOFF_SECONDS": 5,
    }
    CACHES = {
        alias: {
            "BACKEND": "pagecache.backends.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"xuedu-{alias}",
            "OPTIONS": REDIS_OPTIONS,
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "xuedu",
        },
        "pages": {
            "BACKEND": "pagecache.backends.PageFileCache",
            "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / ".cache" / "pages")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Email (editors are told of residents' submissions; reviewers of urgent notices): Django's SMTP
# backend with these; the dev settings print mails to the console instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "雪都社区服务网"
# Two-factor sign-in (site_config.two_factor): the name authenticator apps show for our codes.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# A CDN in front: what a change retires from the page cache is purged from it too (HTTP PURGE to
# FRONTEND_CACHE_PURGE_URL, e.g. Varnish or a CDN's purge endpoint; see Wagtail's frontend_cache
# for other backends). pagecache.purge sends the URLs; Wagtail's app, which would purge only the
# published page, is not installed.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

WAGTAILAPI_LIMIT_MAX = 200
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Wagtail's database backend, with query text made safe for SQLite's full-text syntax.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
SEARCH_URL = os.environ.get("SEARCH_URL", "")
if SEARCH_URL:
    # Scale-out: OpenSearch. Text arrives already segmented into words by jieba (see
    # core.segmentation), so the index splits on whitespace only: a Chinese analyzer there
    # would segment a second time, differently from the queries.
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.opensearch2",
        "URLS": [SEARCH_URL],
        "INDEX": os.environ.get("SEARCH_INDEX", "xuedu"),
        "TIMEOUT": 5,
        "INDEX_SETTINGS": {
            "settings": {
                "index": {"number_of_shards": 1},
                "analysis": {
                    "analyzer": {
                        "default": {
                            "type": "custom",
                            "tokenizer": "whitespace",
                            "filter": ["lowercase"],
                        },
                        "default_search": {
                            "type": "custom",
                            "tokenizer": "whitespace",
                            "filter": ["lowercase"],
                        },
                    }
                },
            }
        },
    }
# Uploads: no SVG or HTML (script carriers); documents are served as downloads except PDF.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "txt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Per-page and per-task chatter stays out of command output and the access log.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("wagtail", "django_tasks", "django.tasks", "modelsearch")
    },
}
