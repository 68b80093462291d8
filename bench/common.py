"""Shared helpers for the benchmarks: Django set-up, the machine, generated news.

The generated articles read like the sample page: sentences from
samples/sample-page.txt with their topic word, officials and figures varied,
mixed with template sentences over a vocabulary of places, offices and topics.
Every article's text is unique (its fingerprint is unique). Topic words are
weighted so that a 2-character word such as 疫情 is in a few percent of
articles, as in a real archive.
"""

import datetime
import os
import platform
import random
import re
import secrets
import sys
from pathlib import Path
from string import Formatter

BASE_DIR = Path(__file__).resolve().parent.parent
SAMPLE_PAGE = BASE_DIR / "samples" / "sample-page.txt"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健世广志义"
    "兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达"
    "安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江"
)
DESKS = (
    "要闻部",
    "经济新闻部",
    "社会新闻部",
    "政法新闻部",
    "文教卫新闻部",
    "城建新闻部",
    "摄影部",
    "融媒体中心",
)
UNIT_SUFFIXES = ("办事处", "局", "中心", "学校", "医院", "公司", "派出所", "社区")
PLACES = (
    "航空港实验区",
    "郑港办事处",
    "滨河办事处",
    "冯堂办事处",
    "新港办事处",
    "龙王办事处",
    "张庄办事处",
    "八千办事处",
    "三官庙办事处",
    "明港办事处",
    "银河办事处",
    "清河办事处",
    "太湖路小学",
    "实验中学",
    "台湾科技园",
    "综合保税区",
    "富士康园区",
    "机场T1航站楼",
    "锦绣桂园社区",
    "丽园小区",
    "双鹤湖公园",
    "园博园",
    "南水北调干渠",
    "物流园区",
    "智能终端产业园",
)
ORGS = (
    "党工委",
    "管委会",
    "政法委",
    "公安分局",
    "人民法院",
    "人民检察院",
    "教育局",
    "卫生健康局",
    "市场监管局",
    "生态环境分局",
    "交通运输局",
    "住房保障局",
    "城市管理局",
    "应急管理局",
    "税务局",
    "财政局",
    "商务局",
    "文化旅游局",
    "农业农村局",
    "民政局",
    "人社局",
    "消防救援大队",
    "团工委",
    "妇联",
)
# (word, weight): the topic of an article, as a share of the archive.
TOPICS = (
    ("疫情", 3),
    ("教育", 7),
    ("交通", 7),
    ("环保", 6),
    ("招商", 6),
    ("物流", 5),
    ("医疗", 5),
    ("文化", 5),
    ("旅游", 4),
    ("农业", 4),
    ("就业", 5),
    ("养老", 3),
    ("消防", 3),
    ("税务", 3),
    ("电力", 2),
    ("水利", 3),
    ("住房", 3),
    ("社区", 5),
    ("科技", 5),
    ("金融", 3),
    ("体育", 3),
    ("治安", 4),
    ("民生", 5),
    ("安全", 4),
)
NOUNS = ("工作会议", "推进会", "专题调研", "督导检查", "培训班", "座谈会", "现场会")
ACTIONS = ("召开", "部署", "推进", "开展", "督导", "调研", "启动", "检查", "落实")
TEMPLATES = (
    "{place}{org}{action}{topic}工作，要求各单位压实责任、细化措施。",
    "截至{month}月底，{place}累计完成{topic}项目{n}个，完成投资{m}亿元。",
    "{org}负责人表示，将以{topic}工作为抓手，持续提升群众的获得感和满意度。",
    "今年以来，{place}共受理{topic}相关事项{n}件，办结率达到{pct}%。",
    "{place}地区生产总值（GDP）同比增长{pct2}%，{topic}领域贡献明显。",
    "群众可通过“航空港发布”APP查询{topic}政策和办事指南。",
    "{org}联合{org2}在{place}开展{topic}专项行动，出动人员{n}人次。",
    "据介绍，{place}新建5G基站{n}座，为{topic}数字化提供支撑。",
    "会上，{official}通报了近期{topic}工作情况，并对下一步工作作出安排。",
    "{official}强调，要坚持问题导向，补齐{topic}短板，确保各项任务落到实处。",
    "活动现场，工作人员向过往群众发放{topic}宣传资料{n}余份。",
    "{place}将{topic}工作纳入年度考核，每月通报一次进展。",
)
OFFICIALS = ("张俊峰", "季玉成", "丁海江", "李根锁", "张国周")
WORDS = {"place": PLACES, "org": ORGS, "org2": ORGS, "action": ACTIONS}
NUMBERS = {"month": (1, 12), "n": (3, 900), "m": (1, 90), "pct": (80, 100)}
SLOTS = {}


