"""The public /corrections/ page."""

from django.views.generic import ListView

from editorial.corrections import Correction
from readersite.pages import SiteMixin

CORRECTIONS_PER_PAGE = 20


class CorrectionListView(SiteMixin, ListView):
    template_name = "editorial/corrections.html"
    context_object_name = "corrections"
    paginate_by = CORRECTIONS_PER_PAGE

    def get_queryset(self):
        return (
            Correction.objects.published()
            .select_related("article")
            .order_by("-published_at", "-id")
        )
