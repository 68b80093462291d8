"""Store checked pages: each article, byline and person once, in one transaction.

import_pages() writes a group of pages in one transaction; preview_page()
tells what it would do without writing anything. Callers go through
articles.importing.run(), which decides the groups and the retries.
"""

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import bulk_insert
from articles.importing.pages import LoadedPage, build_article
from articles.models import (
    Article,
    ArticleCorrespondent,
    ArticleReporter,
    ImportBatch,
)
from articles.parsing import ParsedArticle
from edition import filing
from editorial import import_warnings, reviews, revisions
from newsroom import db_statistics
from people.models import Correspondent, Reporter, unique_slug
from people.models import name_key as _name_key

# The same few bylines recur on every page of an import.
name_key = functools.lru_cache(maxsize=4096)(_name_key)
PUBLISH_TIME = time(6, 0)


class KnownPeople:
    """{name_key: pk} of the reporters and correspondents met so far in a run.

    An import of many pages passes one to import_page() so that each name is
    looked up once per run rather than once per page. Only what committed
    imports found or created is kept: a page rolled back leaves nothing here.
    """

    def __init__(self):
        self.ids = {Reporter: {}, Correspondent: {}}

    def found(self, model, keys):
        """Return {name_key: pk} of those of keys already met."""
        known = self.ids[model]
        return {key: known[key] for key in keys if key in known}

    def remember(self, model, ids):
        if ids:
            transaction.on_commit(lambda: self.ids[model].update(ids))


@dataclass
class ArticleOutcome:
    parsed: ParsedArticle
    fingerprint: str
    status: str
    new_reporters: tuple[str, ...] = ()
    new_correspondents: tuple[str, ...] = ()


@dataclass
class PageOutcome:
    """What an import did to one page, or would do when dry_run is true."""

    page: LoadedPage
    articles: list[ArticleOutcome]
    people_created: int
    dry_run: bool
    batch: ImportBatch | None = None
    counts: dict = field(init=False)

    def __post_init__(self):
        statuses = [article.status for article in self.articles]
        self.counts = {
            "articles_found": len(statuses),
            "articles_created": statuses.count(CREATED) + statuses.count(WOULD_CREATE),
            "articles_skipped": statuses.count(SKIPPED) + statuses.count(WOULD_SKIP),
            "people_created": self.people_created,
        }


CREATED, SKIPPED = "created", "skipped"
WOULD_CREATE, WOULD_SKIP = "would_create", "would_skip"
UNCHECKED = "unchecked"  # a dry run without a usable database


def published_at(issue_date):
    """Return the moment a page of issue_date goes public: early morning, local."""
    return timezone.make_aware(datetime.combine(issue_date, PUBLISH_TIME))


def print_order_times(pages):
    """Return each page's list of publication times, one per article.

    The articles of one issue date go public a second apart in reverse print
    order, so that lists, which show the newest first, show a run's pages in
    the order given and each page as printed, its lead story first.
    """
    later = Counter()
    for page in pages:
        later[page.issue_date] += len(page.articles)
    times = []
    for page in pages:
        start = published_at(page.issue_date)
        page_times = []
        for _ in page.articles:
            later[page.issue_date] -= 1
            page_times.append(start + timedelta(seconds=later[page.issue_date]))
        times.append(page_times)
    return times


def preview_page(page):
    """Return what import_page() would do, reading the database only."""
    prints = list(page.fingerprints)
    fresh = _first_new(prints, _existing(prints))
    statuses = [WOULD_CREATE if i in fresh else WOULD_SKIP for i in range(len(prints))]
    wanted = [page.articles[i] for i in fresh]
    new_reporters = _unknown_keys(Reporter, _keys(page.articles, "reporters"))
    new_correspondents = _unknown_keys(
        Correspondent, _keys(page.articles, "correspondents")
    )
    people = len(new_reporters & set(_keys(wanted, "reporters"))) + len(
        new_correspondents & set(_keys(wanted, "correspondents"))
    )
    outcomes = _outcomes(page, prints, statuses, new_reporters, new_correspondents)
    return PageOutcome(page, outcomes, people, dry_run=True)


def unchecked_page(page):
    """Return the parsed page as a dry run reports it when the database is out
    of reach: nothing is known about what is already stored."""
    outcomes = [
        ArticleOutcome(parsed, print_, UNCHECKED)
        for parsed, print_ in zip(page.articles, page.fingerprints, strict=True)
    ]
    return PageOutcome(page, outcomes, 0, dry_run=True)


