"""The client's address, as far as this site's own proxies vouch for it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """Return the client's address for sign-in throttling.

    Behind N trusted reverse proxies, each appending the address it saw to
    X-Forwarded-For, the client is the Nth entry from the right; entries
    further left are whatever the client sent and prove nothing. Without
    proxies the header is ignored and REMOTE_ADDR, which clients cannot
    forge, is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < count:
        # The request did not come through every proxy: trust nothing it says.
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
