"""Grep-style guards: no escaping switched off, no request data in raw SQL.

Each allowed use is listed as (file, fragment of the line) with the reason it
is safe; a new one has to be justified here before the suite passes.
"""

import re

from django.conf import settings
from django.test import SimpleTestCase

SOURCE_FOLDERS = (
    "articles",
    "people",
    "newsroom",
    "editorial",
    "contributions",
    "readersite",
    "templates",
)
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml"}

UNESCAPED_OUTPUT = re.compile(
    r"\|\s*safe(seq)?\b|mark_safe\(|SafeString\(|SafeText\(|"
    r"\{%-?\s*autoescape\s+off|\bis_safe\s*=\s*True|needs_autoescape"
)
ALLOWED_UNESCAPED = {
    # json_ld() marks JSON as safe only after escaping <, > and & so that no
    # text can close the <script type="application/ld+json"> element.
    ("articles/templatetags/news.py", "mark_safe(script_safe(text)),"),
    # List items built in Python escape every value they hold; a test renders
    # hostile text through them and through the template alike.
    ("readersite/items.py", "pk: mark_safe(item_html("),
    # So do the list filter form, the site header and footer and the lists
    # of headlines, built in Python the same way and compared with their
    # templates by tests.
    ("readersite/filter_form.py", "return mark_safe(form)"),
    ("readersite/templatetags/navigation.py", "return mark_safe(header)"),
    ("readersite/templatetags/navigation.py", "return mark_safe(footer)"),
    ("readersite/templatetags/headlines.py", "return mark_safe(html)"),
    # The article page's byline and neighbour links, built in Python the
    # same way; a test renders hostile text through them and the templates.
    ("articles/article_html.py", 'return mark_safe(html + "\\n")'),
    # And its head and content, compared with articles/article_detail.html
    # by a test, hostile text in every field.
    ("articles/article_page_html.py", 'return mark_safe("\\n  " + "\\n  ".join(lines)'),
    ("articles/article_page_html.py", "return mark_safe(html)"),
    # robots.txt is plain text; its only variable comes from settings.
    ("templates/robots.txt", "{% autoescape off %}User-agent: *"),
}

RAW_SQL = re.compile(
    r"\.extra\(|\.raw\(|\bRawSQL\(|\bRunSQL\(|\.execute\(\s*f[\"']|"
    r"\.execute\([^)]*(%|\.format\()|"
    r"order_by\([^)]*request|\*\*\s*(self\.)?request\.|"
    r"filter\(\s*\*\*[^)]*(GET|POST|request)|_connector\s*=\s*[^Q]"
)
ALLOWED_RAW_SQL = {
    # Health check with a constant statement, no input.
    ("newsroom/views.py", 'cursor.execute("SELECT 1")'),
    # A search's page: SQL the ORM compiled, wrapped in constant text; the
    # query and the row count are bound parameters.
    ("articles/search.py", "first = RawSQL("),
    # ANALYZE of the tables an import filled: names from the models' Meta,
    # quoted by the backend; no input reaches it.
    ("newsroom/db_statistics.py", 'cursor.execute(f"ANALYZE {names}")'),
    # Whether an article has photos, bylines, corrections...: EXISTS over
    # tables and columns named by the models' Meta, quoted by the backend;
    # no parameters, no input reaches it.
    ("articles/article_page.py", 'return RawSQL(f"EXISTS ({sql})", []'),
    # PREPARE of a statement the ORM compiled once, with its parameters as
    # $1, $2...; its name is a digest of that SQL. Values are bound by
    # EXECUTE; no input reaches the text.
    ("readersite/statements.py", 'cursor.execute(f"PREPARE {name} AS {definition}")'),
}


def source_lines():
    base = settings.BASE_DIR
    for folder in SOURCE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or "migrations" in path.parts:
                continue
            relative = path.relative_to(base).as_posix()
            for number, line in enumerate(path.read_text().splitlines(), 1):
                yield relative, number, line.strip()


def findings(pattern, allowed):
    return [
        f"{path}:{number}: {line}"
        for path, number, line in source_lines()
        if pattern.search(line)
        and not any(path == where and what in line for where, what in allowed)
    ]


class CodeAuditTests(SimpleTestCase):
    def test_no_template_or_code_switches_escaping_off_without_a_reason(self):
        self.assertEqual(findings(UNESCAPED_OUTPUT, ALLOWED_UNESCAPED), [])

    def test_no_request_value_reaches_raw_sql_ordering_or_filter_keywords(self):
        self.assertEqual(findings(RAW_SQL, ALLOWED_RAW_SQL), [])

    def test_the_audit_sees_the_code_it_guards(self):
        """A scan that found no files would pass whatever the code did."""
        scanned = {path for path, _, _ in source_lines()}
        for expected in (
            "articles/views.py",
            "articles/templatetags/news.py",
            "templates/base.html",
            "templates/robots.txt",
            "newsroom/views.py",
        ):
            self.assertIn(expected, scanned)

    def test_the_patterns_catch_what_they_are_for(self):
        for line in (
            "{{ article.body|safe }}",
            "{{ x | safeseq }}",
            "return mark_safe(value)",
            "{% autoescape off %}",
        ):
            with self.subTest(line=line):
                self.assertRegex(line, UNESCAPED_OUTPUT)
        for line in (
            "Article.objects.extra(where=[q])",
            "Article.objects.raw(sql)",
            'cursor.execute(f"SELECT {q}")',
            'cursor.execute("SELECT %s" % q)',
            "queryset.order_by(request.GET['o'])",
            "queryset.order_by(self.request.GET.get('o'))",
            "Article.objects.filter(**request.GET.dict())",
            "queryset.filter(**self.request.GET)",
        ):
            with self.subTest(line=line):
                self.assertRegex(line, RAW_SQL)
