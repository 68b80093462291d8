"""Import a page from the admin: upload or paste, preview and correct, confirm.

The decoded text travels from the preview to the confirmation in a signed,
compressed hidden field bound to the user, so nobody can post their own text
as "previewed". The editor's corrections (admin_import_corrections) travel
with it; a confirmation whose text, settings or corrections differ from the
preview last shown shows the preview again instead of importing, so what is
imported is exactly what was shown. Both steps call importing.run().
"""

import hashlib
import json

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import admin_import_corrections as corrections
from articles import importing
from articles.models import ImportBatch
from articles.parsing import ParseError, decode_page
from newsroom.admin_search import BoundedSearchMixin
from newsroom.dates import validate_in_domain
from people.models import Department

PAYLOAD_SALT = "articles.admin_import"
PAYLOAD_MAX_AGE = 6 * 60 * 60  # seconds an editor may take over one preview
PASTED = "pasted"
UNSHOWN = "改动尚未预览：请核对下面按改动重新生成的预览，无误后再点“确认导入”。"
ENCODINGS = [
    ("", "自动识别"),
    ("utf-8", "UTF-8"),
    ("gb18030", "GB18030 / GBK / GB2312"),
    ("utf-16", "UTF-16"),
    ("big5", "Big5"),
]


class ImportOptionsForm(forms.Form):
    """What the editor may still change between preview and confirmation."""

    issue_date = forms.DateField(
        label="出版日期",
        initial=timezone.localdate,
        validators=[validate_in_domain],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="不带年份的电头日期（如 11月3日）取此日或之前最近的那一天。",
    )
    department = forms.ModelChoiceField(
        label="部门",
        queryset=Department.objects.filter(kind=Department.Kind.DESK),
        required=False,
        empty_label="（不指定）",
        help_text="稿件所属的编辑部门。",
    )
    page = forms.CharField(
        label="版次",
        max_length=ImportBatch._meta.get_field("page").max_length,
        required=False,
        help_text="如 A2、第3版",
    )
    page_name = forms.CharField(
        label="版名",
        max_length=ImportBatch._meta.get_field("page_name").max_length,
        required=False,
        help_text="如 航空港新闻",
    )
    publish = forms.BooleanField(
        label="直接发布",
        required=False,
        help_text="发布时间为出版日期早上 6 点；不勾选则存为草稿，待编辑审核。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_perm("articles.publish_article"):
            del self.fields["publish"]

    def import_options(self, dry_run):
        data = self.cleaned_data
        return importing.ImportOptions(
            issue_date=data["issue_date"],
            department=data["department"],
            publish=data.get("publish", False),
            page_label=data["page"],
            page_name=data["page_name"],
            user=self.user,
            via=ImportBatch.Source.ADMIN,
            dry_run=dry_run,
        )

    def settings_shown(self):
        """Return the settings as text, for telling whether they changed."""
        data = self.cleaned_data
        department = data["department"].pk if data["department"] else None
        return [
            data["issue_date"].isoformat(),
            department,
            data["page"],
            data["page_name"],
            data.get("publish", False),
        ]


def validate_pasted_size(text):
    """Hold pasted text to the limit an uploaded file has."""
    if len(text.encode("utf-8")) > importing.MAX_PAGE_BYTES:
        raise forms.ValidationError(
            f"粘贴的文本过大：一个版面的文本不超过 "
            f"{importing.MAX_PAGE_BYTES // 1024 // 1024} MB。"
        )


class ImportUploadForm(ImportOptionsForm):
    upload = forms.FileField(label="版面文件", required=False, help_text="纯文本 .txt")
    encoding = forms.ChoiceField(
        label="文件编码", choices=ENCODINGS, required=False, initial=""
    )
    text = forms.CharField(
        label="或粘贴文本",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        validators=[validate_pasted_size],
    )

    field_order = ["upload", "encoding", "text"]

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("upload"), cleaned.get("text", "")
        if bool(upload) == bool(text.strip()):
            raise forms.ValidationError(
                "请上传一个版面文件，或粘贴版面文本（二选一）。"
            )
        if self.errors:
            return cleaned
        if upload:
            self.text, self.file_name, self.sha256, self.encoding = self.decoded(upload)
        else:
            data = text.encode("utf-8")
            self.text, self.file_name, self.encoding = text, "粘贴文本", PASTED
            self.sha256 = hashlib.sha256(data).hexdigest()
        return cleaned

    def source(self):
        return importing.Source(
            self.file_name,
            self.file_name,
            text=self.text,
            sha256=self.sha256,
            encoding=self.encoding,
        )

    def decoded(self, upload):
        if upload.size > importing.MAX_PAGE_BYTES:
            raise forms.ValidationError(
                f"文件过大：一个版面的文本不超过 "
                f"{importing.MAX_PAGE_BYTES // 1024 // 1024} MB。"
            )
        data = upload.read()
        try:
            text, encoding = decode_page(
                data, self.cleaned_data.get("encoding") or None
            )
        except ParseError as error:
            raise forms.ValidationError(f"{upload.name}：{error}") from None
        return text, upload.name[:255], hashlib.sha256(data).hexdigest(), encoding

    def payload(self):
        return signing.dumps(
            {
                "text": self.text,
                "file_name": self.file_name,
                "sha256": self.sha256,
                "encoding": self.encoding,
                "user": self.user.pk,
            },
            salt=PAYLOAD_SALT,
            compress=True,
        )


class ImportConfirmForm(ImportOptionsForm):
    payload = forms.CharField(widget=forms.HiddenInput)
    # A digest of the text, settings and corrections the preview showed.
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_payload(self):
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError("预览已过期，请重新上传版面。") from None
        except signing.BadSignature:
            data = None
        if not isinstance(data, dict) or data.get("user") != self.user.pk:
            raise forms.ValidationError("预览数据无效，请重新上传版面。")
        return data

    def source(self, corrections=()):
        data = self.cleaned_data["payload"]
        return importing.Source(
            data["file_name"],
            data["file_name"],
            text=data["text"],
            sha256=data["sha256"],
            encoding=data["encoding"],
            corrections=corrections,
        )


def shown_digest(form, corrections):
    """Return a digest of what a preview shows: text, settings, corrections."""
    data = form.cleaned_data["payload"]
    shown = [
        data["sha256"],
        form.settings_shown(),
        [[c.position, c.drop, c.keep_as_draft, _changes(c)] for c in corrections],
    ]
    text = json.dumps(shown, ensure_ascii=False, default=str, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _changes(correction):
    return sorted((name, str(value)) for name, value in correction.changes.items())


class ImportBatchAdmin(BoundedSearchMixin, admin.ModelAdmin):
    """Read-only import records, plus the upload → preview → confirm views."""

    change_list_template = "admin/articles/importbatch/change_list.html"
    list_display = [
        "issue_date",
        "page",
        "page_name",
        "file_name",
        "source",
        "articles_found",
        "articles_created",
        "articles_skipped",
        "people_created",
        "created_by",
        "created_at",
        "articles_link",
    ]
    readonly_fields = ["articles_link"]
    list_filter = ["source", "issue_date"]
    list_select_related = ["created_by"]
    search_fields = ["file_name", "page_name"]
    date_hierarchy = "issue_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="稿件")
    def articles_link(self, batch):
        url = reverse(f"{self.admin_site.name}:articles_article_changelist")
        return format_html(
            '<a href="{}?import_batch__id__exact={}">本批新建的 {} 篇</a>',
            url,
            batch.pk,
            batch.articles_created,
        )

    def has_import_permission(self, request):
        return request.user.has_perm("articles.add_article")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="{}_{}_import_confirm".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(
            request.POST or None, request.FILES or None, user=request.user
        )
        if request.method != "POST":
            return self.render_upload(request, form)
        if not form.is_valid():
            return self.render_upload(request, form, status=400)
        confirm = ImportConfirmForm(
            {**form.data.dict(), "payload": form.payload()}, user=request.user
        )
        confirm.is_valid()
        return self.preview(request, confirm, form.source(), (), upload=form)

    def confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_importbatch_import"))
        form = ImportConfirmForm(request.POST, user=request.user)
        formset = corrections.bound_formset(request.POST)
        if "payload" in form.errors:
            fresh = ImportUploadForm(user=request.user)
            errors = form.errors["payload"]
            return self.render_upload(request, fresh, errors=errors, status=400)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_preview(request, form, formset, None, status=400)
        edits = formset.corrections()
        shown = form.cleaned_data["shown"] == shown_digest(form, edits)
        if "_confirm" not in request.POST or not shown:
            note = "_confirm" in request.POST and UNSHOWN
            return self.preview(request, form, form.source(edits), edits, note=note)
        try:
            report = importing.run([form.source(edits)], form.import_options(False))
        except importing.ImportFailed as failure:
            form.add_error(None, str(failure))
            status = 503 if failure.unavailable else 400
            return self.render_preview(request, form, formset, None, status=status)
        return self.imported(request, report.outcomes[0])

    def preview(self, request, form, source, edits, upload=None, note=None):
        """Render what importing source would do, with the editor's edits,
        as a preview whose corrections may be changed again."""
        try:
            report = importing.run([source], form.import_options(True))
        except importing.ImportFailed as failure:
            if upload is not None:
                return self.render_upload(request, upload, [str(failure)], 400)
            form.add_error(None, str(failure))
            formset = corrections.bound_formset(request.POST)
            return self.render_preview(request, form, formset, None, status=400)
        outcome = report.outcomes[0]
        for notice in report.notices:
            form.add_error(None, notice)
        formset = corrections.fresh_formset(outcome.page, edits)
        form.data = form.data.copy()
        form.data["shown"] = shown_digest(form, edits)
        status = 503 if report.notices else 200
        if note:
            messages.warning(request, note)
        return self.render_preview(request, form, formset, outcome, status=status)

    def imported(self, request, outcome):
        counts = outcome.counts
        self.message_user(
            request,
            f"《{outcome.page.file_name}》已导入：新建 {counts['articles_created']} "
            f"篇，跳过 {counts['articles_skipped']} 篇（已导入），"
            f"新建人员 {counts['people_created']} 人。",
            messages.SUCCESS,
        )
        if self.has_view_permission(request, outcome.batch):
            url = reverse("admin:articles_importbatch_change", args=[outcome.batch.pk])
        else:
            url = reverse("admin:articles_article_changelist")
        return HttpResponseRedirect(url)

    def render_upload(self, request, form, errors=(), status=200):
        context = {"title": "导入版面", "form": form, "errors": errors}
        return self.render(request, "import_form.html", context, status)

    def render_preview(self, request, form, formset, outcome, status=200):
        context = {
            "title": "导入版面：预览",
            "form": form,
            "formset": formset,
            "rows": corrections.preview_rows(formset, outcome),
            "outcome": outcome,
        }
        return self.render(request, "import_preview.html", context, status)

    def render(self, request, template, context, status):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "has_view_permission": self.has_view_permission(request),
            **context,
        }
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/{template}",
            context,
            status=status,
        )
