"""Simulated database outages for in-process tests."""

from contextlib import contextmanager
from unittest import mock

from django.db import OperationalError, connections

REFUSED = "could not connect to server: Connection refused"


@contextmanager
def database_down(message=REFUSED, alias="default"):
    """Make every new cursor on the connection fail as a lost server would."""

    def refuse(*args, **kwargs):
        raise OperationalError(message)

    with mock.patch.object(connections[alias], "ensure_connection", refuse):
        yield
