"""gunicorn's configuration for ``lvv serve`` (``gunicorn -c <this file> lvv.wsgi``).

Every value comes from ``lvv.config.gunicorn()`` (environment variables, documented in
docs/configuration.md). Two rules of the house are enforced here:

- The access log has **no query strings**: searches carry names and V-numbers. The format
  uses the path alone (``%(U)s``), never the request line (``%(r)s``) or the referrer
  (``%(f)s``), whose query strings would carry the same.
- gunicorn's own loggers (access and error, tracebacks included) go through the redacting
  filter and formatter of ``lvv.logs``, like every other log line.
"""

# Every public name of this module is read as a gunicorn setting (``config`` is one).
from lvv import config as _lvv_config

_serve = _lvv_config.gunicorn()

wsgi_app = "lvv.wsgi:application"
bind = _serve["bind"]
workers = _serve["workers"]
threads = _serve["threads"]
worker_class = "gthread" if _serve["threads"] > 1 else "sync"
timeout = _serve["timeout"]
graceful_timeout = _serve["graceful_timeout"]
keepalive = 5
# A request line or header of more than a few KB is no request of this application.
limit_request_line = 8190
limit_request_fields = 100
# Restart workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Behind a reverse proxy on this host only; see LVV_TRUSTED_PROXIES for other set-ups.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "lvv"
control_socket_disable = True

accesslog = "-" if _serve["access_log"] else None
errorlog = "-"
# remote address, method, path WITHOUT query string, protocol, status, bytes, duration, trace
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms trace=%({x-trace-id}o)s'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "lvv.logs.RedactingFilter"}},
    "formatters": {
        "error": {
            "()": "lvv.logs.RedactingFormatter",
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
        },
        "access": {"()": "lvv.logs.RedactingFormatter", "format": "%(message)s"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["redact"],
            "formatter": "error",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["redact"],
            "formatter": "access",
        },
    },
    "root": {"handlers": ["error"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
