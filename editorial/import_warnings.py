"""The parser's warnings, kept with each imported article that has them.

An article the parser was unsure about (a guessed title split, an unknown
name, a missing date) keeps its warnings, so the admin list shows them
where an editor decides on publishing; `import_articles --publish`
publishes only articles without any.
"""

from django.db import models


class ImportWarnings(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        verbose_name="稿件",
        on_delete=models.CASCADE,
        related_name="import_warnings",
    )
    warnings = models.JSONField("导入提示", default=list)

    class Meta:
        app_label = "editorial"
        verbose_name = "导入提示"
        verbose_name_plural = "导入提示"

    def __str__(self):
        return "；".join(self.warnings)


def keep(warnings_by_article_id):
    """Store {article id: [warning, …]} for the articles that have any."""
    rows = [
        ImportWarnings(article_id=pk, warnings=list(warnings))
        for pk, warnings in warnings_by_article_id.items()
        if warnings
    ]
    ImportWarnings.objects.bulk_create(rows)
