"""Admin searches of bounded size.

Django's admin turns every word of a search into a LIKE condition on every
search field: a pasted page of text becomes a query too large to run (SQLite
refuses one of 20,000 words with an error, a 500). The search term is cut to
a length and a number of words that no one types by hand.
"""

from django.utils.text import smart_split

MAX_SEARCH_LENGTH = 100
MAX_SEARCH_WORDS = 10


def bounded_search_term(term):
    """Return at most MAX_SEARCH_WORDS words and MAX_SEARCH_LENGTH
    characters of term."""
    words = list(smart_split(term[: MAX_SEARCH_LENGTH * 2]))
    return " ".join(words[:MAX_SEARCH_WORDS])[:MAX_SEARCH_LENGTH]


class BoundedSearchMixin:
    """For ModelAdmin: search with at most the first words of a long term."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, bounded_search_term(search_term)
        )
