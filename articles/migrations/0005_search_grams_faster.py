"""PostgreSQL only: work out an article's search grams about twice as fast.

The insert trigger spends most of an imported article's time here. The
grams are the same set as before, in another order (neither the GIN index
nor @> cares): pairs come from zipping the characters with themselves one
further on, with no window function and its sort, and duplicates are
dropped comparing bytes (COLLATE "C") rather than by the database's
collation, which makes the same decision for a deterministic collation.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION articles_search_grams(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram COLLATE "C"), '{}')
    FROM (SELECT string_to_array(upper(doc), NULL) AS chars) AS c,
    LATERAL (
        SELECT unnest(c.chars)
        UNION ALL
        SELECT a || b
        FROM unnest(c.chars[:cardinality(c.chars) - 1], c.chars[2:]) AS t(a, b)
    ) AS grams(gram)
$$;
"""

# As migration 0002 made it.
BACKWARD = r"""
CREATE OR REPLACE FUNCTION articles_search_grams(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}')
    FROM (
        SELECT ch AS gram
        FROM unnest(string_to_array(upper(doc), NULL)) AS t(ch)
        UNION ALL
        SELECT lag(ch) OVER (ORDER BY n) || ch
        FROM unnest(string_to_array(upper(doc), NULL)) WITH ORDINALITY AS t(ch, n)
    ) AS grams
    WHERE gram IS NOT NULL
$$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search_index_fastupdate")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
