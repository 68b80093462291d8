"""Send public reads to a PostgreSQL read replica, everything else to the primary.

settings.py installs PrimaryReplicaRouter and ReplicaRoutingMiddleware only
when DATABASE_REPLICA_URL is set. Only content (articles, people) is read
from the replica, and only by anonymous GET requests outside a transaction:
staff see their own saves at once, and sessions, users and sign-in
throttling never lag behind.
"""

import contextlib
from contextvars import ContextVar

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
REPLICA_APPS = {"articles", "people"}

_primary_only = ContextVar("primary_only", default=False)


@contextlib.contextmanager
def primary_only():
    """Read from the primary inside this block."""
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            model._meta.app_label not in REPLICA_APPS
            or _primary_only.get()
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data, so objects may relate across them.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
