"""What the statistics count, in the database: rankings and one owner's figures.

Counted: published articles (Article.objects.published(), so never a draft,
an article in review, a scheduled or a withdrawn one), by publication date in
the site's time zone. An article's 字数 is Article.char_count (the body's
characters but white space). Shared credit is counted as newsrooms count it:
an article with two correspondents counts once for each of them, with its
whole 字数, and once for their unit if both are from it (once for each unit
if they are from two). Reporters likewise; a desk counts the articles filed
under it.

A ranking is one SQL statement, whatever the number of rows: the articles of
the period are compiled by the ORM and read once (a WITH query), joined to
the kind's bylines, grouped by owner with the owners' names joined in, and
counted once each for the 不重复 total.
"""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.models import Article, ArticleCorrespondent
from people.models import Correspondent, Department, Reporter

# Articles listed on an owner's page; the exports carry them all.
ARTICLE_LIST_LIMIT = 500


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str  # 通讯员, 单位 …: what a row of the ranking is
    name_header: str
    group_header: str  # the column naming a person's unit or desk, or ""
    unassigned: str  # the row of articles whose owner is not recorded, or ""
    model: type


CORRESPONDENT = Kind("correspondent", "通讯员", "通讯员", "所在单位", "", Correspondent)
UNIT = Kind("unit", "单位", "单位", "", "（未填所在单位的通讯员）", Department)
REPORTER = Kind("reporter", "记者", "记者", "所属部门", "", Reporter)
DESK = Kind("desk", "部门", "部门", "", "（未分部门）", Department)
KINDS = {kind.slug: kind for kind in (CORRESPONDENT, UNIT, REPORTER, DESK)}

# Who is credited with each of the period's articles, one row per credit.
# Constant text: table and column names come from the models, never from a
# request; "a" is the period's articles, the ORM's compiled query.
CREDITS_SQL = {
    "reporter": (
        "SELECT b.reporter_id AS owner_id, a.id AS article_id, {measures} FROM a"
        " JOIN articles_articlereporter b ON b.article_id = a.id"
    ),
    "correspondent": (
        "SELECT b.correspondent_id AS owner_id, a.id AS article_id, {measures}"
        " FROM a JOIN articles_articlecorrespondent b ON b.article_id = a.id"
    ),
    # Two correspondents of one unit on one article: the unit counts it once.
    "unit": (
        "SELECT DISTINCT c.department_id AS owner_id, a.id AS article_id,"
        " {measures} FROM a"
        " JOIN articles_articlecorrespondent b ON b.article_id = a.id"
        " JOIN people_correspondent c ON c.id = b.correspondent_id"
    ),
    "desk": (
        "SELECT a.department_id AS owner_id, a.id AS article_id, {measures} FROM a"
    ),
}
# The owners' names, and a person's unit or desk.
PERSON_OWNERS_SQL = (
    " LEFT JOIN {table} o ON o.id = t.owner_id"
    " LEFT JOIN people_department g ON g.id = o.department_id"
)
OWNERS_SQL = {
    "reporter": (PERSON_OWNERS_SQL.format(table="people_reporter"), "MAX(g.name)"),
    "correspondent": (
        PERSON_OWNERS_SQL.format(table="people_correspondent"),
        "MAX(g.name)",
    ),
    "unit": (" LEFT JOIN people_department o ON o.id = t.owner_id", "''"),
    "desk": (" LEFT JOIN people_department o ON o.id = t.owner_id", "''"),
}


@dataclass
class Figures:
    """What is counted for a row, a month or a whole table."""

    articles: int = 0
    chars: int = 0


@dataclass
class Row(Figures):
    owner_id: int | None = None
    name: str = ""
    group: str = ""
    rank: int = 0


@dataclass
class Ranking:
    kind: Kind
    rows: list = field(default_factory=list)
    # The columns added up: an article shared by two people counts twice.
    credited: Figures = field(default_factory=Figures)
    # Every article of the table once.
    distinct: Figures = field(default_factory=Figures)


def period_articles(period, desk=None):
    """The articles the statistics of period count (desk: only its articles)."""
    start, end = period.bounds()
    articles = Article.objects.published().filter(
        published_at__gte=start, published_at__lt=end
    )
    if desk is not None:
        articles = articles.filter(department=desk)
    return articles


