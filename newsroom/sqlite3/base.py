"""Django's SQLite backend, with each statement's placeholders converted once.

Django's SQLite cursor turns the ORM's "%s" placeholders into SQLite's "?"
with a regular expression over the whole statement, on every execution: for
the article page's long statements, 1.1 million instructions a request, a
seventh of the page (counted with callgrind). The same text always converts
to the same text, so the conversions of the most recent statements are
kept, by their text. Everything else is Django's backend.
"""

import functools

from django.db.backends.sqlite3 import base


@functools.lru_cache(maxsize=1024)
def qmark_style(query):
    """Return query with "%s" as "?" and "%%" as "%", as Django converts it."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return qmark_style(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
