"""The statistics pages' filters: period, desk and sort order, from the URL."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import urlencode

from contributions.counting import SORT_KEYS
from contributions.periods import EXAMPLES, Period, PeriodError, parse_period
from newsroom.dates import validate_in_domain
from people.models import Department

SORT_CHOICES = [(key, key) for key in SORT_KEYS] + [
    (f"-{key}", f"-{key}") for key in SORT_KEYS
]


class StatisticsForm(forms.Form):
    period = forms.CharField(
        label="统计期间",
        required=False,
        max_length=40,
        help_text=f"如 {EXAMPLES}；留空为本月。",
        widget=forms.TextInput(attrs={"placeholder": "2021-11", "size": 12}),
    )
    date_from = forms.DateField(
        label="自定义：起",
        required=False,
        validators=[validate_in_domain],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="止",
        required=False,
        validators=[validate_in_domain],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    desk = forms.ModelChoiceField(
        label="部门",
        queryset=Department.objects.filter(kind=Department.Kind.DESK),
        to_field_name="slug",
        required=False,
        empty_label="全部部门",
    )
    o = forms.ChoiceField(choices=SORT_CHOICES, required=False)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if self.has_error("date_from") or self.has_error("date_to"):
            return cleaned
        try:
            if first or last:
                if not (first and last):
                    raise PeriodError("自定义期间需要同时填写起止日期。")
                cleaned["period"] = Period.span(first, last)
            elif cleaned.get("period"):
                cleaned["period"] = parse_period(cleaned["period"])
            else:
                cleaned["period"] = Period.containing(timezone.localdate())
        except PeriodError as error:
            raise ValidationError(str(error), code="period") from None
        cleaned["o"] = cleaned.get("o") or "rank"
        return cleaned

    def query(self, **changes):
        """The URL query of these filters with changes (None drops a key)."""
        values = {
            "period": self.cleaned_data["period"].slug,
            "desk": self.cleaned_data["desk"].slug
            if self.cleaned_data["desk"]
            else None,
            "o": self.cleaned_data["o"] if self.cleaned_data["o"] != "rank" else None,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v})
