"""Published periods in the Django admin: to read, never to change (a correction is
published from the Publishing pages)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.publishing.models import Publication, PublishedVersion


class ReadOnly:
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["organisation", "period", "latest_number", "open_for_correction"]
    list_filter = ["organisation"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["publication", "number", "published_at", "published_by", "content_hash"]
    exclude = ["content"]
