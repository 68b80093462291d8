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

from newsroom import pagecache

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


def scans(using):
    """Whether searching the database `using` reads every article's text."""
    return connections[using].vendor != "postgresql"


def scanned_ids(queryset, name, start, stop):
    """Return the ids of rows start to stop of queryset, a search that scans.

    The ids found so far, and where the scan stopped, are kept per content
    version under name (which must identify the search and its filters): a
    page read again costs no scan, and a later page resumes the scan where
    the last one stopped instead of starting again from the newest article.
    queryset is ordered newest first, like Article.Meta.ordering. Return None
    when the cache is off.
    """
    from articles import fragments  # articles.models imports this module

    version = fragments.content_version()
    if version is None:
        return None
    key = fragments.piece_key(version, f"scan:{name}")
    found = fragments.cache_get_many([key]).get(key)
    if found is None:
        found = {"ids": [], "last": None, "complete": False}
    if len(found["ids"]) < stop and not found["complete"]:
        found = scan_further(queryset, found, stop - len(found["ids"]))
        fragments.cache_set_many(
            {key: found}, fragments.piece_timeout(version, pagecache.cache_deadline)
        )
    return found["ids"][start:stop]


def scan_further(queryset, found, count):
    """Return found with up to count more matches, from where its scan stopped."""
    rest = queryset
    if found["last"]:
        pk, at = found["last"]
        rest = rest.filter(published_at__lte=at).exclude(published_at=at, pk__gte=pk)
    more = list(rest.values_list("pk", "published_at")[:count])
    return {
        "ids": found["ids"] + [pk for pk, _ in more],
        "last": more[-1] if more else found["last"],
        "complete": len(more) < count,
    }


def search(queryset, raw_query):
    """Narrow queryset to articles whose text contains the cleaned query."""
    query, _ = clean_query(raw_query)
    if not query:
        return queryset
    if scans(queryset.db):
        return queryset.filter(contains_text(query))
    return queryset.filter(PostgresMatch(query))
