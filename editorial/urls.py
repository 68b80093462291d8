from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.CorrectionListView.as_view(), name="corrections"),
]
