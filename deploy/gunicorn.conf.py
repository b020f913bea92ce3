"""gunicorn settings of every installation — the embedded one (scripts/run.sh) and a production server
(deploy/sifasuo-web.service) — read from the environment. Logs go through the same redacting handlers as the
application's (core/logging.py): the access log masks ID and phone numbers too."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's packages, whichever directory gunicorn was started from

from core.logging import logging_config  # noqa: E402

wsgi_app = "sifasuo.wsgi:application"
chdir = str(ROOT)
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# Synchronous workers: each request holds one worker for its duration, so several of them (about 2 per core).
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))  # Excel exports and Word batches of a large county take a while
graceful_timeout = 30
# A worker is replaced after this many requests, so that a slow leak never grows for weeks.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# X-Forwarded-* is trusted only from the reverse proxy on the same machine (deploy/nginx.conf).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
logconfig_dict = logging_config(level=os.environ.get("LOG_LEVEL", "INFO"), log_file=os.environ.get("LOG_FILE", ""))
