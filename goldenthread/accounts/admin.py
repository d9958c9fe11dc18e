from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.accounts.models import (
    Committee,
    CommitteeMembership,
    Organisation,
    OrgUnit,
    RoleAssignment,
    User,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gss_code", "kind", "region"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class PersonAdmin(UserAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Organisation", {"fields": ["organisation", "org_unit", "job_title", "line_manager"]}),
    ]
    list_display = ["username", "first_name", "last_name", "organisation", "org_unit", "job_title"]
    list_filter = ["organisation", "is_staff"]
    inlines = [RoleInline]


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["organisation", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CommitteeMembershipInline]
