"""The editorial record of articles, kept apart from the articles app:
revisions, corrections (更正) and review steps."""

from editorial.corrections import Correction
from editorial.import_warnings import ImportWarnings
from editorial.reviews import ArticleReview, ReviewStep
from editorial.revisions import RevisionFields, register_article_history

register_article_history()

__all__ = [
    "ArticleReview",
    "Correction",
    "ImportWarnings",
    "ReviewStep",
    "RevisionFields",
]
