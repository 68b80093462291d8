"""Store each article's 字数 (body characters but white space), for statistics.

Existing articles are counted here with the same rule as Article.save()
(articles.models.count_characters), in batches so that a large archive is
not held in memory at once.
"""

from django.db import migrations, models

BATCH = 2000


def count_characters(text):
    # A copy of articles.models.count_characters: migrations must not import
    # code that may change later.
    return sum(map(len, text.split()))


def fill_char_counts(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    last = 0
    while True:
        batch = list(
            Article.objects.using(db)
            .filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "body")[:BATCH]
        )
        if not batch:
            return
        for article in batch:
            article.char_count = count_characters(article.body)
        Article.objects.using(db).bulk_update(batch, ["char_count"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_search_grams_faster"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="char_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="正文字符数，不计空格和换行；保存时自动计算。",
                verbose_name="字数",
            ),
        ),
        migrations.RunPython(fill_char_counts, migrations.RunPython.noop),
    ]
