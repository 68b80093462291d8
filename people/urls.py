from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path(
        "departments/<str:slug>/",
        views.DepartmentDetailView.as_view(),
        name="department",
    ),
    path("reporters/<str:slug>/", views.ReporterDetailView.as_view(), name="reporter"),
    path(
        "correspondents/<str:slug>/",
        views.CorrespondentDetailView.as_view(),
        name="correspondent",
    ),
]
