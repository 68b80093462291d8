"""Queries every page runs, compiled to SQL once and run with fresh values.

Building and compiling a queryset costs the ORM about half a millisecond,
ten to twenty times what SQLite takes to run a small query such as the
menu's desks or a list's bylines. A PreparedQuery builds its queryset once
per database (and number of ids), with stand-ins for the values that change
from one request to the next: the moment "now" of published() and the ids
of the articles on the page. Each run puts the request's own values in the
stand-ins' places among the compiled query's parameters, then runs the SQL.

Only for values_list() queries. Their columns get the ORM's conversions from
the database (dates, booleans) as values_list() gives them; a query may also
take moments of its own (an article's published_at) and texts (a search's
words), each with a stand-in.
"""

import datetime
import weakref

from django.db import connections, router
from django.utils import timezone

from readersite.statements import statement_for

# Moments and ids no query ever holds for real: each is found by equality
# among the compiled parameters.
STAND_IN_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
FIRST_STAND_IN_ID = -1_000_001


def stand_in_ids(count):
    return [FIRST_STAND_IN_ID - n for n in range(count)]


def stand_in_moments(count):
    return [STAND_IN_MOMENT + datetime.timedelta(days=n + 1) for n in range(count)]


def stand_in_texts(count):
    # With a control character: no cleaned search query holds one.
    return [f"\x00stand-in text {n}\x00" for n in range(count)]


class PreparedQuery:
    """build(at, ids, *moments, *texts) returns the queryset: published at
    moment at (given to published(at)), for articles ids if it takes any,
    and the moments and texts given to rows()."""

    def __init__(self, model, build):
        self.model = model
        self.build = build
        self.compiled = {}
        # Per connection (a thread's): the converters of each compiled query.
        self.converters = weakref.WeakKeyDictionary()

    def rows(self, ids=(), moments=(), texts=()):
        """Return the rows of the query for ids, moments and texts, published
        as of now."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        key = (alias, connection.vendor, len(ids), len(moments), len(texts))
        if key not in self.compiled:
            sql, *rest = self.compile(alias, *key[2:])
            self.compiled[key] = (statement_for(connection.vendor, sql), *rest)
        statement, params, places, fields = self.compiled[key]
        adapt = connection.ops.adapt_datetimefield_value
        fresh = (adapt(timezone.now()), *ids, *map(adapt, moments), *texts)
        values = list(params)
        for place, value in places:
            values[place] = fresh[value]
        with connection.cursor() as cursor:
            statement.execute(connection, cursor, values)
            rows = cursor.fetchall()
        if not fields:
            return rows
        return converted(rows, self.converters_for(connection, key, fields), connection)

    def converters_for(self, connection, key, fields):
        """Return [(index, field, converters)] of the query compiled as key,
        the connection's own, looked up once."""
        known = self.converters.setdefault(connection, {})
        if key not in known:
            known[key] = [
                (index, field, converters_of(field, connection))
                for index, field in fields
            ]
        return known[key]

    def compile(self, alias, count, moment_count, text_count=0):
        """Return (SQL, parameters, places, fields): places pairs each
        stand-in's place among the parameters with its value's index in
        (now, *ids, *moments, *texts); fields pairs the place of each selected
        expression the database's values need converting for with it."""
        compiled = self.compile_query(alias, count, moment_count, text_count)
        require_every_value(compiled[2], count + moment_count + text_count)
        return compiled

    def compile_query(self, alias, count, moment_count, text_count):
        """compile(), without requiring that the query holds every value."""
        ids, moments = stand_in_ids(count), stand_in_moments(moment_count)
        texts = stand_in_texts(text_count)
        queryset = self.build(STAND_IN_MOMENT, ids, *moments, *texts).using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        connection = connections[alias]
        adapt = connection.ops.adapt_datetimefield_value
        stand_ins = {
            value: n
            for n, value in enumerate(
                (adapt(STAND_IN_MOMENT), *ids, *map(adapt, moments), *texts)
            )
        }
        places = [
            (place, stand_ins[value])
            for place, value in enumerate(params)
            if isinstance(value, (int, str, datetime.datetime)) and value in stand_ins
        ]
        fields = [
            (index, column[0])
            for index, column in enumerate(compiler.select[: compiler.col_count])
            if converters_of(column[0], connection)
        ]
        return sql, tuple(params), places, fields


class PreparedUnion(PreparedQuery):
    """PreparedQuery of the same columns run as one statement (UNION ALL).

    Each statement's way through Django's database layer costs several times
    what SQLite takes to answer a small query: one statement for a page's
    previous, next and related articles spares two of those. rows() returns
    a list of rows per query. SQL keeps no order across a union: a query's
    rows come in no particular order.
    """

    def __init__(self, *queries):
        super().__init__(queries[0].model, None)
        self.queries = queries

    def rows(self, ids=(), moments=(), texts=()):
        found = [[] for _ in self.queries]
        for part, *row in super().rows(ids, moments, texts):
            found[part].append(tuple(row))
        return found

    def compile(self, alias, count, moment_count, text_count=0):
        statements, params, places = [], [], []
        for part, query in enumerate(self.queries):
            sql, more_params, more_places, fields = query.compile_query(
                alias, count, moment_count, text_count
            )
            # Each query's columns after its number: the same columns, so
            # the first query's fields say which are converted.
            statements.append(f"SELECT {part} AS part, q{part}.* FROM ({sql}) q{part}")
            places += [(len(params) + place, value) for place, value in more_places]
            params += more_params
            if part == 0:
                first_fields = [(index + 1, field) for index, field in fields]
        require_every_value(places, count + moment_count + text_count)
        return " UNION ALL ".join(statements), tuple(params), places, first_fields


def require_every_value(places, count):
    """Raise ValueError unless places hold every id, moment and text."""
    if not {value for _, value in places} >= set(range(1, count + 1)):
        raise ValueError("The query does not hold every value as a parameter.")


def converters_of(field, connection):
    return connection.ops.get_db_converters(field) + field.get_db_converters(connection)


def converted(rows, converters, connection):
    """Return rows with the conversions values_list() applies to them:
    converters pairs each converted column's index with its field and
    functions."""
    rows = [list(row) for row in rows]
    for row in rows:
        for index, field, functions in converters:
            for function in functions:
                row[index] = function(row[index], field, connection)
    return [tuple(row) for row in rows]
