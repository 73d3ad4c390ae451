"""Django settings. Every value that differs between installations comes from ``lvv.config``."""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from lvv import config, logs

BASE_DIR = Path(__file__).resolve().parent
CONFIG = config.load()

SECRET_KEY = config.secret_key()  # fails closed in production (see lvv/config.py)
DEBUG = CONFIG.debug
# Production (DEBUG off, not embedded): hashed static files, fail-closed secrets, HTTPS.
LVV_PRODUCTION = not CONFIG.embedded
ALLOWED_HOSTS = CONFIG.allowed_hosts
LVV_FIELD_KEYS = config.field_keys()
LVV_INDEX_KEY = config.index_key()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # django.contrib.staticfiles, ignoring the npm packages' non-web files
    "lvv.operations.apps.StaticFilesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "lvv.organisations",
    "lvv.access",
    "lvv.processing_log",
    "lvv.cases",
    "lvv.sensitive",
    "lvv.api",
    "lvv.demo",
    "lvv.web",
    "lvv.meetings",
    "lvv.monitor",
    "lvv.imports",
    "lvv.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every response past the static files: Cache-Control no-store (personal data).
    "lvv.access.middleware.NoStoreMiddleware",
    "lvv.access.middleware.TraceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lvv.access.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lvv.access.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so a lockout answers before the login view runs.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lvv.access.backends.UserBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# Lock-out after repeated failures, counted per user name and, separately, per IP address.
AXES_FAILURE_LIMIT = CONFIG.login_failure_limit
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.login_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "lvv.web.views.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Behind a reverse proxy REMOTE_ADDR is the proxy: the client address is read from
# X-Forwarded-For, but only as far as trusted proxies wrote it (lvv/access/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "lvv.access.client_ip.client_ip"
LVV_TRUSTED_PROXIES = CONFIG.trusted_proxies
LVV_TRUSTED_PROXY_COUNT = CONFIG.trusted_proxy_count

OTP_TOTP_ISSUER = "LVV"

# The API for partner systems: tokens for system accounts, sessions for the browser.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lvv.api.permissions.PolicyPermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LVV API",
    "DESCRIPTION": "Cases of the LVV programme for partner systems; every call is logged.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Strict Content-Security-Policy: no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "lvv.urls"
# Inputs, selects and textareas written in Python: the same HTML as Django's templates.
FORM_RENDERER = "lvv.web.form_renderer.FastWidgetRenderer"
WSGI_APPLICATION = "lvv.wsgi.application"

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
                "lvv.web.context.main_menu",
            ],
            # Fast date and case-link filters, used in every list (see lvv_web).
            "builtins": ["lvv.web.templatetags.lvv_web"],
        },
    }
]

DATABASES = {"default": config.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "lvv.access.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Dutch only: the texts are written in Dutch in the code and there are no catalogues for
# other languages, so no LocaleMiddleware either (a browser asking for English would switch
# Django's own texts and mix two languages on one page). Django's Dutch catalogue translates
# its own texts (form errors, dates).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = CONFIG.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = config.data_dir() / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Embedded/development: static files straight from the app and npm folders (no collectstatic
# needed). Production: ``lvv collectstatic`` at installation writes hashed, compressed copies
# to STATIC_ROOT, served by whitenoise with far-future caching; node_modules is not needed
# at run time.
WHITENOISE_USE_FINDERS = not LVV_PRODUCTION
# Front-end packages come from npm (package.json), installed by ./dev install into
# node_modules; only their distribution folders are served. Never copied into the repository.
NODE_MODULES = Path(config.node_modules_dir())
STATICFILES_DIRS = [
    (prefix, NODE_MODULES / folder)
    for prefix, folder in [
        ("vendor/utrecht", "@utrecht/component-library-css/dist"),
        ("vendor/utrecht-tokens", "@utrecht/design-tokens/dist"),
        ("vendor/htmx", "htmx.org/dist"),
        ("vendor/chartjs", "chart.js/dist"),
    ]
    if (NODE_MODULES / folder).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "lvv.operations.static.StaticFilesStorage"
            if LVV_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

SESSION_COOKIE_AGE = CONFIG.session_idle_minutes * 60
SESSION_SAVE_EVERY_REQUEST = False  # see SessionActivityMiddleware
LVV_SESSION_REFRESH_SECONDS = 60
# However active, a session ends this long after the login (SessionActivityMiddleware).
LVV_SESSION_MAX_SECONDS = CONFIG.session_max_hours * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: on by default in production, each switchable (docs/configuration.md).
SECURE_SSL_REDIRECT = CONFIG.ssl_redirect
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's health check may use HTTP
SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.hsts_include_subdomains
SECURE_HSTS_PRELOAD = CONFIG.hsts_preload
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
SECURE_PROXY_SSL_HEADER = CONFIG.proxy_ssl_header
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
# A password reset link (made by an administrator) is valid this long.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LOGGING = logs.LOGGING
logs.configure()
