"""Create the staff groups 编辑 (editor), 记者 (reporter), 复审 and 终审 (the
later steps of 三审), or bring them up to date.

Running it again changes nothing; permissions added to these groups by hand
are removed, so the groups always mean what this file says.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

ALL_ACTIONS = ("add", "change", "delete", "view")
WRITE_ACTIONS = ("add", "change", "view")


def model_permissions(model, actions=ALL_ACTIONS):
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions]


EDITOR = "编辑"
REPORTER = "记者"
SECOND_REVIEWER = "复审"
FINAL_REVIEWER = "终审"

ROLES = {
    EDITOR: [
        *model_permissions("articles.article"),
        "articles.publish_article",
        *model_permissions("articles.articlereporter"),
        *model_permissions("articles.articlecorrespondent"),
        *model_permissions("articles.articleimage"),
        *model_permissions("articles.importbatch"),
        *model_permissions("people.department"),
        *model_permissions("people.reporter"),
        *model_permissions("people.correspondent"),
        *model_permissions("editorial.correction"),
        # Desk editors sign 初审 (editorial/reviews.py).
        "editorial.sign_first_review",
        *model_permissions("edition.issue"),
        *model_permissions("edition.page"),
        *model_permissions("edition.placement"),
        # 稿件统计: rankings, charts and exports of who wrote what.
        "contributions.view_statistics",
    ],
    # Reporters write and illustrate articles and add the people they quote,
    # but never publish, schedule, withdraw or delete.
    REPORTER: [
        *model_permissions("articles.article", WRITE_ACTIONS),
        *model_permissions("articles.articlereporter", WRITE_ACTIONS),
        *model_permissions("articles.articlecorrespondent", WRITE_ACTIONS),
        *model_permissions("articles.articleimage", WRITE_ACTIONS),
        "people.view_department",
        "people.add_reporter",
        "people.view_reporter",
        "people.add_correspondent",
        "people.view_correspondent",
        # They may propose a correction; publishing it takes an editor.
        *model_permissions("editorial.correction", WRITE_ACTIONS),
        "edition.view_issue",
        "edition.view_page",
        "edition.view_placement",
    ],
    # Section heads and the editor-in-chief or duty editor: added to a user
    # besides 编辑, these groups let them sign the later steps of 三审.
    SECOND_REVIEWER: ["articles.view_article", "editorial.sign_second_review"],
    FINAL_REVIEWER: ["articles.view_article", "editorial.sign_final_review"],
}


class Command(BaseCommand):
    help = "Create or update the staff groups 编辑, 记者, 复审 and 终审."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                known = self.known_permissions()
                for name, perms in ROLES.items():
                    self.apply_role(name, [self.lookup(known, p) for p in perms])
        except DatabaseError as error:
            raise CommandError(
                f"无法写入用户组（{error}）。请先运行 python manage.py migrate。"
            ) from error

    def known_permissions(self):
        labels = {perm.split(".")[0] for perms in ROLES.values() for perm in perms}
        permissions = Permission.objects.filter(
            content_type__app_label__in=labels
        ).select_related("content_type")
        return {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}

    def lookup(self, known, perm):
        try:
            return known[perm]
        except KeyError:
            raise CommandError(
                f"权限 {perm} 不存在。请先运行 python manage.py migrate。"
            ) from None

    def apply_role(self, name, permissions):
        group, created = Group.objects.get_or_create(name=name)
        wanted, current = (
            set(permissions),
            set(group.permissions.select_related("content_type")),
        )
        added, removed = wanted - current, current - wanted
        group.permissions.add(*added)
        group.permissions.remove(*removed)
        if created:
            self.stdout.write(f"已创建用户组“{name}”，共 {len(wanted)} 项权限。")
        elif added or removed:
            self.stdout.write(
                f"已更新用户组“{name}”：新增 {describe(added)}；移除 {describe(removed)}。"
            )
        else:
            self.stdout.write(f"用户组“{name}”无需改动（{len(wanted)} 项权限）。")


def describe(permissions):
    names = sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)
    return "、".join(names) if names else "无"
