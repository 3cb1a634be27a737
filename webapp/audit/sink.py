"""A copy of every access-log line for a system outside the app's database (ASVS 16.4.3, NEN 7513 §7: the log
must survive whoever can change the database).

`ACCESS_LOG_SINK` names where: `syslog://host:514` (UDP syslog, e.g. a central rsyslog or a SIEM), or a file path
(one JSON object per line, for a log shipper). Unset, the database is the only copy. The lines hold what the access
log holds — who, when, what, whose record (an id), from where, on whose behalf, search terms — so the sink must be
kept as carefully as the database; they never go to the app's own log: the lines go straight to the sink's handler,
not through a logger (whose configuration — Alembic's `fileConfig` disables existing loggers — could silence it).

A line leaves only when its transaction commits: the lines a request adds wait in the session and are written after
the commit, and a rolled-back request sends none (the sink never says something the database does not).
"""
import json
import logging
import logging.handlers
from urllib.parse import urlsplit

from sqlalchemy import event
from sqlalchemy.orm import Session

PENDING = "access_log_lines"
FIELDS = ("at", "synced_at", "staff_id", "worker_id", "action", "detail", "ip", "device", "on_behalf")


_handler: logging.Handler | None = None  # this process's sink, when there is one


def init_app(app) -> None:
    """Send the lines where `ACCESS_LOG_SINK` says (the handler is the process's: the last app configured wins)."""
    global _handler
    target = app.config.get("ACCESS_LOG_SINK") or ""
    if _handler is not None:
        if _handler.dagdeel_sink == target:
            return
        _handler.close()
        _handler = None
    if not target:
        return
    if target.startswith("syslog://"):
        parts = urlsplit(target)
        _handler = logging.handlers.SysLogHandler(address=(parts.hostname or "localhost", parts.port or 514),
                                                  facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
        _handler.setFormatter(logging.Formatter("dagdeel-access: %(message)s"))
    else:
        _handler = logging.handlers.WatchedFileHandler(target, encoding="utf-8")
    _handler.dagdeel_sink = target


def keep(session: Session, rows: list[dict]) -> None:
    """Lines just added to the access log in this session's transaction: sent once it commits."""
    if _handler is not None:
        session.info.setdefault(PENDING, []).extend(rows)


@event.listens_for(Session, "after_commit")
def _send(session: Session) -> None:
    for row in session.info.pop(PENDING, ()):
        if _handler is not None:
            text = json.dumps({key: _plain(row.get(key)) for key in FIELDS}, ensure_ascii=False)
            _handler.handle(logging.makeLogRecord({"name": "dagdeel.access", "msg": text, "levelno": logging.INFO,
                                                   "levelname": "INFO"}))


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(PENDING, None)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