def import_page(page, **options):
    """Store one page; see import_pages()."""
    return import_pages([page], **options)[0]


def import_pages(
    pages,
    *,
    department=None,
    publish=False,
    publish_all=False,
    page_label="",
    page_name="",
    source=ImportBatch.Source.COMMAND,
    user=None,
    people=None,
):
    """Store the pages' new articles with their bylines; return a PageOutcome
    for each page, each with its own ImportBatch.

    The pages are written together, in one transaction and a fixed number of
    queries, so each page is stored whole or not at all, and the same goes
    for all of them. An article whose fingerprint is already stored, by an
    earlier import, an earlier page or a concurrent import, is skipped; the
    unique constraint is the judge. People is a KnownPeople shared by the
    pages of one run, or None. With publish, only articles the parser has no
    warning about are published, the others wait in review with their
    warnings kept; publish_all publishes them all. The articles an editor
    kept as drafts (LoadedPage.kept_as_drafts) stay drafts either way.
    """
    prints = [list(page.fingerprints) for page in pages]
    people = people or KnownPeople()
    batch_fields = {"source": source, "created_by": user}
    with transaction.atomic():
        seen = _existing([print_ for page_prints in prints for print_ in page_prints])
        fresh = [_first_new(page_prints, seen) for page_prints in prints]
        wanted = [
            page.articles[index]
            for page, page_fresh in zip(pages, fresh, strict=True)
            for index in page_fresh
        ]
        reporters, new_reporters = _people(Reporter, _keys(wanted, "reporters"), people)
        correspondents, new_correspondents = _people(
            Correspondent, _keys(wanted, "correspondents"), people
        )
        news = _new_people_by_page(pages, fresh, new_reporters, new_correspondents)
        batches = _create_batches(
            [
                _batch(
                    *page_args,
                    # The page as printed when no option named it.
                    page=filing.page_label(page_args[0], page_label),
                    page_name=(page_name or page_args[0].parsed.page_name)[:100],
                    **batch_fields,
                )
                for page_args in zip(pages, prints, fresh, news, strict=True)
            ]
        )
        article_fields = _article_fields(department, publish, user)
        articles = _new_articles(pages, fresh, batches, article_fields, publish_all)
        created = _store_articles(articles, batches)
        results = [
            _page_outcome(*page_args, created)
            for page_args in zip(pages, prints, fresh, batches, news, strict=True)
        ]
        bylines = _store_bylines(results, created, reporters, correspondents)
        _record_revisions(articles, created, bylines, user)
        import_warnings.keep(
            {
                created[article.fingerprint]: article.parsed.warnings
                for result in results
                for article in result.articles
                if article.status == CREATED
            }
        )
        filing.file_pages(
            results,
            page_label_option=page_label,
            page_name_option=page_name,
            publish=publish,
        )
    db_statistics.refresh_after_write(IMPORTED_TABLES, len(created))
    return results


# The tables an import fills, the articles' first: their size decides
# whether its statistics are stale (newsroom.db_statistics).
IMPORTED_TABLES = [
    Article._meta.db_table,
    ArticleReporter._meta.db_table,
    ArticleCorrespondent._meta.db_table,
    Reporter._meta.db_table,
    Correspondent._meta.db_table,
]


def _batch(loaded, prints, fresh, news, **fields):
    return ImportBatch(
        file_name=loaded.file_name[:255],
        sha256=loaded.sha256,
        encoding=loaded.encoding[:20],
        issue_date=loaded.issue_date,
        articles_found=len(prints),
        articles_created=len(fresh),
        articles_skipped=len(prints) - len(fresh),
        people_created=len(news[0]) + len(news[1]),
        **fields,
    )


def _article_fields(department, publish, user):
    status = Article.Status.PUBLISHED if publish else Article.Status.DRAFT
    if publish and reviews.required_steps():
        # The paper requires sign-offs before publishing: they wait for them.
        status = Article.Status.REVIEW
    return {
        "department": department,
        "status": status,
        "created_by": user,
        "updated_by": user,
    }


