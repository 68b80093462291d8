"""File the articles earlier imports stored under issues, pages and placements.

Before the print edition, an import recorded its issue date, page and page
name on its ImportBatch and each article's place on the page in
Article.page_position. Each batch's date becomes an issue, each page label
a page of it, and each article a placement there in its printed order.
Batches without a page label give an issue but no page: there is no page to
file their articles under. Those fields stay where they are.
"""

from django.db import migrations

from edition import labels


def file_imported_articles(apps, schema_editor):
    ImportBatch = apps.get_model("articles", "ImportBatch")
    Article = apps.get_model("articles", "Article")
    Issue = apps.get_model("edition", "Issue")
    Page = apps.get_model("edition", "Page")
    Placement = apps.get_model("edition", "Placement")
    issues, pages = {}, {}
    for batch in ImportBatch.objects.order_by("created_at", "pk").iterator():
        if batch.issue_date not in issues:
            issues[batch.issue_date], _ = Issue.objects.get_or_create(
                date=batch.issue_date
            )
        label = labels.normalize_label(batch.page)
        if not label:
            continue
        key = (batch.issue_date, label)
        if key not in pages:
            page, _ = Page.objects.get_or_create(
                issue=issues[batch.issue_date],
                label=label,
                defaults={
                    "name": batch.page_name[:100],
                    "sort_key": labels.sort_key(label),
                    "is_front": labels.is_front(label),
                },
            )
            pages[key] = page
        page = pages[key]
        if batch.page_name and not page.name:
            page.name = batch.page_name[:100]
            page.save(update_fields=["name"])
        articles = Article.objects.filter(import_batch=batch).order_by(
            "page_position", "pk"
        )
        placed = set(
            Placement.objects.filter(article__import_batch=batch).values_list(
                "article_id", flat=True
            )
        )
        Placement.objects.bulk_create(
            Placement(
                article_id=article_id,
                page=page,
                order=position or 1,
                is_primary=True,
            )
            for article_id, position in articles.values_list("pk", "page_position")
            if article_id not in placed
        )


class Migration(migrations.Migration):
    dependencies = [
        ("edition", "0001_initial"),
        ("articles", "0005_search_grams_faster"),
    ]

    operations = [
        migrations.RunPython(file_imported_articles, migrations.RunPython.noop),
    ]
