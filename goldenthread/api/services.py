"""Writes for API tokens. A key is `gt_` + a prefix (to find the row) + a secret; the row
keeps the SHA-256 of the whole key, which is enough for a random 256-bit secret."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goldenthread.accounts.models import User
from goldenthread.api.models import ApiToken

KEY_START = "gt_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Makes a token and returns it with its key, which is never shown again."""
    if not user.is_active:
        raise ValidationError("Tokens can be made only for active accounts.")
    if not name.strip():
        raise ValidationError({"name": "Say what the token is for."})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": "Choose read only, or read and write."})
    prefix = secrets.token_hex(4)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), scope=scope, prefix=prefix, key_hash="")
    token.key_hash = key_hash(key)
    token._history_user = user  # type: ignore[attr-defined]
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Stops a token working at once. Only its holder (or a superuser) may revoke it."""
    if token.user_id != user.pk and not user.is_superuser:
        raise PermissionDenied("You can revoke only your own tokens.")
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save()
    return locked


def token_touch(*, token: ApiToken) -> None:
    """Records use at most once a minute, so reads do not each write a row."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
