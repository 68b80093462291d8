"""PostgreSQL only: an indexed set of each article's characters and character pairs.

articles.search reads it. Every query gram (a pair, or the single character of
a one-character query) must be in the article's set, which a GIN index answers
for a 2-character word like 疫情 as fast as for a long phrase;
articles_text_contains() then checks the exact, case-insensitive substring. A trigger keeps the column current for every write
path, bulk_create and queryset.update() included. SQLite needs none of this.
"""

from django.db import migrations

FORWARD = r"""
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

CREATE OR REPLACE FUNCTION articles_query_grams(query text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN char_length(query) = 1 THEN ARRAY[upper(query)]
        ELSE coalesce(
            (SELECT array_agg(DISTINCT gram) FROM (
                SELECT lag(ch) OVER (ORDER BY n) || ch AS gram
                FROM unnest(string_to_array(upper(query), NULL))
                    WITH ORDINALITY AS t(ch, n)
            ) AS pairs WHERE gram IS NOT NULL),
            '{}')
    END
$$;

-- The exact check: a case-insensitive substring test like icontains, with no
-- LIKE wildcards to escape; the case folding is skipped when the query has no
-- cased letters (CJK), which makes it several times cheaper. COST 1 and its
-- place before the gram test make PostgreSQL run it first on rows it walks in
-- published order, so that each row's large gram array is only read when the
-- text matched. PL/pgSQL keeps it from being inlined, so the planner guesses
-- that it keeps a third of the rows the gram index lets through rather than a
-- LIKE's near-zero guess: common words like 疫情 then walk the published-order
-- index and stop after one page, rare words use the GIN bitmap.
CREATE OR REPLACE FUNCTION articles_text_contains(
    headline text, subheadline text, body text, query text
) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1 AS $$
BEGIN
    IF upper(query) <> query OR lower(query) <> query THEN
        query := upper(query);
        headline := upper(headline);
        subheadline := upper(subheadline);
        body := upper(body);
    END IF;
    RETURN strpos(headline, query) > 0
        OR strpos(subheadline, query) > 0
        OR strpos(body, query) > 0;
END
$$;

ALTER TABLE articles_article
    ADD COLUMN search_grams text[] NOT NULL DEFAULT '{}';
ALTER TABLE articles_article ALTER COLUMN search_grams SET STATISTICS 1000;

CREATE OR REPLACE FUNCTION articles_article_fill_search_grams() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_grams := articles_search_grams(
        concat_ws(E'\n', NEW.headline, NEW.subheadline, NEW.body));
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_article_search_grams_insert
    BEFORE INSERT ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_fill_search_grams();

CREATE TRIGGER articles_article_search_grams_update
    BEFORE UPDATE OF headline, subheadline, body ON articles_article
    FOR EACH ROW
    WHEN (OLD.headline IS DISTINCT FROM NEW.headline
          OR OLD.subheadline IS DISTINCT FROM NEW.subheadline
          OR OLD.body IS DISTINCT FROM NEW.body)
    EXECUTE FUNCTION articles_article_fill_search_grams();

UPDATE articles_article SET search_grams = articles_search_grams(
    concat_ws(E'\n', headline, subheadline, body));

-- Without a pending list, the planner's cost for the index stays honest.
CREATE INDEX article_search_grams ON articles_article
    USING gin (search_grams) WITH (fastupdate = off);
"""

BACKWARD = """
DROP INDEX IF EXISTS article_search_grams;
DROP TRIGGER IF EXISTS articles_article_search_grams_update ON articles_article;
DROP TRIGGER IF EXISTS articles_article_search_grams_insert ON articles_article;
DROP FUNCTION IF EXISTS articles_article_fill_search_grams();
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_grams;
DROP FUNCTION IF EXISTS articles_text_contains(text, text, text, text);
DROP FUNCTION IF EXISTS articles_query_grams(text);
DROP FUNCTION IF EXISTS articles_search_grams(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
