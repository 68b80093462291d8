from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    # The flat list of the newest articles; "/" is the newspaper's front page.
    path("latest/", views.ArticleListView.as_view(), name="index"),
    path(
        "<int:year>/<int:month>/<int:day>/<int:pk>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.ArchiveYearView.as_view(), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        views.ArchiveDayView.as_view(),
        name="archive_day",
    ),
    path("feed/rss/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path(
        "feed/departments/<str:slug>/",
        feeds.DepartmentFeed(),
        name="department_feed",
    ),
    path("feed/reporters/<str:slug>/", feeds.ReporterFeed(), name="reporter_feed"),
    path(
        "feed/correspondents/<str:slug>/",
        feeds.CorrespondentFeed(),
        name="correspondent_feed",
    ),
]
