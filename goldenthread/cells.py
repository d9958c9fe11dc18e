"""Table cells made ready in Python for pages of hundreds of rows (dashboards, the indicator
list), so their templates only place them: text escaped once here rather than by each
`{{ }}` through Django's `escape`, whose check for lazy text costs more than the escaping."""

import html
from collections.abc import Iterable

from django.utils.safestring import SafeString

EMPTY = SafeString("")


def text(value: object) -> SafeString:
    """What `{{ value }}` shows of a string or object: `conditional_escape(value)`."""
    if hasattr(value, "__html__"):
        return SafeString(value.__html__())  # nosec B703  # HTML already, passed as it is
    return SafeString(html.escape(str(value)))  # nosec B703  # escaped


def joined(separator: str, values: Iterable[object]) -> SafeString:
    """What `{{ values|join:separator }}` shows."""
    parts = (text(value) for value in values)
    return SafeString(text(separator).join(parts))  # nosec B703  # each part escaped
