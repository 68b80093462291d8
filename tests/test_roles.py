import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import TestCase

from tests.factories import make_user


def setup_roles():
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def group_permissions(name):
    permissions = Group.objects.get(name=name).permissions.select_related(
        "content_type"
    )
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


class SetupRolesTests(TestCase):
    def test_creates_every_group_and_says_so(self):
        output = setup_roles()
        for name in ("编辑", "记者", "复审", "终审"):
            self.assertIn(f"已创建用户组“{name}”", output)
        self.assertEqual(Group.objects.count(), 4)

    def test_running_twice_changes_nothing(self):
        setup_roles()
        before = {name: group_permissions(name) for name in ["编辑", "记者"]}
        output = setup_roles()
        after = {name: group_permissions(name) for name in ["编辑", "记者"]}
        self.assertEqual(after, before)
        self.assertEqual(Group.objects.count(), 4)
        self.assertIn("用户组“编辑”无需改动", output)
        self.assertIn("用户组“记者”无需改动", output)

    def test_permissions_added_by_hand_are_removed_again(self):
        setup_roles()
        extra = Permission.objects.get(codename="delete_article")
        Group.objects.get(name="记者").permissions.add(extra)
        output = setup_roles()
        self.assertNotIn("articles.delete_article", group_permissions("记者"))
        self.assertIn("移除 articles.delete_article", output)

    def test_editor_may_publish_and_manage_everything_editorial(self):
        setup_roles()
        editor = group_permissions("编辑")
        self.assertIn("articles.publish_article", editor)
        for model in [
            "articles.article",
            "articles.articleimage",
            "articles.importbatch",
            "people.department",
            "people.reporter",
            "people.correspondent",
        ]:
            app_label, name = model.split(".")
            for action in ["add", "change", "delete", "view"]:
                with self.subTest(permission=f"{action} {model}"):
                    self.assertIn(f"{app_label}.{action}_{name}", editor)

    def test_editor_gets_no_account_administration(self):
        setup_roles()
        self.assertFalse(
            {p for p in group_permissions("编辑") if p.startswith("auth.")}
        )

    def test_reporter_writes_articles_but_cannot_publish_or_delete(self):
        setup_roles()
        reporter = group_permissions("记者")
        self.assertLessEqual(
            {
                "articles.add_article",
                "articles.change_article",
                "articles.view_article",
                "articles.add_articleimage",
                "articles.add_articlereporter",
                "people.add_reporter",
                "people.add_correspondent",
                "people.view_department",
            },
            reporter,
        )
        for forbidden in [
            "articles.publish_article",
            "articles.delete_article",
            "people.change_reporter",
            "people.add_department",
            "articles.add_importbatch",
        ]:
            with self.subTest(permission=forbidden):
                self.assertNotIn(forbidden, reporter)

    def test_group_members_get_the_groups_permissions(self):
        setup_roles()
        user = make_user(is_staff=True)
        user.groups.add(Group.objects.get(name="记者"))
        self.assertIs(user.has_perm("articles.change_article"), True)
        self.assertIs(user.has_perm("articles.publish_article"), False)
