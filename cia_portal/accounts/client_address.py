"""The address of the device a request came from, for the sign-in locks.

Behind a proxy (docs/deployment.md) every request arrives from the proxy's own address, and
the device's address is in the `X-Forwarded-For` header, which each proxy extends with the
address it was reached from. Anyone can send that header with anything in it, so it is read
only when the deployment says how many proxies of its own stand in front of the portal
(`TRUSTED_PROXY_COUNT`, 0 by default): the address the outermost of them saw is that many
entries from the right. Entries further left came from the device itself and are ignored."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    connected = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return connected
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return connected  # it did not come through our proxies: only the connection is known
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return connected