def machine_summary():
    """Return one line naming the machine: CPUs, CPU model, memory, OS, Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc), {model}{memory}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def load_average():
    """Return the 1-minute load average: other work on the machine skews figures."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def production_environment(database_url, **overrides):
    """Return environment variables for production settings on loopback."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "NEWSROOM_", "REDIS_URL"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        # Benchmarks serve no static files, so STATIC_ROOT need not exist.
        PYTHONWARNINGS="ignore:No directory at",
    )
    environ.update(overrides)
    return environ


def setup_django(database_url, **overrides):
    """Configure this process with production settings on database_url."""
    os.environ.update(production_environment(database_url, **overrides))
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def sample_sentences():
    """Return the sample page's sentences with topic and officials as slots."""
    text = SAMPLE_PAGE.read_text(encoding="utf-8").replace("\n", "")
    sentences = []
    for sentence in re.findall(r"[^。！？]+[。！？]", text):
        if "本报讯" in sentence:
            sentence = sentence.split("本报讯", 1)[1]
            sentence = re.sub(r"^\s*\d+月\d+日[上下午]*[,，]", "", sentence)
        if "记者 " in sentence or "通讯员 " in sentence or len(sentence) < 12:
            continue
        sentence = sentence.strip().replace(",", "，").replace("疫情", "{topic}")
        for name in OFFICIALS:
            sentence = sentence.replace(name, "{official}")
        sentences.append(sentence)
    return sentences


class NewsWriter:
    """Write unique, realistic articles from a seeded random generator."""

    def __init__(self, seed=1):
        self.rng = random.Random(seed)
        self.sample = sample_sentences()
        self.topics = [word for word, _ in TOPICS]
        self.weights = [weight for _, weight in TOPICS]
        self.units = [f"{p}{s}" for p in PLACES[:12] for s in UNIT_SUFFIXES[:4]]

    def topic(self):
        return self.rng.choices(self.topics, self.weights)[0]

    def sentence(self, topic):
        rng = self.rng
        pattern = rng.choice(self.sample) if rng.random() < 0.3 else None
        pattern = pattern or rng.choice(TEMPLATES)
        slots = SLOTS.get(pattern)
        if slots is None:
            slots = SLOTS[pattern] = {f for _, f, _, _ in Formatter().parse(pattern)}
        values = {name: self.slot(name) for name in slots if name and name != "topic"}
        return pattern.format(topic=topic, **values)

    def slot(self, name):
        rng = self.rng
        if name == "official":
            return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name == "pct2":
            return round(rng.uniform(1, 12), 1)
        if name in NUMBERS:
            return rng.randint(*NUMBERS[name])
        return rng.choice(WORDS[name])

    def article(self, serial, day):
        """Return (headline, body) for article number serial dated day."""
        rng = self.rng
        topic = self.topic()
        place = rng.choice(PLACES)
        headline = f"{place}{rng.choice(ACTIONS)}{topic}{rng.choice(NOUNS)}"
        lead = (
            f"本报讯 {day.month}月{day.day}日，{place}{rng.choice(ORGS)}"
            f"{rng.choice(ACTIONS)}{topic}工作，第{serial}号工作台账同步建立。"
        )
        paragraphs = [lead + self.sentence(topic)]
        for _ in range(rng.randint(3, 7)):
            count = rng.randint(1, 3)
            paragraphs.append("".join(self.sentence(topic) for _ in range(count)))
        return headline, "\n\n".join(paragraphs)

    def unique_names(self, count, taken):
        names = []
        while len(names) < count:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2)))
            )
            if name not in taken:
                taken.add(name)
                names.append(name)
        return names


