"""`{% report_item item %}`: one block of a report, rendered once for the same content.

A block is frozen and holds everything its template shows (blocks.py), so the same block
with the same context always renders to the same HTML: a report page asked for again, by
anyone, renders only the blocks whose data changed. Each process keeps the last
RENDERED_BLOCKS; a block of old data is simply never asked for again. Only pages keep
them: a downloaded or printed report is made once.
"""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from goldenthread.reporting.render.html import Item

register = template.Library()

# About 8 KB of HTML an indicator entry: some 16 MB a process at most.
RENDERED_BLOCKS = 2_000


@register.simple_tag(takes_context=True)
def report_item(context: template.Context, item: Item) -> SafeString:
    link_base = context.get("link_base", "")
    if context.get("document"):
        # A downloaded or printed report is made once a run: nothing to keep.
        return _render(item, link_base, document=True)
    return _page_block(item, link_base)


@lru_cache(maxsize=RENDERED_BLOCKS)
def _page_block(item: Item, link_base: str) -> SafeString:
    return _render(item, link_base, document=False)


def _render(item: Item, link_base: str, *, document: bool) -> SafeString:
    shown = {"item": item, "block": item.block, "document": document, "link_base": link_base}
    # Our own templates, autoescaped: their output is safe.
    return mark_safe(get_template(item.template).render(shown))  # noqa: S308  # nosec B308, B703
