from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages however the data changes between requests; `?page_size=` up to 500."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 500
