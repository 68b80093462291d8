"""The public surfaces of the freshness matrix: everything a reader can fetch.

A surface names the addresses where the subject article shows (from its
truth, as tests.freshness.writes describes it) and the strings it shows
there while the article is public. check() compares what a server answered
with the truth:

- while the subject is public, each of its surfaces answers 200 and shows
  every one of those strings;
- while it is not (a draft, scheduled, withdrawn, deleted), none of them
  shows any;
- a string the write removed (an old headline, a renamed or deleted
  person's name, a renamed desk) shows nowhere;
- an answer is never a 5xx, and a 304 is never given for a page that has
  changed.

A new public surface joins SURFACES, one entry: every write path in the
matrix is then checked against it.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

JSON_LD = re.compile(
    r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL
)


def people_of(truth, kind=None):
    return [p for p in truth.get("people", []) if kind in (None, p["kind"])]


def names(truth):
    return [p["name"] for p in people_of(truth)]


def desk_name(truth):
    return [truth["desk"]["name"]] if truth.get("desk") else []


def absolute(truth):
    return truth["site_url"] + truth["path"]


def ymd(truth):
    return tuple(truth["date"])


def structured_data(body):
    """The page's JSON-LD, re-written with its text unescaped."""
    blocks = [json.loads(block) for block in JSON_LD.findall(body)]
    return json.dumps(blocks, ensure_ascii=False)


def corrections(truth):
    return truth.get("corrections", [])


def responsible_editor(truth):
    return [truth["responsible_editor"]] if truth.get("responsible_editor") else []


def captions(truth):
    return truth.get("captions", [])


def page_names(truth):
    return [p["page_name"] for p in truth.get("placements", []) if p["page_name"]]


def printed(route):
    """Addresses of the 数字报 from each page the subject is placed on."""

    def paths(truth):
        return [
            route.format(
                date=p["date"],
                label=p["label"],
                year=p["date"][:4],
                month=int(p["date"][5:7]),
            )
            for p in truth.get("placements", [])
        ]

    return paths


def zh_date(truth):
    year, month, day = ymd(truth)
    return f"{year}年{month}月{day}日"


@dataclass(frozen=True)
class Surface:
    name: str
    paths: object  # function(truth) -> [path]
    shows: object  # function(truth) -> [string shown while the subject is public]
    view: object = field(default=lambda body: body)  # the part of the body checked


def one(path):
    return lambda truth: [path]


def by_person(kind, route):
    def paths(truth):
        return [route.format(slug=quote(p["slug"])) for p in people_of(truth, kind)]

    return paths


def by_desk(route):
    def paths(truth):
        desk = truth.get("desk")
        return [route.format(slug=quote(desk["slug"]))] if desk else []

    return paths