def ranking(kind, period, desk=None):
    """Return the Ranking of kind (a Kind) for period, in one statement."""
    articles = period_articles(period, desk).order_by().values("id", "char_count")
    if kind.slug == "desk":
        articles = articles.values("id", "char_count", "department_id")
    compiled, params = articles.query.sql_with_params()
    measures = "a.char_count"
    credits = CREDITS_SQL[kind.slug].format(measures=measures)
    owners, group = OWNERS_SQL[kind.slug]
    # t, the credits, is read twice: grouped by owner, and each article once
    # for the 不重复 total.
    statement = (
        f"WITH a AS ({compiled}), t AS ({credits})"
        f" SELECT 0 AS is_total, t.owner_id, MAX(o.name), {group},"
        " COUNT(*), SUM(t.char_count)"
        f" FROM t{owners}"
        " GROUP BY t.owner_id"
        " UNION ALL"
        " SELECT 1, NULL, NULL, NULL, COUNT(*), SUM(d.char_count)"
        " FROM (SELECT DISTINCT t.article_id, t.char_count FROM t) d"
    )
    connection = connections[articles.db]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        results = cursor.fetchall()
    table = Ranking(kind)
    for is_total, owner_id, name, group, count, chars in results:
        if is_total:
            table.distinct = Figures(count, chars or 0)
            continue
        table.rows.append(
            Row(
                articles=count,
                chars=chars or 0,
                owner_id=owner_id,
                name=name if owner_id is not None else kind.unassigned,
                group=group or "",
            )
        )
    table.credited = Figures(
        sum(row.articles for row in table.rows), sum(row.chars for row in table.rows)
    )
    rank_rows(table.rows)
    return table


def rank_rows(rows):
    """Order rows by articles then 字数, most first, and number them; equal
    figures share a rank (1, 2, 2, 4)."""
    rows.sort(key=lambda row: (-row.articles, -row.chars, row.name))
    previous = None
    for position, row in enumerate(rows, 1):
        figures = (row.articles, row.chars)
        if figures != previous:
            row.rank, previous = position, figures
        else:
            row.rank = rows[position - 2].rank


SORT_KEYS = {
    "rank": lambda row: row.rank,
    "name": lambda row: row.name,
    "group": lambda row: row.group,
    "articles": lambda row: row.articles,
    "chars": lambda row: row.chars,
}


def sort_rows(rows, order):
    """Sort rows by order, a column name with "-" in front for descending."""
    column = order.lstrip("-")
    key = SORT_KEYS.get(column, SORT_KEYS["rank"])
    # Ties keep the ranking's order.
    return sorted(rows, key=key, reverse=order.startswith("-"))


def owner_articles(kind, owner, articles):
    """Narrow articles to those credited to owner (None: the unassigned row)."""
    if kind.slug == "reporter":
        return articles.filter(reporter_bylines__reporter=owner)
    if kind.slug == "correspondent":
        return articles.filter(correspondent_bylines__correspondent=owner)
    if kind.slug == "unit":
        bylines = ArticleCorrespondent.objects.filter(article=OuterRef("pk"))
        if owner is None:
            bylines = bylines.filter(correspondent__department__isnull=True)
        else:
            bylines = bylines.filter(correspondent__department=owner)
        return articles.filter(Exists(bylines))
    return articles.filter(department=owner)


def monthly(kind, owner, period, desk=None):
    """Return [(first day of month, Figures)] for every month of the period's
    chart, months without articles included, in one query."""
    months = period.chart_months()
    chart = period
    if period.kind == "month":
        chart = type(period).span(months[0], period.last)
    articles = owner_articles(kind, owner, period_articles(chart, desk))
    counted = (
        articles.annotate(month=TruncMonth("published_at"))
        .order_by()
        .values("month")
        .annotate(articles=Count("id"), chars=Sum("char_count"))
    )
    by_month = {
        timezone.localtime(row["month"]).date().replace(day=1): Figures(
            row["articles"], row["chars"] or 0
        )
        for row in counted
    }
    return [(month, by_month.get(month, Figures())) for month in months]


def article_list(kind, owner, period, desk=None, limit=ARTICLE_LIST_LIMIT):
    """The owner's articles of the period, oldest first, with their bylines."""
    articles = owner_articles(kind, owner, period_articles(period, desk))
    articles = articles.with_bylines().order_by("published_at", "id")
    return articles if limit is None else articles[:limit]
