from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    """稿件统计: who got what into the paper, per person, unit and desk."""

    name = "contributions"
    verbose_name = "稿件统计"
