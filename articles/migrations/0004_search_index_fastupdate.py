"""PostgreSQL only: let the gram index queue new entries in a pending list.

With fastupdate off, every inserted article updates some thousand GIN
posting lists one by one (10,000 generated articles: 259 a second). With
it on, inserts append to a pending list that is merged in bulk (855 a
second). Searches scan the pending list too, so it is kept small: merged
by autovacuum, or whenever it passes gin_pending_list_limit (1 MB here,
4 MB by default).
"""

from django.db import migrations

FORWARD = """
ALTER INDEX article_search_grams
    SET (fastupdate = on, gin_pending_list_limit = 1024);
"""

BACKWARD = """
SELECT gin_clean_pending_list('article_search_grams'::regclass);
ALTER INDEX article_search_grams SET (fastupdate = off);
ALTER INDEX article_search_grams RESET (gin_pending_list_limit);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_article_recent_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