SURFACES = [
    # The front page's latest headlines link every new article.
    Surface("front page", one("/"), lambda t: [t["headline"], t["path"]]),
    # The desk's name shows on the latest list anyway, in the list's filters.
    Surface(
        "latest list",
        one("/latest/"),
        lambda t: [t["headline"], t["path"], *names(t), *captions(t)],
    ),
    Surface(
        "list filtered by date",
        lambda t: (
            [
                "/?date_from={0}-{1:02d}-{2:02d}&date_to={0}-{1:02d}-{2:02d}".format(
                    *ymd(t)
                )
            ]
            if "date" in t
            else []
        ),
        lambda t: [t["headline"]],
    ),
    Surface(
        "list filtered by desk",
        by_desk("/?department={slug}"),
        lambda t: [t["headline"]],
    ),
    Surface(
        "list filtered by reporter",
        by_person("reporter", "/?reporter={slug}"),
        lambda t: [t["headline"]],
    ),
    Surface(
        "list filtered by correspondent",
        by_person("correspondent", "/?correspondent={slug}"),
        lambda t: [t["headline"]],
    ),
    Surface(
        "search",
        lambda t: [f"/?q={quote(t['word'])}"],
        lambda t: [t["headline"], *names(t)],
    ),
    Surface(
        "article page",
        lambda t: [t["path"]] if "path" in t else [],
        lambda t: [
            t["headline"],
            *desk_name(t),
            *names(t),
            *corrections(t),
            *captions(t),
            *responsible_editor(t),
        ],
    ),
    Surface(
        "article page JSON-LD",
        lambda t: [t["path"]] if "path" in t else [],
        lambda t: [t["headline"], absolute(t), *desk_name(t), *names(t)],
        view=structured_data,
    ),
    Surface(
        "previous article's 下一篇",
        lambda t: [t["previous_path"]] if "previous_path" in t else [],
        lambda t: [t["headline"], t["path"]],
    ),
    Surface(
        "desk page",
        lambda t: [t["desk"]["path"]] if t.get("desk") else [],
        lambda t: [t["headline"], *names(t)],
    ),
    Surface(
        "person pages",
        lambda t: [p["path"] for p in people_of(t)],
        lambda t: [t["headline"], *desk_name(t), *names(t)],
    ),
    Surface("corrections page", one("/corrections/"), corrections),
    # The menu lists the desks with a published article: the subject alone
    # gives its desk its place there, on every page, here a background
    # article's, which shows the subject nowhere else.
    Surface(
        "menu on another article's page",
        lambda t: [t["menu_page"]],
        lambda t: [f">{name}</a>" for name in desk_name(t)],
    ),
    # 数字报: the subject alone on its page, so it is the page's 头条.
    Surface(
        "数字报 newest issue",
        lambda t: ["/epaper/"] if t.get("placements") else [],
        lambda t: [t["headline"], *page_names(t)],
    ),
    Surface(
        "数字报 issue",
        printed("/epaper/{date}/"),
        lambda t: [t["headline"], *page_names(t)],
    ),
    Surface(
        "数字报 page",
        printed("/epaper/{date}/{label}/"),
        lambda t: [t["headline"], t["path"], *page_names(t)],
    ),
    Surface(
        "数字报 calendar",
        printed("/epaper/archive/{year}/{month}/"),
        lambda t: [f"/epaper/{p['date']}/" for p in t["placements"]],
    ),
    Surface(
        "数字报 issue feed",
        printed("/epaper/{date}/feed/"),
        lambda t: [t["headline"], absolute(t)],
    ),
    Surface("archive index", one("/archive/"), lambda t: [f"/archive/{ymd(t)[0]}/"]),
    Surface(
        "year archive",
        lambda t: [f"/archive/{ymd(t)[0]}/"] if "date" in t else [],
        lambda t: ["/archive/{}/{}/".format(*ymd(t)[:2])],
    ),
    Surface(
        "month archive",
        lambda t: ["/archive/{}/{}/".format(*ymd(t)[:2])] if "date" in t else [],
        lambda t: ["/archive/{}/{}/{}/".format(*ymd(t))],
    ),
    Surface(
        "day archive",
        lambda t: ["/archive/{}/{}/{}/".format(*ymd(t))] if "date" in t else [],
        lambda t: [t["headline"], t["path"], zh_date(t), *names(t)],
    ),
    Surface("RSS feed", one("/feed/rss/"), lambda t: [t["headline"], absolute(t)]),
    Surface("Atom feed", one("/feed/atom/"), lambda t: [t["headline"], absolute(t)]),
    Surface(
        "desk feed",
        by_desk("/feed/departments/{slug}/"),
        lambda t: [t["headline"], absolute(t)],
    ),
    Surface(
        "reporter feed",
        by_person("reporter", "/feed/reporters/{slug}/"),
        lambda t: [t["headline"], absolute(t)],
    ),
    Surface(
        "correspondent feed",
        by_person("correspondent", "/feed/correspondents/{slug}/"),
        lambda t: [t["headline"], absolute(t)],
    ),
    Surface(
        "sitemap index",
        one("/sitemap.xml"),
        lambda t: ["sitemap-articles-{}-{:02d}.xml".format(*ymd(t)[:2])],
    ),
    Surface(
        "monthly sitemap",
        lambda t: (
            ["/sitemap-articles-{}-{:02d}.xml".format(*ymd(t)[:2])]
            if "date" in t
            else []
        ),
        lambda t: [absolute(t)],
    ),
    Surface(
        "news sitemap", one("/sitemap-news.xml"), lambda t: [absolute(t), t["headline"]]
    ),
    Surface(
        "desk sitemap",
        one("/sitemap-departments.xml"),
        lambda t: [t["site_url"] + t["desk"]["path"]] if t.get("desk") else [],
    ),
    Surface(
        "reporter sitemap",
        one("/sitemap-reporters.xml"),
        lambda t: [t["site_url"] + p["path"] for p in people_of(t, "reporter")],
    ),
    Surface(
        "correspondent sitemap",
        one("/sitemap-correspondents.xml"),
        lambda t: [t["site_url"] + p["path"] for p in people_of(t, "correspondent")],
    ),
]


def gone(before, after):
    """Strings the write removed: they must show on no surface."""
    removed = {before.get("headline")} - {after.get("headline")}
    removed |= set(names(before)) - set(names(after))
    removed |= set(desk_name(before)) - set(desk_name(after))
    removed |= set(corrections(before)) - set(corrections(after))
    removed |= set(responsible_editor(before)) - set(responsible_editor(after))
    removed |= set(page_names(before)) - set(page_names(after))
    return sorted(s for s in removed if s)


def addresses(*truths):
    """[(surface, path)] of every surface of the truths, each pair once."""
    seen = []
    for surface in SURFACES:
        for truth in truths:
            for path in paths_of(surface, truth):
                if (surface, path) not in seen:
                    seen.append((surface, path))
    return seen


def paths_of(surface, truth):
    """The surface's addresses for truth; of an article not yet written,
    those that do not depend on it (the home page, the feeds)."""
    try:
        return surface.paths(truth)
    except KeyError:
        return []


def shown(surface, truth):
    """What surface shows of the subject; of an article not yet written, its
    headline."""
    return surface.shows(truth) if "path" in truth else [truth["headline"]]


def check(surface, path, truth, answer, removed=()):
    """Return what is wrong with answer (status, body) for truth, as text."""
    status, body = answer
    where = f"{surface.name} {path}"
    if status >= 500:
        return [f"{where}: answered {status}"]
    public = truth["visible"] and path in paths_of(surface, truth)
    try:
        view = surface.view(body) if status == 200 else body
    except ValueError as error:
        return [f"{where}: unreadable ({error})"]
    problems = []
    if public:
        if status != 200:
            problems.append(f"{where}: answered {status}, expected 200")
        missing = [s for s in shown(surface, truth) if s not in view]
        if missing:
            problems.append(f"{where}: does not show {missing}")
    elif status == 200:
        leaked = [s for s in shown(surface, truth) if s in view]
        if leaked:
            problems.append(f"{where}: shows {leaked} of an article not public")
    stale = [s for s in removed if s in body]
    if stale:
        problems.append(f"{where}: still shows {stale}")
    return problems
