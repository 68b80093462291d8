"""A body field comfortable for long Chinese copy: a large text area with a
live character count (字数), and the count in the article list."""

from django import forms
from django.contrib import admin

# 字数 as the newsroom counts it, stored on the article (Article.char_count).
from articles.models import count_characters as character_count  # noqa: F401


class BodyEditorMixin:
    """For ArticleAdmin: the body's text area and 字数."""

    class Media:
        css = {"all": ["editorial/admin.css"]}
        js = ["editorial/body_count.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = forms.Textarea(
                attrs={"class": "body-editor", "rows": 30, "data-count": "字数"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="字数", ordering="char_count")
    def body_length(self, obj):
        return obj.char_count
