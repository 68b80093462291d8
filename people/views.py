from django.views.generic import DetailView

from people.models import Correspondent, Department, Reporter


class DepartmentDetailView(DetailView):
    model = Department


class ReporterDetailView(DetailView):
    model = Reporter


class CorrespondentDetailView(DetailView):
    model = Correspondent
