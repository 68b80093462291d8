"""The 数字报's addresses for the sitemap: every public issue and page."""

from django.urls import reverse

from edition.models import Issue, Page


def locations():
    """Return [(path, lastmod date)] of the public issues and their pages,
    newest issue first, each issue's pages in print order."""
    issues = Issue.objects.public().order_by("-date").values_list("date", "updated_at")
    pages = (
        Page.objects.public()
        .order_by("-issue__date", "sort_key", "pk")
        .values_list("issue__date", "label", "updated_at")
    )
    by_issue = {}
    for day, label, updated in pages:
        path = reverse("edition:page", args=[day.isoformat(), label])
        by_issue.setdefault(day, []).append((path, updated.date()))
    found = []
    for day, updated in issues:
        found.append((reverse("edition:issue", args=[day.isoformat()]), updated.date()))
        found += by_issue.get(day, [])
    return found
