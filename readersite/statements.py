"""How a statement compiled once (readersite.prepared) is sent to its database.

PostgreSQL: prepared on the server once per connection (PREPARE), then run
by name (EXECUTE). psycopg2 sends every query as text, which PostgreSQL
parses and plans anew each time: for the article page's own statement,
planning took three times as long as running it (0.4 against 0.14 ms).
Prepared statements last as long as the connection, so this pays with
persistent connections (CONN_MAX_AGE, 60 s by default); with a connection
per request (CONN_MAX_AGE 0) statements are sent as text, as the ORM sends
them. A pooler that hands one client's statements to another's connection
(PgBouncer in transaction mode) does not keep them.

Other databases (SQLite, whose backend, newsroom.sqlite3, converts each
statement's placeholders once): as compiled.
"""

import hashlib
import re
import weakref

PLACEHOLDER = re.compile(r"(?<!%)%s")  # as django.db.backends.sqlite3.base finds them


def statement_for(vendor, sql):
    """Return the Statement that runs sql, as compiled, on vendor's database."""
    if vendor == "postgresql":
        return ServerPrepared(sql)
    return Statement(sql)


class Statement:
    def __init__(self, sql):
        self.sql = sql

    def execute(self, connection, cursor, values):
        cursor.execute(self.sql, values)


class ServerPrepared(Statement):
    def __init__(self, sql):
        count = len(PLACEHOLDER.findall(sql))
        numbers = iter(range(1, count + 1))
        self.definition = PLACEHOLDER.sub(lambda _: f"${next(numbers)}", sql)
        # Run without parameters, PREPARE is not %-formatted by psycopg2.
        self.definition = self.definition.replace("%%", "%")
        self.name = f"newsroom_{hashlib.sha256(sql.encode()).hexdigest()[:24]}"
        arguments = f" ({', '.join(['%s'] * count)})" if count else ""
        self.text = sql
        super().__init__(f"EXECUTE {self.name}{arguments}")

    def execute(self, connection, cursor, values):
        if not connection.settings_dict["CONN_MAX_AGE"]:
            # A connection per request would prepare every statement anew.
            cursor.execute(self.text, values)
            return
        prepare_once(connection, self.name, self.definition)
        super().execute(connection, cursor, values)


# The statements prepared on each psycopg2 connection (a reconnection is a
# new object, with none).
PREPARED = weakref.WeakKeyDictionary()


def prepare_once(connection, name, definition):
    """PREPARE name on connection's session unless it already was.

    Through the driver's own cursor: a statement the session keeps, not a
    query of the page, so not among the queries Django counts. Not undone
    by a rollback (PostgreSQL's PREPARE is not transactional).
    """
    session = connection.connection
    names = PREPARED.setdefault(session, set())
    if name not in names:
        with connection.wrap_database_errors, session.cursor() as cursor:
            cursor.execute(f"PREPARE {name} AS {definition}")
        names.add(name)
