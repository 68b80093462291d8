"""The statistics keep no data of their own: they add up articles and bylines.

The model below has no table; it only carries the permission to see them.
"""

from django.db import models


class Statistics(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_statistics", "可以查看稿件统计")]
        verbose_name = "稿件统计"
        verbose_name_plural = "稿件统计"

    def __str__(self):
        return "稿件统计"
