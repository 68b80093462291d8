"""Substring search over headline, subheadline and body, one backend per database.

Chinese has no spaces between words, so readers expect 疫情 to match anywhere
in the text. SQLite gets a plain icontains. PostgreSQL gets the same
case-insensitive substring test behind a GIN index over each article's
distinct characters and character pairs (column ``search_grams``, kept current
by a trigger; see migration 0002_search_index). pg_trgm is not used: it cannot
use its index for patterns under three characters, and indexes CJK only when
the database ctype classifies it as letters.
"""

import unicodedata

from django.db import connections
from django.db.models import BooleanField, Expression, Q

MAX_QUERY_LENGTH = 100
SEARCH_FIELDS = ("headline", "subheadline", "body")


def clean_query(raw):
    """Return (query, was_truncated): control characters out, length capped."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in raw or "")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


class PostgresMatch(Expression):
    """The article contains query: the gram index narrows, a strpos() decides.

    Both functions come from migration 0002_search_index. The exact check is
    the same case-insensitive substring test as icontains (upper() on both
    sides), without LIKE's wildcards to escape.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, query):
        super().__init__()
        self.query = query

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        grams, *fields = (
            f"{table}.{connection.ops.quote_name(name)}"
            for name in ("search_grams", *SEARCH_FIELDS)
        )
        sql = (
            f"(articles_text_contains({', '.join(fields)}, %s)"
            f" AND {grams} @> articles_query_grams(%s))"
        )
        return sql, [self.query, self.query]


def contains_text(query):
    return Q(
        *(Q(**{f"{field}__icontains": query}) for field in SEARCH_FIELDS),
        _connector=Q.OR,
    )


def search(queryset, raw_query):
    """Narrow queryset to articles whose text contains the cleaned query."""
    query, _ = clean_query(raw_query)
    if not query:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(PostgresMatch(query))
    return queryset.filter(contains_text(query))