def _new_articles(pages, fresh, batches, fields, publish_all=False):
    """Return the Articles to insert: each page's new ones, with its batch;
    published, unless the parser warned about them (and not publish_all) or
    an editor kept them as drafts."""
    fields = dict(fields)
    asked = fields.pop("status")
    published = asked == Article.Status.PUBLISHED
    times = print_order_times(pages)

    def status(page, parsed):
        if parsed.position in page.kept_as_drafts:
            return {"status": Article.Status.DRAFT, "published_at": None}
        if published and not publish_all and parsed.warnings:
            return {"status": Article.Status.REVIEW, "published_at": None}
        return {"status": asked}

    return [
        build_article(
            page.articles[index],
            fingerprint=print_,
            import_batch=batch,
            **{
                "published_at": page_times[index] if published else None,
                **status(page, page.articles[index]),
            },
            **fields,
        )
        for page, page_fresh, batch, page_times in zip(
            pages, fresh, batches, times, strict=True
        )
        for index, print_ in page_fresh.items()
    ]


def _page_outcome(page, prints, fresh, batch, news, created):
    """Return the page's PageOutcome; correct its batch's counts if a
    concurrent import stored some of its articles first."""
    page_created = {p: created[p] for p in fresh.values() if p in created}
    statuses = _statuses(prints, page_created)
    outcomes = _outcomes(page, prints, statuses, *news)
    result = PageOutcome(page, outcomes, batch.people_created, False, batch)
    if len(page_created) != len(fresh):
        batch.articles_created = result.counts["articles_created"]
        batch.articles_skipped = result.counts["articles_skipped"]
        batch.save(update_fields=["articles_created", "articles_skipped"])
    return result


def _new_people_by_page(pages, fresh, new_reporters, new_correspondents):
    """Return, per page, the keys of the reporters and correspondents it brought:
    those created here that its new articles name first among the pages."""
    left = {"reporters": set(new_reporters), "correspondents": set(new_correspondents)}
    news = []
    for page, page_fresh in zip(pages, fresh, strict=True):
        wanted = [page.articles[index] for index in page_fresh]
        brought = {kind: keys & set(_keys(wanted, kind)) for kind, keys in left.items()}
        for kind, keys in brought.items():
            left[kind] -= keys
        news.append((brought["reporters"], brought["correspondents"]))
    return news


def _create_batches(batches):
    """Insert the ImportBatch rows; return them with their ids."""
    if connection.features.can_return_rows_from_bulk_insert:
        return ImportBatch.objects.bulk_create(batches)
    for batch in batches:  # no RETURNING in old SQLite
        batch.save()
    return batches


def _existing(prints):
    stored = Article.objects.filter(fingerprint__in=set(prints))
    return set(stored.values_list("fingerprint", flat=True))


def _first_new(prints, seen):
    """Return {index: fingerprint} of the articles to create: those not in
    seen (stored, or on an earlier page), first on the page; add them to seen."""
    fresh = {}
    for index, print_ in enumerate(prints):
        if print_ not in seen:
            seen.add(print_)
            fresh[index] = print_
    return fresh


def _statuses(prints, created):
    seen = set()
    statuses = []
    for print_ in prints:
        statuses.append(
            CREATED if print_ in created and print_ not in seen else SKIPPED
        )
        seen.add(print_)
    return statuses


def _outcomes(page, prints, statuses, new_reporters, new_correspondents):
    return [
        ArticleOutcome(
            parsed,
            print_,
            status,
            tuple(n for n in parsed.reporters if name_key(n) in new_reporters),
            tuple(
                n for n in parsed.correspondents if name_key(n) in new_correspondents
            ),
        )
        for parsed, print_, status in zip(page.articles, prints, statuses, strict=True)
    ]


def _keys(parsed_articles, attribute):
    """Return {name_key: name as printed} for the bylines of the articles."""
    keys = {}
    for parsed in parsed_articles:
        for name in getattr(parsed, attribute):
            if name_key(name):
                keys.setdefault(name_key(name), " ".join(name.split()))
    return keys


def _unknown_keys(model, keys):
    known = model.objects.filter(name_key__in=keys).values_list("name_key", flat=True)
    return set(keys) - set(known)


def _lookup_people(model, keys):
    rows = model.objects.filter(name_key__in=keys).values_list("name_key", "pk")
    return dict(rows)


def _people(model, wanted, people):
    """Return {name_key: pk} for the wanted {name_key: name}, creating the
    missing people, and the set of keys created here."""
    ids, created = _find_or_create_people(model, wanted, people)
    people.remember(model, ids)
    return ids, created


