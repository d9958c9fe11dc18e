"""Gives performance admins the Django admin's permissions over the product's own data,
so reference data (planning stages, schedules, categories) is theirs to maintain without
anyone handing out permissions one by one."""

from django.contrib.auth.backends import BaseBackend

from goldenthread.accounts.models import Role, RoleAssignment

PRODUCT_APPS = {
    "accounts",
    "strategy",
    "indicators",
    "delivery",
    "risks",
}


def _is_performance_admin(user) -> bool:  # type: ignore[no-untyped-def]
    if not user.is_active or user.is_anonymous:
        return False
    cached = getattr(user, "_is_performance_admin", None)
    if cached is None:
        cached = RoleAssignment.objects.filter(user=user, role=Role.PERFORMANCE_ADMIN).exists()
        user._is_performance_admin = cached
    return cached


class PerformanceAdminBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return perm.split(".", 1)[0] in PRODUCT_APPS and _is_performance_admin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:  # type: ignore[no-untyped-def]
        return app_label in PRODUCT_APPS and _is_performance_admin(user_obj)
