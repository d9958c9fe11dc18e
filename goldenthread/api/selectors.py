"""Reads for API tokens."""

from django.db.models import QuerySet

from goldenthread.accounts.models import User
from goldenthread.api import services
from goldenthread.api.models import ApiToken


def tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def token_for_key(key: str) -> ApiToken | None:
    """The active token a key belongs to, if any."""
    if not key.startswith(services.KEY_START):
        return None
    return (
        ApiToken.objects.filter(key_hash=services.key_hash(key), revoked_at__isnull=True)
        .select_related("user__organisation")
        .first()
    )
