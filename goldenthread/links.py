"""Links to many objects of one kind on one page, such as a dashboard's hundreds of rows.

`reverse()` walks the URL resolver each time it is called (a few microseconds, but a
dashboard of 500 indicators asked for some 1,400). `url_by_pk(name)` reverses the pattern
once and returns a function that puts each key in its place, giving the same text as
`reverse(name, args=[pk])`. Make one per request (it reads the script prefix then), not
at import time.
"""

from collections.abc import Callable

from django.urls import reverse

_MARK = "7310925486"  # a key reversed once and replaced: digits, as an <int:pk> takes


def url_by_pk(name: str) -> Callable[[int], str]:
    """A function giving `reverse(name, args=[pk])` for a pattern of one integer key."""
    before, found, after = reverse(name, args=[int(_MARK)]).partition(_MARK)
    if not found or _MARK in before or _MARK in after:  # the mark elsewhere in the path too
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{before}{int(pk)}{after}"
