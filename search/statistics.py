"""Search statistics for editors (Wagtail's 搜索词 report and our list of searches that found
nothing), written off the request path in batches.

A search only counts itself in this process's memory. The counts are written in one transaction
when a request has finished (the response is already on its way) and the batch is due: FLUSH_SIZE
searches, or the oldest waiting FLUSH_SECONDS; and when the process exits (gunicorn restarting a
worker, a deploy). A write the database refuses (busy, down) keeps the counts for the next try.

Counts are never written inside a transaction someone else opened (a management command serving
requests, or a test): they would share its fate. What is lost on a hard kill (SIGKILL, the
machine's power) is at most one batch per process.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import UnansweredQuery

logger = logging.getLogger(__name__)

FLUSH_SIZE = 50
FLUSH_SECONDS = 60
# Distinct (query, day) pairs kept while the database refuses the writes; beyond it new ones are
# dropped (and logged), so a long outage cannot fill the memory.
MAX_PENDING = 10_000
# How long a batch waits for another writer before it is put back (SQLite). Reads never wait (WAL).
STATISTICS_WAIT_MS = 200

_lock = threading.Lock()
_searches = Counter()  # (query, date) → searches
_unanswered = Counter()  # query → searches that found nothing
_pending = 0
_oldest = None  # time.monotonic() of the oldest waiting count
# The database the waiting counts were made against: a test run switches to a test database and
# back, and its counts must not land in the developer's own at exit.
_database = None


def record(text, found):
    """Count one search (in memory; no database access)."""
    global _pending, _oldest, _database
    key = (text, timezone.localdate())
    with _lock:
        if _database != _database_name():
            if _pending:
                logger.warning("Search statistics of another database dropped: %s", _pending)
            _clear()
            _database = _database_name()
        if key not in _searches and len(_searches) >= MAX_PENDING:
            logger.warning("Search statistics: %s queries waiting, dropping one", MAX_PENDING)
            return
        _searches[key] += 1
        if not found:
            _unanswered[text] += 1
        _pending += 1
        if _oldest is None:
            _oldest = time.monotonic()


def pending():
    return _pending


def due():
    return _pending >= FLUSH_SIZE or (
        _oldest is not None and time.monotonic() - _oldest >= FLUSH_SECONDS
    )


def _database_name():
    return str(connection.settings_dict.get("NAME"))


def _clear():
    global _searches, _unanswered, _pending, _oldest
    _searches, _unanswered, _pending, _oldest = Counter(), Counter(), 0, None


def _take():
    with _lock:
        taken = _searches, _unanswered
        _clear()
    return taken


def _put_back(searches, unanswered):
    global _pending, _oldest
    with _lock:
        _searches.update(searches)
        _unanswered.update(unanswered)
        _pending += sum(searches.values())
        _oldest = _oldest or time.monotonic()


def discard():
    """Forget what is waiting (tests start from nothing)."""
    _take()


def flush():
    """Write every waiting count in one transaction; returns how many searches were written."""
    database = _database
    searches, unanswered = _take()
    if not searches:
        return 0
    if database != _database_name():
        logger.warning("Search statistics of another database dropped: %s", sum(searches.values()))
        return 0
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {STATISTICS_WAIT_MS}")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A crash may lose the last moment's counts, never consistency.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            _write(searches, unanswered)
    except (OperationalError, DatabaseError):
        logger.warning("Search statistics kept for later: the database refused the write")
        _put_back(searches, unanswered)
        return 0
    finally:
        if sqlite:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {settings.SQLITE_BUSY_TIMEOUT_S * 1000}")
            except DatabaseError:
                pass
    return sum(searches.values())


def _write(searches, unanswered):
    queries = {}
    for (text, date), hits in searches.items():
        if text not in queries:
            queries[text] = Query.get(text)
        daily, _ = QueryDailyHits.objects.get_or_create(query=queries[text], date=date)
        QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + hits)
    for text, hits in unanswered.items():
        entry, _ = UnansweredQuery.objects.get_or_create(query_string=text)
        # An update, not a save: last_searched_at is set by auto_now only through save().
        UnansweredQuery.objects.filter(pk=entry.pk).update(
            hits=F("hits") + hits, last_searched_at=timezone.now()
        )


def flush_if_due(**_kwargs):
    """request_finished: write the batch when it is due, unless inside someone's transaction."""
    if _pending and due() and not connection.in_atomic_block:
        flush()


def _flush_at_exit():
    # Counts made against another database (a test run's) are dropped silently: at exit the
    # logging streams may already be closed.
    if not _pending or _database != _database_name():
        return
    try:
        if not connection.in_atomic_block:
            flush()
    except Exception:  # the database may already be gone; nothing to do about it at exit
        logger.warning("Search statistics lost at exit: %s searches", _pending)


atexit.register(_flush_at_exit)
