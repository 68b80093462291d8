"""Health probes for load balancers and orchestrators: /healthz and /readyz.

A load balancer probes each app server by its own address over plain HTTP,
so the probes are answered by the first middleware, before the host check
(ALLOWED_HOSTS) and the HTTPS redirect would turn them into a 400 or a 301.
They reveal nothing but whether this process and its database answer.
"""

from django.db import Error, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """Answer that the process serves requests; deliberately no database."""
    return probe_response("ok\n")


@require_safe
def readyz(request):
    """Answer 200 only while the database answers too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:
        return probe_response("database unavailable\n", status=503)
    return probe_response("ok\n")


def probe_response(text, status=200):
    response = HttpResponse(
        text, status=status, content_type="text/plain; charset=utf-8"
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Answer the probes first, whatever the Host header or the scheme."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        return probe(request)
