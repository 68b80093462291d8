"""Fresh planner statistics after large writes.

PostgreSQL plans each query from statistics that ANALYZE gathers, which
autovacuum refreshes only a while after a table changed by a tenth (and
not at all where it is off). A search planned on the statistics of an
almost empty table, after an import filled it, took 1.4 s instead of 9 ms.
The importer calls refresh_after_write() once its transaction commits.
Statistics only speed queries up: refreshing them never fails the write
that came before (another writer holding a lock, say), it is logged.
"""

import logging

from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)

# Refresh when a write adds this fraction of the rows the planner believes
# the table has (autovacuum's default analyze scale factor).
STALE_FRACTION = 0.1


def refresh_after_write(tables, rows_written):
    """Refresh the planner's statistics of tables if rows_written new rows
    make them stale; the first table is the one whose size decides."""
    if rows_written <= 0:
        return
    try:
        with transaction.atomic():  # a savepoint inside an outer transaction
            _refresh(tables, rows_written)
    except DatabaseError as error:
        # The data is committed; an import retrying it would write it twice.
        logger.warning("planner statistics not refreshed: %s", error)


def _refresh(tables, rows_written):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass",
                [tables[0]],
            )
            (believed,) = cursor.fetchone()
            if rows_written >= STALE_FRACTION * believed:
                names = ", ".join(connection.ops.quote_name(t) for t in tables)
                cursor.execute(f"ANALYZE {names}")
        elif connection.vendor == "sqlite":
            # SQLite's own judgement: ANALYZE only the tables that need it.
            cursor.execute("PRAGMA optimize")
