"""What the statistics count, in the database: rankings and one owner's figures.

Counted: published articles (Article.objects.published(), so never a draft,
an article in review, a scheduled or a withdrawn one), by publication date in
the site's time zone. An article's 字数 is Article.char_count (the body's
characters but white space). From the print edition: 头版, an article printed
on a front page (A1, 第1版), and 头条, the lead story of the page it starts
on; a continued article (下转/上接) is one article with two placements and
counts once. Shared credit is counted as newsrooms count it:
an article with two correspondents counts once for each of them, with its
whole 字数, and once for their unit if both are from it (once for each unit
if they are from two). Reporters likewise; a desk counts the articles filed
under it.

A ranking is one SQL statement, whatever the number of rows: the articles of
the period are compiled by the ORM (a WITH query), their placements joined
and folded into the two print flags once per article (a grouped join, not an
EXISTS per article: PostgreSQL answered those by hashing every placement of
the paper, and their estimate made it compile the statement with JIT), then
joined to the kind's bylines, grouped by owner with the owners' names joined
in, and counted once each for the 不重复 total.
"""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.models import Article, ArticleCorrespondent
from edition.models import Placement
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

# Each of the period's articles ("a", the ORM's compiled query) once, with
# its print flags as 0 or 1: 头版 if any of its placements is on a front page,
# 头条 if it leads the page it starts on. A continued article's two
# placements fold into one row; an article never printed has none, and 0s.
# Constant text: table and column names come from the models, never from a
# request.
FLAGGED_SQL = (
    "SELECT {columns},"
    " MAX(CASE WHEN pg.is_front THEN 1 ELSE 0 END) AS on_front,"
    ' MAX(CASE WHEN pl.is_primary AND pl."order" = 1 THEN 1 ELSE 0 END)'
    " AS is_lead"
    " FROM a LEFT JOIN edition_placement pl ON pl.article_id = a.id"
    " LEFT JOIN edition_page pg ON pg.id = pl.page_id"
    " GROUP BY {columns}"
)
# Who is credited with each of the period's articles ("f", flagged), one row
# per credit.
CREDITS_SQL = {
    "reporter": (
        "SELECT b.reporter_id AS owner_id, f.id AS article_id, {measures} FROM f"
        " JOIN articles_articlereporter b ON b.article_id = f.id"
    ),
    "correspondent": (
        "SELECT b.correspondent_id AS owner_id, f.id AS article_id, {measures}"
        " FROM f JOIN articles_articlecorrespondent b ON b.article_id = f.id"
    ),
    # Two correspondents of one unit on one article: the unit counts it once.
    "unit": (
        "SELECT DISTINCT c.department_id AS owner_id, f.id AS article_id,"
        " {measures} FROM f"
        " JOIN articles_articlecorrespondent b ON b.article_id = f.id"
        " JOIN people_correspondent c ON c.id = b.correspondent_id"
    ),
    "desk": (
        "SELECT f.department_id AS owner_id, f.id AS article_id, {measures} FROM f"
    ),
}
# The owners' names, and a person's unit or desk, joined to the owners'
# figures (s), one row each.
PERSON_OWNERS_SQL = (
    " LEFT JOIN {table} o ON o.id = s.owner_id"
    " LEFT JOIN people_department g ON g.id = o.department_id"
)
OWNERS_SQL = {
    "reporter": (PERSON_OWNERS_SQL.format(table="people_reporter"), "g.name"),
    "correspondent": (
        PERSON_OWNERS_SQL.format(table="people_correspondent"),
        "g.name",
    ),
    "unit": (" LEFT JOIN people_department o ON o.id = s.owner_id", "''"),
    "desk": (" LEFT JOIN people_department o ON o.id = s.owner_id", "''"),
}


@dataclass
class Figures:
    """What is counted for a row, a month or a whole table."""

    articles: int = 0
    chars: int = 0
    front: int = 0  # 头版: printed on a front page
    lead: int = 0  # 头条: the lead story of the page it starts on


