from django.urls import path

from edition import feeds, views

app_name = "edition"

urlpatterns = [
    path("", views.IssueView.as_view(), name="newest"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path(
        "archive/<int:year>/<int:month>/",
        views.CalendarView.as_view(),
        name="calendar",
    ),
    path("<str:date>/", views.IssueView.as_view(), name="issue"),
    path("<str:date>/feed/", feeds.IssueFeed(), name="issue_feed"),
    path("<str:date>/<str:label>/", views.PageView.as_view(), name="page"),
]
