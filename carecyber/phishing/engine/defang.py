"""Make indicators safe to show: nobody can click or paste them into a browser by accident."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.\-]*)://", re.IGNORECASE)
_SCHEMES = {"http": "hxxp", "https": "hxxps", "ftp": "fxp", "ftps": "fxps", "ws": "wxs", "wss": "wxss"}


_IPV4 = re.compile(r"^(\d{1,3}\.\d{1,3}\.\d{1,3})\.(\d{1,3})((?::\d+)?)$")


def _dots(value: str) -> str:
    plain = value.replace("[.]", ".")
    ip = _IPV4.match(plain)
    if ip:  # the usual form for addresses: only the last dot, so the address stays readable
        return f"{ip.group(1)}[.]{ip.group(2)}{ip.group(3)}"
    return plain.replace(".", "[.]")


def defang(value: str) -> str:
    """`https://evil.example/a.html` -> `hxxps://evil[.]example/a.html` (only the host is changed);
    `1.2.3.4` -> `1.2.3[.]4`; `evil.example` -> `evil[.]example`; `user@host.example` -> `user[@]host[.]example`.

    Idempotent: defanging a defanged value changes nothing.
    """
    match = _SCHEME.match(value)
    if match:
        scheme = match.group("scheme")
        rest = value[match.end() :]
        cut = len(rest)
        for stop in "/?#":
            index = rest.find(stop)
            if index != -1:
                cut = min(cut, index)
        netloc, tail = rest[:cut], rest[cut:]
        netloc = _dots(netloc).replace("[@]", "@").replace("@", "[@]")
        return f"{_SCHEMES.get(scheme.lower(), scheme)}://{netloc}{tail}"
    lowered = value.lower()
    if lowered.startswith(("mailto:", "javascript:", "data:")):
        scheme, _, rest = value.partition(":")
        safe_scheme = {"mailto": "mailto", "javascript": "javascript[:]", "data": "data[:]"}[scheme.lower()]
        if safe_scheme == "mailto":
            return "mailto[:]" + defang(rest)
        return safe_scheme + _dots(rest)
    return _dots(value).replace("[@]", "@").replace("@", "[@]")
