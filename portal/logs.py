"""Request ids and structured logs.

Every request gets an id (the load balancer's X-Request-ID when it is a sane value, else
a new one), sent back in the response and put on every log line, so one request can be
followed across workers and hosts. Log lines carry no personal data: no query strings
(they hold postcodes and search words), no form fields, no email addresses, no client
addresses.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, g, has_request_context, request
from werkzeug.wrappers import Response

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HANDLER_NAME = "portal"
logger = logging.getLogger("portal.requests")


def request_id() -> str | None:
    return getattr(g, "request_id", None) if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, as log collectors expect."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for name in ("method", "path", "status", "duration_ms"):
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(log_format: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    # The app factory runs more than once (tests, the CLI): replace our own handler only,
    # leaving any other (a test runner's capture, a platform's) in place.
    root.handlers = [h for h in root.handlers if h.get_name() != HANDLER_NAME] + [handler]
    root.setLevel(logging.INFO)


def init_request_ids(app: Flask) -> None:
    @app.before_request
    def start_request() -> None:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if _SANE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
        started = g.get("request_started")
        if started is not None and not request.path.startswith("/static/"):
            logger.info(
                "%s %s %s",
                request.method,
                _loggable_path(),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": _loggable_path(),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response


# Route arguments that are secrets: a link's token works as a password for whoever reads it.
SECRET_ROUTE_ARGUMENTS = frozenset({"token"})


def _loggable_path() -> str:
    """The request's path, or its route pattern when the path holds a secret, so that
    emailed links and provider links never reach the logs."""
    rule = request.url_rule
    if rule is not None and rule.arguments & SECRET_ROUTE_ARGUMENTS:
        return rule.rule
    return request.path
