"""Substring search over headline, subheadline and body, one backend per database.

Chinese has no spaces between words, so readers expect 疫情 to match anywhere
in the text. SQLite gets a plain icontains. PostgreSQL gets the same icontains
as an exact recheck behind a GIN index over each article's distinct characters
and character pairs (column ``search_grams``, kept up to date by a trigger; see
migration 0002_search_index). pg_trgm cannot serve patterns shorter than three
characters and depends on the database ctype for CJK, which is why it is not
used.
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


class GramMatch(Expression):
    """True where the article's gram set contains every gram of the query.

    A coarse filter the GIN index can answer; the icontains next to it decides.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, query):
        super().__init__()
        self.query = query

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        column = connection.ops.quote_name("search_grams")
        return f"{table}.{column} @> articles_query_grams(%s)", [self.query]


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
        return queryset.filter(GramMatch(query), contains_text(query))
    return queryset.filter(contains_text(query))
