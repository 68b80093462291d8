"""Public pages for desks, reporters and correspondents, with their articles."""

import hashlib

from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article, public_desks, with_published_article
from articles.signals import correspondent_tag, desk_tag, reporter_tag
from people.models import Correspondent, Reporter
from readersite import fragments
from readersite.pages import SiteMixin, get_by_slug_or_404
from readersite.pagination import CappedPaginationMixin, listing


class OwnerArticlesView(SiteMixin, CappedPaginationMixin, ListView):
    """A page about one desk or person, listing its published articles."""

    context_owner_name = None
    feed_route = None

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        # Cached per content version; an unknown slug raises 404 uncached.
        name = hashlib.sha256(slug.encode("utf-8", "surrogateescape")).hexdigest()
        self.owner = fragments.cached_piece(
            f"owner:{self.context_owner_name}:{name[:32]}",
            lambda: get_by_slug_or_404(self.owner_queryset(), slug),
        )
        return super().get(request, *args, **kwargs)

    def owner_queryset(self):
        """The desks or people this page may show, built per request: what is
        published depends on the current time."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.context_owner_name] = context["object"] = self.owner
        if self.feed_route:
            context["feed_url"] = reverse(self.feed_route, args=[self.owner.slug])
        return context


class DepartmentDetailView(OwnerArticlesView):
    context_owner_name = "department"
    feed_route = "articles:department_feed"
    template_name = "people/department_detail.html"

    def owner_queryset(self):
        return public_desks()

    def get_queryset(self):
        return listing(Article.objects.published().in_department(self.owner))

    def older_filters(self):
        return {"department": self.owner.slug}

    def list_tags(self):
        return [desk_tag(self.owner.pk)]


class ReporterDetailView(OwnerArticlesView):
    context_owner_name = "reporter"
    feed_route = "articles:reporter_feed"
    template_name = "people/reporter_detail.html"

    def owner_queryset(self):
        # Someone named only on unpublished articles is not public yet.
        return with_published_article(
            Reporter.objects.select_related("department"), "reporters"
        )

    def get_queryset(self):
        return listing(Article.objects.published().by_reporter(self.owner))

    def older_filters(self):
        return {"reporter": self.owner.slug}

    def list_tags(self):
        return [reporter_tag(self.owner.pk)]


class CorrespondentDetailView(OwnerArticlesView):
    context_owner_name = "correspondent"
    feed_route = "articles:correspondent_feed"
    template_name = "people/correspondent_detail.html"

    def owner_queryset(self):
        return with_published_article(
            Correspondent.objects.select_related("department"), "correspondents"
        )

    def get_queryset(self):
        return listing(Article.objects.published().by_correspondent(self.owner))

    def older_filters(self):
        return {"correspondent": self.owner.slug}

    def list_tags(self):
        return [correspondent_tag(self.owner.pk)]