# What the statement adds up, for a group of credits ({t}).
FIGURES_SQL = (
    "COUNT(*) AS articles, SUM({t}.char_count) AS chars,"
    " SUM({t}.on_front) AS front, SUM({t}.is_lead) AS leads"
)


def print_flags():
    """Whether an article was printed on a front page, and as the lead story
    of the page it starts on: EXISTS over its placements, so that a continued
    article's two placements count once."""
    placements = Placement.objects.filter(article=OuterRef("pk"))
    return {
        "on_front": Exists(placements.filter(page__is_front=True)),
        "is_lead": Exists(placements.filter(is_primary=True, order=1)),
    }


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
    columns = ["id", "char_count"]
    if kind.slug == "desk":
        columns.append("department_id")
    articles = period_articles(period, desk).order_by().values(*columns)
    compiled, params = articles.query.sql_with_params()
    flagged = FLAGGED_SQL.format(columns=", ".join(f"a.{name}" for name in columns))
    measures = "f.char_count, f.on_front, f.is_lead"
    credits = CREDITS_SQL[kind.slug].format(measures=measures)
    owners, group = OWNERS_SQL[kind.slug]
    # t, the credits, is read twice: grouped by owner (then the names are
    # joined to one row per owner), and each article once for the 不重复 total.
    statement = (
        f"WITH a AS ({compiled}), f AS ({flagged}), t AS ({credits})"
        f" SELECT 0 AS is_total, s.owner_id, o.name, {group},"
        " s.articles, s.chars, s.front, s.leads"
        f" FROM (SELECT t.owner_id, {FIGURES_SQL.format(t='t')}"
        f" FROM t GROUP BY t.owner_id) s{owners}"
        " UNION ALL"
        f" SELECT 1, NULL, NULL, NULL, {FIGURES_SQL.format(t='d')}"
        " FROM (SELECT DISTINCT t.article_id, t.char_count, t.on_front, t.is_lead"
        " FROM t) d"
    )
    connection = connections[articles.db]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        results = cursor.fetchall()
    table = Ranking(kind)
    for is_total, owner_id, name, group, count, chars, front, lead in results:
        counted = Figures(count, chars or 0, front or 0, lead or 0)
        if is_total:
            table.distinct = counted
            continue
        table.rows.append(
            Row(
                **vars(counted),
                owner_id=owner_id,
                name=name if owner_id is not None else kind.unassigned,
                group=group or "",
            )
        )
    table.credited = Figures(
        *(
            sum(getattr(row, name) for row in table.rows)
            for name in ("articles", "chars", "front", "lead")
        )
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
    "front": lambda row: row.front,
    "lead": lambda row: row.lead,
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
        articles.alias(**print_flags())
        .annotate(month=TruncMonth("published_at"))
        .order_by()
        .values("month")
        .annotate(
            articles=Count("id"),
            chars=Sum("char_count"),
            front=Count("id", filter=Q(on_front=True)),
            lead=Count("id", filter=Q(is_lead=True)),
        )
    )
    by_month = {
        timezone.localtime(row["month"]).date().replace(day=1): Figures(
            row["articles"], row["chars"] or 0, row["front"], row["lead"]
        )
        for row in counted
    }
    return [(month, by_month.get(month, Figures())) for month in months]


def article_list(kind, owner, period, desk=None, limit=ARTICLE_LIST_LIMIT):
    """The owner's articles of the period, oldest first, with their bylines."""
    articles = owner_articles(kind, owner, period_articles(period, desk))
    articles = (
        articles.with_bylines()
        .annotate(**print_flags())
        .prefetch_related(printed_pages())
        .order_by("published_at", "id")
    )
    return articles if limit is None else articles[:limit]


def printed_pages():
    """Each article's placements (its page and issue), first page first, as
    article.printed."""
    return Prefetch(
        "placements",
        queryset=Placement.objects.select_related("page__issue").order_by(
            "-is_primary", "page__issue__date", "page__sort_key"
        ),
        to_attr="printed",
    )
