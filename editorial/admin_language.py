"""The admin in Chinese where Django and django-axes leave English behind.

Strings they translate through gettext are in locale/zh_Hans; what they do
not translate is named here: django-axes' section title, the permission
names Django stores in English ("Can add 稿件"), and a list filter's title
taken from a field without a Chinese name.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib import admin

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese section title."""

    verbose_name = "登录保护"


def permission_label(permission):
    """ "稿件 | 可以添加稿件" for a built-in permission; a custom one keeps its name."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    meta = model._meta
    action, _, model_name = permission.codename.partition("_")
    if action in ACTIONS and model_name == meta.model_name:
        name = f"可以{ACTIONS[action]}{meta.verbose_name}"
    else:
        name = permission.name
    return f"{meta.app_config.verbose_name} | {meta.verbose_name} | {name}"


class ChinesePermissionsMixin:
    """For the user and group admins: permissions listed by Chinese names."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


class TitledRelatedFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose title is given, not the field's name."""

    title_text = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.title_text


def titled_filter(title):
    return type("TitledFilter", (TitledRelatedFilter,), {"title_text": title})