def create_people(writer, reporters=200, correspondents=500, units=40):
    """Create desks, outside units, reporters and correspondents; return their ids."""
    from people.models import Correspondent, Department, Reporter, name_key

    desks = Department.objects.bulk_create(
        Department(name=name, slug=name, kind=Department.Kind.DESK) for name in DESKS
    )
    outside = Department.objects.bulk_create(
        Department(name=name, slug=name, kind=Department.Kind.UNIT)
        for name in writer.units[:units]
    )
    taken = set()
    ranks = [rank for rank, _ in Reporter.Rank.choices]
    made_reporters = Reporter.objects.bulk_create(
        Reporter(
            name=name,
            name_key=name_key(name),
            slug=name,
            rank=writer.rng.choice(ranks),
            department=writer.rng.choice(desks),
        )
        for name in writer.unique_names(reporters, taken)
    )
    made_correspondents = Correspondent.objects.bulk_create(
        Correspondent(
            name=name,
            name_key=name_key(name),
            slug=name,
            department=writer.rng.choice(outside),
        )
        for name in writer.unique_names(correspondents, taken)
    )
    return {
        "desks": [d.pk for d in desks],
        "reporters": [r.pk for r in made_reporters],
        "correspondents": [c.pk for c in made_correspondents],
    }


def plan_article(serial, count, now, rng, years=10):
    """Return (status, published_at) of article number serial of count.

    Serials run in publication order over the past years. About 93% are
    published, 4% drafts, 1% in review, 1% withdrawn and 1% scheduled
    within the next 30 days.
    """
    from articles.models import Article

    Status = Article.Status
    span = datetime.timedelta(days=365 * years)
    moment = now - span + span * ((serial - rng.random()) / count)
    roll = rng.random()
    if roll < 0.04:
        return Status.DRAFT, None
    if roll < 0.05:
        return Status.REVIEW, None
    if roll < 0.06:
        return Status.WITHDRAWN, moment
    if roll < 0.07:
        return Status.PUBLISHED, now + datetime.timedelta(
            seconds=rng.uniform(60, 30 * 86400)
        )
    return Status.PUBLISHED, moment


def generate_articles(serials, count, people, now, seed=1, years=10):
    """Yield (unsaved Article with pk, reporter ids, correspondent ids).

    serials is a range within 1..count; the same seed and range give the same
    articles, so ranges can be generated in parallel.
    """
    from articles.models import Article

    writer = NewsWriter(seed * 1_000_003 + serials.start)
    rng = writer.rng
    for serial in serials:
        status, published_at = plan_article(serial, count, now, rng, years)
        moment = published_at or now - datetime.timedelta(days=rng.uniform(0, 30))
        headline, body = writer.article(serial, moment.date())
        created = min(moment, now) - datetime.timedelta(hours=rng.uniform(1, 48))
        article = Article(
            pk=serial,
            headline=headline,
            body=body,
            status=status,
            published_at=published_at,
            department_id=rng.choice(people["desks"]),
            created_at=created,
            updated_at=created + datetime.timedelta(minutes=rng.uniform(1, 90)),
        )
        article.fill_derived_fields()
        reporters = rng.sample(people["reporters"], rng.choice((1, 1, 1, 2, 2, 3)))
        correspondents = []
        if rng.random() < 0.4:
            correspondents = rng.sample(people["correspondents"], rng.choice((1, 2)))
        yield article, reporters, correspondents


