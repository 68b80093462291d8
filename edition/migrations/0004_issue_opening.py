"""Each issue's opening: when it first has a published article in view.

Kept by triggers, so that every write keeps it right whatever makes it (the
admin, an action's bulk update, the importer, SQL): a placement added,
moved or removed, a page moved to another issue, an article's status or
publication time changed. Each recomputes the opening of the issues it
touches from their placements; a scheduled article's time is stored, and
whether it has come is asked when reading (IssueQuerySet.public()).

On PostgreSQL the issues' rows are locked first, so that two transactions
changing one issue's articles recompute it one after the other, each seeing
the other's change.
"""

from django.db import migrations, models

# SQL selecting issue ids -> the statements that recompute their openings.
RECOMPUTE = """
DELETE FROM edition_issueopening WHERE issue_id IN ({issues});
INSERT INTO edition_issueopening (issue_id, opens_at)
SELECT p.issue_id, MIN(a.published_at)
FROM edition_page p
INNER JOIN edition_placement pl ON pl.page_id = p.id
INNER JOIN articles_article a ON a.id = pl.article_id
WHERE p.issue_id IN ({issues})
    AND a.status = 'published' AND a.published_at IS NOT NULL
GROUP BY p.issue_id;
"""

PAGE_OF = "SELECT issue_id FROM edition_page WHERE id = {row}.page_id"
ISSUES_OF_ARTICLE = (
    "SELECT p.issue_id FROM edition_placement pl"
    " INNER JOIN edition_page p ON p.id = pl.page_id"
    " WHERE pl.article_id = NEW.id"
)
# (name, event, table, condition, SQL selecting the issues to recompute)
TRIGGERS = [
    ("placement_added", "INSERT", "edition_placement", "", [PAGE_OF.format(row="NEW")]),
    (
        "placement_changed",
        "UPDATE OF page_id, article_id",
        "edition_placement",
        "",
        [PAGE_OF.format(row="OLD"), PAGE_OF.format(row="NEW")],
    ),
    (
        "placement_removed",
        "DELETE",
        "edition_placement",
        "",
        [PAGE_OF.format(row="OLD")],
    ),
    (
        "page_moved",
        "UPDATE OF issue_id",
        "edition_page",
        "OLD.issue_id <> NEW.issue_id",
        ["SELECT OLD.issue_id", "SELECT NEW.issue_id"],
    ),
    (
        "article_changed",
        "UPDATE OF status, published_at",
        "articles_article",
        "OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at",
        [ISSUES_OF_ARTICLE],
    ),
]
ISSUE_REMOVED = "DELETE FROM edition_issueopening WHERE issue_id = OLD.id;"
FILL = RECOMPUTE.format(issues="SELECT id FROM edition_issue")


def statements(issues):
    return "".join(RECOMPUTE.format(issues=query) for query in issues)


def sqlite_triggers():
    for name, event, table, condition, issues in TRIGGERS:
        when = f" WHEN {condition}" if condition else ""
        yield (
            f"CREATE TRIGGER edition_opening_{name} AFTER {event} ON {table}"
            f" FOR EACH ROW{when} BEGIN {statements(issues)} END"
        )
    yield (
        "CREATE TRIGGER edition_opening_issue_removed AFTER DELETE ON edition_issue"
        f" FOR EACH ROW BEGIN {ISSUE_REMOVED} END"
    )


def postgresql_triggers():
    for name, event, table, condition, issues in TRIGGERS:
        # IS NOT is SQLite's null-safe comparison; PostgreSQL's is below.
        condition = condition.replace(" IS NOT ", " IS DISTINCT FROM ")
        when = f" WHEN ({condition})" if condition else ""
        # In one statement and in id order: a trigger takes its locks together.
        locks = (
            f"PERFORM 1 FROM edition_issue WHERE id IN ({' UNION '.join(issues)})"
            " ORDER BY id FOR UPDATE;"
        )
        yield (
            f"CREATE FUNCTION edition_opening_{name}() RETURNS trigger"
            f" LANGUAGE plpgsql AS $$ BEGIN {locks} {statements(issues)}"
            " RETURN NULL; END $$"
        )
        yield (
            f"CREATE TRIGGER edition_opening_{name} AFTER {event} ON {table}"
            f" FOR EACH ROW{when} EXECUTE FUNCTION edition_opening_{name}()"
        )
    yield (
        "CREATE FUNCTION edition_opening_issue_removed() RETURNS trigger"
        f" LANGUAGE plpgsql AS $$ BEGIN {ISSUE_REMOVED} RETURN NULL; END $$"
    )
    yield (
        "CREATE TRIGGER edition_opening_issue_removed AFTER DELETE ON edition_issue"
        " FOR EACH ROW EXECUTE FUNCTION edition_opening_issue_removed()"
    )


# (name, table) of every trigger, issue_removed's among them.
TRIGGER_TABLES = [(name, table) for name, _, table, *_ in TRIGGERS] + [
    ("issue_removed", "edition_issue")
]


def fill_statements():
    """The statements that compute every issue's opening afresh."""
    return [statement for statement in FILL.split(";") if statement.strip()]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        triggers = postgresql_triggers()
    elif vendor == "sqlite":
        triggers = sqlite_triggers()
    else:
        raise NotImplementedError(f"No issue opening triggers for {vendor}.")
    for statement in triggers:
        schema_editor.execute(statement)
    for statement in fill_statements():
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for name, table in TRIGGER_TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS edition_opening_{name} ON {table}"
            )
            schema_editor.execute(f"DROP FUNCTION IF EXISTS edition_opening_{name}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS edition_opening_{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_admin_order"),
        ("edition", "0003_issue_date_domain"),
    ]

    operations = [
        migrations.CreateModel(
            name="IssueOpening",
            fields=[
                (
                    "issue",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="opening",
                        serialize=False,
                        to="edition.issue",
                    ),
                ),
                ("opens_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "期次公开时间",
                "verbose_name_plural": "期次公开时间",
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
