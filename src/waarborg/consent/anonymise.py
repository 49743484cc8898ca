"""IP addresses, anonymised before they are stored.

The host part goes, as Google Analytics' IP anonymisation does: an IPv4 address keeps
its /24 network (the last octet becomes 0), an IPv6 address its /48. An IPv4 address
written as IPv6 (``::ffff:203.0.113.7``) is treated as the IPv4 address it is.
"""

from __future__ import annotations

import ipaddress

__all__ = ["IPV4_PREFIX", "IPV6_PREFIX", "anonymise_ip"]

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def anonymise_ip(address: str | None) -> str | None:
    """The address with its host part zeroed, or None for no address or not an address.

    >>> anonymise_ip("203.0.113.77")
    '203.0.113.0'
    >>> anonymise_ip("2001:db8:85a3:8d3:1319:8a2e:370:7348")
    '2001:db8:85a3::'
    """
    if not address:
        return None
    text = address.strip().split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) says nothing
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    return str(network.network_address)
