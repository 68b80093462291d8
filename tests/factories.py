"""Plain factory functions: valid defaults, unique values, override anything."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, ArticleCorrespondent, ArticleReporter
from people.models import Correspondent, Department, Reporter

_numbers = itertools.count(1)


def make_department(**overrides):
    n = next(_numbers)
    fields = {"name": f"部门{n}", "kind": Department.Kind.DESK}
    fields.update(overrides)
    return Department.objects.create(**fields)


def make_reporter(**overrides):
    n = next(_numbers)
    fields = {"name": f"记者{n}"}
    fields.update(overrides)
    return Reporter.objects.create(**fields)


def make_correspondent(**overrides):
    n = next(_numbers)
    fields = {"name": f"通讯员{n}"}
    fields.update(overrides)
    return Correspondent.objects.create(**fields)


def make_article(reporters=(), correspondents=(), **overrides):
    """Create a published article (an hour old) unless overrides say otherwise."""
    n = next(_numbers)
    fields = {
        "headline": f"测试标题{n}",
        "body": f"本报讯 第{n}篇测试稿件的第一段。\n\n第二段。",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    article = Article.objects.create(**fields)
    for position, reporter in enumerate(reporters):
        ArticleReporter.objects.create(
            article=article, reporter=reporter, position=position
        )
    for position, person in enumerate(correspondents):
        ArticleCorrespondent.objects.create(
            article=article, correspondent=person, position=position
        )
    return article


def make_user(username=None, password="correct horse battery staple", **overrides):
    n = next(_numbers)
    user = get_user_model().objects.create_user(
        username=username or f"user{n}", password=password, **overrides
    )
    return user


def make_page(label="A1", issue_date=None, name="要闻", articles=(), **overrides):
    """Create a page of the issue of issue_date (created if missing) with the
    articles placed on it in the order given."""
    from edition.models import Issue, Page, Placement

    day = issue_date or timezone.localdate()
    issue, _ = Issue.objects.get_or_create(date=day)
    page = Page.objects.create(issue=issue, label=label, name=name, **overrides)
    for order, article in enumerate(articles, 1):
        Placement.objects.create(article=article, page=page, order=order)
    return page
