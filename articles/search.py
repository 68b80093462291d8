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
from django.utils import timezone

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

    def __init__(self, query, exact=True, by_index=True):
        super().__init__()
        self.query = query
        self.exact = exact
        self.by_index = by_index

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        grams, *fields = (
            f"{table}.{connection.ops.quote_name(name)}"
            for name in ("search_grams", *SEARCH_FIELDS)
        )
        by_index = f"{grams} @> articles_query_grams(%s)"
        by_text = f"articles_text_contains({', '.join(fields)}, %s)"
        if not self.exact:
            return by_index, [self.query]
        if not self.by_index:
            return by_text, [self.query]
        return f"({by_text} AND {by_index})", [self.query, self.query]


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


# A search of a reader's list first reads the text of its FIRST_LOOK newest
# articles; where at least one in ROWS_PER_MATCH matched, it reads on to as
# many as the page needs at that rate.
FIRST_LOOK = 2000
ROWS_PER_MATCH = 8


def newest_published_matches(queryset, query, count):
    """Return the ids of the first count articles of queryset that contain
    query, a cleaned query; queryset is ordered newest first by published_at
    (then id), like the reader's lists, and published.

    The gram index finds every article holding the words, in no order: a
    word in one article in thirty (疫情) gave page 50 of its search 27,000
    articles to read and sort at a million articles, and walking the
    published-order index instead read the text of 34,000 (230 ms either
    way). So the newest articles are read first (look()); a common word
    ends there. A rarer one or two characters are looked for through the
    index within the period that count matches should take at the rate the
    first look found: PostgreSQL intersects the index's candidates with the
    period's before reading any article (疫情 page 50 read 1,100). It does
    not for longer words, whose matches it underestimates, taking each
    character pair for independent; they, a word the first look did not
    find and a period that proves too short go to the whole list
    (newest_matches()).

    What each step finds is exact: a step that finds count matches in its
    period has found the newest count of the whole list, since every article
    before the last of them in the list's order is in the period.
    """
    if not queryset.ordered:
        raise ValueError("newest_published_matches() needs an ordered queryset")
    found, since = look(queryset, query, count, FIRST_LOOK)
    if len(found) == count or since is None:
        return found
    rows = count * ROWS_PER_MATCH
    if rows > FIRST_LOOK and len(found) * ROWS_PER_MATCH >= FIRST_LOOK:
        more, farther = look(queryset, query, count, rows)
        if len(more) == count or farther is None:
            return more
    if found and len(query) <= 2:
        now = timezone.now()
        period = (now - since) * (count / len(found)) * 2
        in_period = queryset.filter(
            PostgresMatch(query), published_at__gte=now - period
        )
        found = first_ids(in_period, count)
        if len(found) == count:
            return found
    return first_ids(newest_matches(queryset, query, count), count)


def look(queryset, query, count, rows):
    """Return (ids of up to count articles containing query among queryset's
    newest rows, published_at of the last of those rows or None if queryset
    has no more): their texts read in order, the index unused."""
    since = published_at_of_row(queryset, rows)
    newest = queryset if since is None else queryset.filter(published_at__gte=since)
    return first_ids(newest.filter(PostgresMatch(query, by_index=False)), count), since


def published_at_of_row(queryset, number):
    """Return the published_at of queryset's row number (from 1), or None if
    it has fewer rows (read from the published-order index alone)."""
    found = queryset.values_list("published_at", flat=True)[number - 1 : number]
    return next(iter(found), None)


def first_ids(queryset, count):
    return list(queryset.values_list("pk", flat=True)[:count])


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
