"""The client's IP address for the login lock-out (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

Behind a reverse proxy every request comes from the proxy's address: counting failed logins
per ``REMOTE_ADDR`` would then lock out everyone after one user's typos. The client's own
address is in ``X-Forwarded-For`` - but a client can write anything there itself, so the
header is believed only as far as trusted proxies wrote it:

- ``LVV_TRUSTED_PROXIES`` (addresses or networks): walking ``X-Forwarded-For`` from the
  right, starting at ``REMOTE_ADDR``, every address that is a trusted proxy is skipped; the
  first one that is not is the client.
- else ``LVV_TRUSTED_PROXY_COUNT = n``: exactly ``n`` proxies stand in front of the
  application, so the client is the ``n``-th address from the right.
- neither: ``REMOTE_ADDR`` (no proxy).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress._BaseNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(value: str) -> ipaddress._BaseAddress | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    trusted = tuple(getattr(settings, "LVV_TRUSTED_PROXIES", ()) or ())
    count = int(getattr(settings, "LVV_TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted:
        networks = _networks(trusted)
        chain = [remote, *reversed(forwarded)]
        for entry in chain:
            address = _address(entry)
            if address is None:
                return remote or None  # a garbled hop: count it on the proxy that sent it
            if not any(address in network for network in networks):
                return str(address)
        return str(_address(chain[-1]))  # every hop is a trusted proxy
    if count > 0:
        if len(forwarded) < count:
            return remote or None  # not (fully) proxied: the header cannot be believed
        address = _address(forwarded[-count])
        return str(address) if address is not None else (remote or None)
    return remote or None