def populate(count, now=None, seed=1, batch=2000):
    """Create people and count articles with bylines through the ORM."""
    from django.db import transaction

    from articles.models import ArticleCorrespondent, ArticleReporter

    now = now or datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        people = create_people(NewsWriter(seed + 1))
        articles, reporters, correspondents = [], [], []
        for article, reporter_ids, correspondent_ids in generate_articles(
            range(1, count + 1), count, people, now, seed
        ):
            articles.append(article)
            reporters += [
                ArticleReporter(article_id=article.pk, reporter_id=pk, position=i)
                for i, pk in enumerate(reporter_ids)
            ]
            correspondents += [
                ArticleCorrespondent(
                    article_id=article.pk, correspondent_id=pk, position=i
                )
                for i, pk in enumerate(correspondent_ids)
            ]
            if len(articles) >= batch:
                flush(articles, reporters, correspondents)
        flush(articles, reporters, correspondents)
    return people


def flush(articles, reporters, correspondents):
    from articles.models import Article, ArticleCorrespondent, ArticleReporter

    Article.objects.bulk_create(articles)
    ArticleReporter.objects.bulk_create(reporters)
    ArticleCorrespondent.objects.bulk_create(correspondents)
    articles.clear()
    reporters.clear()
    correspondents.clear()


def recreate_postgres_database(url):
    """Drop and create the PostgreSQL database named in url (loopback only)."""
    from urllib.parse import urlsplit

    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1") or not name:
        raise SystemExit(f"refusing to recreate {url!r}: loopback databases only")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def reset_sequences():
    """Move PostgreSQL's id sequences past the ids populate() gave explicitly:
    otherwise the first import's INSERT collides with article 1, and the
    importer falls back to its slower path for concurrent imports."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [
        m
        for label in ("articles", "people")
        for m in apps.get_app_config(label).get_models()
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def http_pages():
    """Return [(name, kind, path)] of the pages bench/http.sh measures."""
    from django.urls import reverse
    from django.utils import timezone

    from articles.models import Article
    from people.models import Department
    from readersite.pagination import MAX_PAGES

    published = Article.objects.published()
    department = Department.objects.filter(kind=Department.Kind.DESK).first()
    old_day = timezone.localtime(published.order_by("published_at")[50].published_at)
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    deepest = MAX_PAGES
    return [
        ("healthz", "fixed", "/healthz"),
        ("home", "list", "/"),
        ("department", "list", department.get_absolute_url()),
        (
            "filtered list",
            "list",
            f"/?department={department.slug}&date_from={year_ago.isoformat()}",
        ),
        ("search 疫情", "list", "/?q=疫情"),
        ("article", "article", published[100].get_absolute_url()),
        (f"deep page {deepest}", "list", f"/?page={deepest}"),
        (
            "archive day",
            "list",
            reverse(
                "articles:archive_day",
                kwargs={
                    "year": old_day.year,
                    "month": old_day.month,
                    "day": old_day.day,
                },
            ),
        ),
    ]


def query_budget(path):
    """Return (status, SQL queries, COUNT queries, largest OFFSET) of one GET."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    sql = [q["sql"] for q in captured.captured_queries]
    offsets = [int(n) for s in sql for n in re.findall(r"OFFSET (\d+)", s)]
    counts = sum("COUNT(" in s.upper() for s in sql)
    return response.status_code, len(sql), counts, max(offsets, default=0)


def dataset_command(argv):
    """Fill a database for bench/http.sh; print its pages as tab-separated rows."""
    import argparse
    import time
    from urllib.parse import quote

    parser = argparse.ArgumentParser(prog="bench/common.py dataset")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)
    if args.database_url.startswith("postgres"):
        recreate_postgres_database(args.database_url)
    setup_django(args.database_url, NEWSROOM_PAGE_CACHE_SECONDS="0")
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    populate(args.articles)
    if args.database_url.startswith("postgres"):
        reset_sequences()
        analyze()
    print(
        f"Dataset: {args.articles:,} articles with bylines "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    for name, kind, path in http_pages():
        status, queries, counts, offset = query_budget(path)
        url = quote(path, safe="/?=&%")
        print("\t".join(map(str, (name, kind, url, status, queries, counts, offset))))


if __name__ == "__main__":
    if sys.argv[1:2] != ["dataset"]:
        sys.exit("usage: bench/common.py dataset --database-url URL [--articles N]")
    dataset_command(sys.argv[2:])
