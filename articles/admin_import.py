"""Import a page from the admin: upload or paste, preview, then confirm.

The decoded text travels from the preview to the confirmation in a signed,
compressed hidden field bound to the user, so what gets stored is exactly
what was previewed and nobody can post their own text as "previewed".
"""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import importing
from articles.models import ImportBatch
from articles.parsing import ParseError, decode_page
from edition import filing
from newsroom.admin_search import BoundedSearchMixin
from newsroom.dates import validate_in_domain
from people.models import Department

PAYLOAD_SALT = "articles.admin_import"
PAYLOAD_MAX_AGE = 6 * 60 * 60  # seconds an editor may take over one preview
PASTED = "pasted"
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
        self.page = None
        if not user.has_perm("articles.publish_article"):
            del self.fields["publish"]

    def import_options(self):
        return {
            "department": self.cleaned_data["department"],
            "publish": self.cleaned_data.get("publish", False),
            "page_label": self.cleaned_data["page"],
            "page_name": self.cleaned_data["page_name"],
        }

    def load(self, text, file_name, sha256, encoding):
        try:
            self.page = importing.load_text(
                text,
                file_name,
                self.cleaned_data["issue_date"],
                sha256=sha256,
                encoding=encoding,
            )
            filing.page_label(self.page, self.cleaned_data["page"])
        except (ParseError, importing.PageRejected) as error:
            raise forms.ValidationError(str(error)) from None


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
        self.load(self.text, self.file_name, self.sha256, self.encoding)
        return cleaned

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

    def clean(self):
        cleaned = super().clean()
        data = cleaned.get("payload")
        if data and not self.errors:
            self.load(data["text"], data["file_name"], data["sha256"], data["encoding"])
        return cleaned


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
            initial={**form.cleaned_data, "payload": form.payload()},
            user=request.user,
        )
        return self.render_preview(request, confirm, form.page)

    def confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_importbatch_import"))
        form = ImportConfirmForm(request.POST, user=request.user)
        if "payload" in form.errors:
            fresh = ImportUploadForm(user=request.user)
            errors = form.errors["payload"]
            return self.render_upload(request, fresh, errors=errors, status=400)
        if not form.is_valid():
            return self.render_preview(request, form, form.page, status=400)
        if "_confirm" not in request.POST:
            return self.render_preview(request, form, form.page)
        try:
            outcome = importing.import_page(
                form.page,
                source=ImportBatch.Source.ADMIN,
                user=request.user,
                **form.import_options(),
            )
        except DatabaseError as error:
            form.add_error(None, f"数据库错误，未写入任何内容：{error}")
            return self.render_preview(request, form, form.page, status=503)
        return self.imported(request, outcome)

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

    def render_preview(self, request, form, page, status=200):
        outcome = None
        try:
            outcome = page and importing.preview_page(page)
        except DatabaseError as error:
            form.add_error(None, f"无法检查是否已导入（数据库错误：{error}）")
            status = 503
        context = {"title": "导入版面：预览", "form": form, "outcome": outcome}
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
