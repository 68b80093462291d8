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
from django.db.models.expressions import RawSQL

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

    def __init__(self, query, exact=True):
        super().__init__()
        self.query = query
        self.exact = exact

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        grams, *fields = (
            f"{table}.{connection.ops.quote_name(name)}"
            for name in ("search_grams", *SEARCH_FIELDS)
        )
        sql = f"{grams} @> articles_query_grams(%s)"
        if not self.exact:
            return sql, [self.query]
        sql = f"(articles_text_contains({', '.join(fields)}, %s) AND {sql})"
        return sql, [self.query, self.query]


def contains_text(query):
    return Q(
        *(Q(**{f"{field}__icontains": query}) for field in SEARCH_FIELDS),
        _connector=Q.OR,
    )


def scans(using):
    """Whether searching the database `using` reads every article's text."""
    return connections[using].vendor != "postgresql"


def checks_newest_first(using, query):
    """Whether newest_matches() should find the articles containing query."""
    return connections[using].vendor == "postgresql" and len(query) > 2


def newest_matches(queryset, query, count):
    """Narrow queryset, the articles of a list before its search, to the first
    count of them that contain query, in the queryset's order.

    For a query of two or more character pairs, the planner takes the pairs
    for independent and expects few articles to hold them all: it checks the
    text of every article the gram index finds, then sorts them (疫情防控 at
    a million articles: 12,000 texts, 130 ms), or walks the published-order
    index checking each article's grams (核酸检测 on page 50: 18 s). Here the
    index's candidates are put in order first, with nothing but their ids,
    and only as many texts are read as it takes to find count matches; the
    planner still walks the published-order index when the words are common.
    """
    candidates = queryset.filter(PostgresMatch(query, exact=False)).values("pk")
    if not candidates.ordered:
        raise ValueError("newest_matches() needs an ordered queryset")
    sql, params = candidates.query.sql_with_params()
    table = connections[queryset.db].ops.quote_name(queryset.model._meta.db_table)
    # OFFSET 0 keeps the planner from merging the ordered candidates with the
    # text check; the check is a subquery so that the sort carries ids alone.
    first = RawSQL(
        f"SELECT candidate.pk FROM ({sql} OFFSET 0) AS candidate"
        " WHERE (SELECT articles_text_contains(a.headline, a.subheadline, a.body, %s)"
        f" FROM {table} AS a WHERE a.id = candidate.pk) LIMIT %s",
        (*params, query, count),
    )
    return queryset.filter(pk__in=first)


def newest_containing(queryset, query, count):
    """Narrow queryset (ordered) to its first count articles containing query,
    a cleaned query, by whichever way of searching suits the database."""
    if checks_newest_first(queryset.db, query):
        return newest_matches(queryset, query, count)
    return queryset.filter(pk__in=search(queryset, query)[:count].values("pk"))


def search(queryset, raw_query):
    """Narrow queryset to articles whose text contains the cleaned query."""
    query, _ = clean_query(raw_query)
    if not query:
        return queryset
    if scans(queryset.db):
        return queryset.filter(contains_text(query))
    return queryset.filter(PostgresMatch(query))
