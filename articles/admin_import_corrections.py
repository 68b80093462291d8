"""The import preview's corrections: one form per parsed article.

An editor may correct each article's titles, date and bylines, drop it or
keep it as a draft. Each form carries, hidden, the values the parser gave
when it was shown, so that only what the editor changed counts as a
correction: a field left alone follows the parser (say, a date read again
against a new issue date).
"""

import json
import re

from django import forms

from articles.importing import Correction, warning_fields
from articles.importing.corrections import CORRECTABLE_FIELDS, NAME_FIELDS
from articles.models import Article

NAME_SEPARATORS = re.compile(r"[、，,；;]")


def _max_length(name):
    return Article._meta.get_field(name).max_length


def names_text(names):
    return "、".join(names)


def names_of(text):
    return tuple(
        " ".join(name.split()) for name in NAME_SEPARATORS.split(text) if name.strip()
    )


class ArticleCorrectionForm(forms.Form):
    position = forms.IntegerField(widget=forms.HiddenInput)
    as_parsed = forms.CharField(widget=forms.HiddenInput)
    kicker = forms.CharField(
        label="引题", required=False, max_length=_max_length("kicker")
    )
    headline = forms.CharField(label="主标题", max_length=_max_length("headline"))
    subheadline = forms.CharField(
        label="副标题", required=False, max_length=_max_length("subheadline")
    )
    dateline_date = forms.DateField(
        label="电头日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reporters = forms.CharField(
        label="记者", required=False, help_text="多人用顿号“、”隔开"
    )
    correspondents = forms.CharField(
        label="通讯员", required=False, help_text="多人用顿号“、”隔开"
    )
    keep_as_draft = forms.BooleanField(label="存为草稿", required=False)
    drop = forms.BooleanField(label="不导入", required=False)

    def clean_as_parsed(self):
        try:
            values = json.loads(self.cleaned_data["as_parsed"])
        except ValueError:
            values = None
        if not isinstance(values, dict):
            raise forms.ValidationError("预览数据无效，请重新预览。")
        return values

    def clean(self):
        cleaned = super().clean()
        for name in NAME_FIELDS:
            for person in names_of(cleaned.get(name, "")):
                if len(person) > 50:
                    self.add_error(name, f"姓名过长：{person[:20]}…")
        return cleaned

    def correction(self):
        """Return the editor's Correction of this article, or None."""
        data = self.cleaned_data
        shown = data["as_parsed"]
        changes = {}
        for name in CORRECTABLE_FIELDS:
            value = self.field_value(name)
            if value != _from_json(name, shown.get(name)):
                changes[name] = value
        if not (changes or data["drop"] or data["keep_as_draft"]):
            return None
        return Correction(
            data["position"],
            changes,
            drop=data["drop"],
            keep_as_draft=data["keep_as_draft"],
        )

    def field_value(self, name):
        value = self.cleaned_data[name]
        if name in NAME_FIELDS:
            return names_of(value)
        if name == "dateline_date":
            return value
        return value.strip()


def _from_json(name, value):
    if name in NAME_FIELDS:
        return tuple(value or ())
    if name == "dateline_date":
        return forms.DateField().to_python(value) if value else None
    return value or ""


class BaseCorrectionFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "预览数据不完整，请重新预览或重新上传版面。",
        "too_many_forms": "稿件数目与预览不符，请重新上传版面。",
        "too_few_forms": "稿件数目与预览不符，请重新上传版面。",
    }

    def corrections(self):
        """Return the editors' corrections, a tuple of Correction."""
        found = (form.correction() for form in self.forms)
        return tuple(correction for correction in found if correction)


CorrectionFormSet = forms.formset_factory(
    ArticleCorrectionForm, formset=BaseCorrectionFormSet, extra=0
)
PREFIX = "articles"


def bound_formset(data):
    return CorrectionFormSet(data, prefix=PREFIX)


def fresh_formset(page, corrections):
    """Return an unbound formset showing page's articles as printed, with the
    corrections made, each remembering the parser's values."""
    by_position = {c.position: c for c in corrections}
    initial = []
    for parsed in page.printed.articles:
        as_parsed = {name: getattr(parsed, name) for name in CORRECTABLE_FIELDS}
        correction = by_position.get(parsed.position) or Correction(parsed.position)
        shown = {**as_parsed, **correction.changes}
        initial.append(
            {
                "position": parsed.position,
                "as_parsed": json.dumps(
                    {
                        **as_parsed,
                        "dateline_date": _iso(as_parsed["dateline_date"]),
                    },
                    ensure_ascii=False,
                ),
                **{name: shown[name] for name in ("kicker", "headline")},
                "subheadline": shown["subheadline"],
                "dateline_date": shown["dateline_date"],
                **{name: names_text(shown[name]) for name in NAME_FIELDS},
                "drop": correction.drop,
                "keep_as_draft": correction.keep_as_draft,
            }
        )
    return CorrectionFormSet(initial=initial, prefix=PREFIX)


def _iso(day):
    return day.isoformat() if day else None


def preview_rows(formset, outcome):
    """Return, per form, what the preview shows beside it: the article's
    outcome (None when dropped) and its warnings by the field they concern
    (None: about the whole article)."""
    outcomes = {a.parsed.position: a for a in outcome.articles} if outcome else {}
    rows = []
    for form in formset.forms:
        position = form["position"].value()
        article = outcomes.get(int(position)) if position else None
        by_field = {}
        for warning in article.parsed.warnings if article else ():
            fields = warning_fields(warning)
            by_field.setdefault(_shown_beside(fields), []).append(warning)
        rows.append({"form": form, "article": article, "warnings": by_field})
    return rows


def _shown_beside(fields):
    """Return the field a warning about fields is shown beside."""
    if not fields:
        return "article"
    return "headline" if "headline" in fields else fields[0]
