"""The visitor's address, as seen through a configured number of trusted proxies.

gunicorn leaves REMOTE_ADDR as the address of whoever connected to it, which behind a proxy is
the proxy for every visitor. Each trusted proxy appends the address it received the request
from to X-Forwarded-For, so with N proxies in front the visitor is the N-th entry from the
right; anything further left was written by the visitor and is not trusted. The rate limits
and django-axes (AXES_CLIENT_IP_CALLABLE) both ask this one function.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = N the N-th
    X-Forwarded-For entry from the right. A header with fewer entries (the request bypassed the
    proxies) or an entry that is not an address falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
