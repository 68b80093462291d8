"""The page of a search on SQLite, from a statement compiled once per page.

Building and compiling the search's statement costs the ORM about as much
as SQLite takes to find a page of 疫情 (readersite.prepared). A search by
its words alone, the common one, runs a statement compiled once per process
and page number, with the words as its parameter.
"""

from django.db import router
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.db.models.utils import create_namedtuple_class

from articles import search
from articles.models import Article
from readersite.items import ITEM_FIELDS
from readersite.prepared import PreparedQuery

Row = create_namedtuple_class(*ITEM_FIELDS)

# A PreparedQuery for each (start, stop): SQLite's LIMIT is part of the SQL.
PAGES = {}


def folds_case(query):
    """Whether SQLite's LIKE (icontains) would ignore the case of some of
    query's characters: it folds ASCII letters alone."""
    return any(ch.isascii() and ch.isalpha() for ch in query)


def contains(query):
    """Return instr() tests of query over the searched fields: for a query
    LIKE folds nothing of, the same test as icontains, with the query itself
    as the parameter (nothing escaped around it)."""
    return Q(
        *(GreaterThan(StrIndex(f, Value(query)), 0) for f in search.SEARCH_FIELDS),
        _connector=Q.OR,
    )


def page_query(start, stop):
    if (start, stop) not in PAGES:
        PAGES[start, stop] = PreparedQuery(
            Article,
            lambda at, ids, query: (
                Article.objects.published(at)
                .filter(contains(query))
                .values_list(*ITEM_FIELDS)[start:stop]
            ),
        )
    return PAGES[start, stop]


def newest_rows(query, start, stop):
    """Return rows start to stop of the published articles containing query,
    a cleaned query, newest first, as readersite.items.plain_rows() gives
    them; None where this statement does not apply (PostgreSQL, or a query
    with ASCII letters)."""
    if not search.scans(router.db_for_read(Article)) or folds_case(query):
        return None
    return [Row(*row) for row in page_query(start, stop).rows(texts=[query])]