def _find_or_create_people(model, wanted, people):
    ids = people.found(model, wanted)
    if len(ids) == len(wanted):
        return ids, set()
    ids.update(_lookup_people(model, set(wanted) - set(ids)))
    missing = sorted(key for key in wanted if key not in ids)
    if not missing:
        return ids, set()
    fallback = model.__name__.lower()
    slugs = {
        k: slugify(wanted[k], allow_unicode=True)[:60] or fallback for k in missing
    }
    taken = set(
        model.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True)
    )
    new = []
    for key in missing:
        slug = slugs[key]
        if slug in taken:
            # A rare clash: let save() pick a free slug, one query at a time.
            slug = unique_slug(model, wanted[key], fallback)
        taken.add(slug)
        new.append(model(name=wanted[key], name_key=key, slug=slug))
    try:
        with transaction.atomic():
            model.objects.bulk_create(new)
    except IntegrityError:
        # Someone else added one of these people since the lookup above.
        return _people_one_by_one(model, wanted, ids, missing)
    if any(person.pk is None for person in new):  # no RETURNING in old SQLite
        ids.update(_lookup_people(model, set(missing)))
    else:
        ids.update((person.name_key, person.pk) for person in new)
    return ids, set(missing)


def _people_one_by_one(model, wanted, ids, missing):
    """Fetch or create each missing person, each creation in its own savepoint."""
    created = set()
    for key in missing:
        for _ in range(3):  # the slug save() picks may be taken meanwhile
            person = model.objects.filter(name_key=key).first()
            if person:
                break
            try:
                with transaction.atomic():
                    person = model.objects.create(name=wanted[key])
            except IntegrityError:
                continue
            created.add(key)
            break
        else:
            raise IntegrityError(f"无法保存人员“{wanted[key]}”，请重试。")
        ids[key] = person.pk
    return ids, created


def _store_articles(articles, batches):
    """Insert the articles, skipping stored fingerprints; return {fingerprint: pk}
    of those this batch created."""
    # Sorted so that concurrent imports lock index entries in the same order.
    articles.sort(key=lambda article: article.fingerprint)
    # import_page() left out the fingerprints already stored, so this insert
    # fails only when a concurrent import stored one meanwhile.
    try:
        with transaction.atomic():
            bulk_insert.insert_objects(articles)
    except IntegrityError:
        Article.objects.bulk_create(articles, ignore_conflicts=True)
    else:
        if all(article.pk for article in articles):
            return {article.fingerprint: article.pk for article in articles}
    stored = Article.objects.filter(import_batch__in=batches)
    return dict(stored.values_list("fingerprint", "pk"))


def _store_bylines(results, created, reporters, correspondents):
    """Insert the bylines of the articles created, in byline order; return
    {article id: the bylines as a revision keeps them}."""
    reporter_rows, correspondent_rows, snapshots = [], [], {}
    for result in results:
        for article in result.articles:
            if article.status != CREATED:
                continue
            article_id = created[article.fingerprint]
            printed_reporters = _in_order(article.parsed.reporters, reporters)
            printed_correspondents = _in_order(
                article.parsed.correspondents, correspondents
            )
            reporter_rows += [(article_id, pk, n) for n, pk, _ in printed_reporters]
            correspondent_rows += [
                (article_id, pk, n) for n, pk, _ in printed_correspondents
            ]
            snapshots[article_id] = {
                "reporters": [[pk, name] for _, pk, name in printed_reporters],
                "correspondents": [
                    [pk, name] for _, pk, name in printed_correspondents
                ],
            }
    bulk_insert.insert_rows(
        ArticleReporter, ["article", "reporter", "position"], reporter_rows
    )
    bulk_insert.insert_rows(
        ArticleCorrespondent,
        ["article", "correspondent", "position"],
        correspondent_rows,
    )
    return snapshots


def _in_order(names, ids):
    """Return [(position, pk, name)] in byline order, each person once."""
    pks = {}
    for name in names:
        if name_key(name) in ids:
            pks.setdefault(ids[name_key(name)], " ".join(name.split()))
    return [(n, pk, name) for n, (pk, name) in enumerate(pks.items())]


def _record_revisions(articles, created, bylines, user):
    """Keep each created article's first revision, as it was imported."""
    stored = []
    for article in articles:
        pk = created.get(article.fingerprint)
        if pk is not None:
            article.pk = pk
            stored.append(article)
    revisions.record_imported(stored, bylines, user)
