from goldenthread.accounts import permissions
from goldenthread.accounts.models import Role, RoleAssignment, User


class TestRolesWithinUnits:
    def test_a_role_within_a_unit_covers_the_units_below_it(self, council, person, unit):
        head = person("head.housing")  # head of service for Housing
        assert permissions.has_role(
            head, council, {Role.HEAD_OF_SERVICE}, unit_id=unit("Housing").pk
        )
        assert permissions.has_role(
            head, council, {Role.HEAD_OF_SERVICE}, unit_id=unit("Estate Management").pk
        )

    def test_a_role_within_a_unit_does_not_reach_sideways_or_up(self, council, person, unit):
        head = person("head.housing")
        assert not permissions.has_role(
            head, council, {Role.HEAD_OF_SERVICE}, unit_id=unit("Street Cleansing").pk
        )
        assert not permissions.has_role(
            head,
            council,
            {Role.HEAD_OF_SERVICE},
            unit_id=unit("Development and Neighbourhood Services").pk,
        )

    def test_an_organisation_wide_role_covers_every_unit(self, council, person, unit):
        assert permissions.has_role(
            person("auditor"), council, {Role.AUDITOR}, unit_id=unit("Street Cleansing").pk
        )


class TestWhoMayDoWhat:
    def test_officers_edit_what_they_own_but_not_their_colleagues_objectives(
        self, council, person, unit
    ):
        officer = person("officer.estates")
        team = unit("Estate Management").pk
        assert permissions.can_edit_owned(officer, council, owner_id=officer.pk, unit_id=team)
        assert not permissions.can_edit_owned(
            officer, council, owner_id=person("manager.estates").pk, unit_id=team
        )

    def test_managers_edit_within_their_units(self, council, person, unit):
        manager = person("manager.estates")
        assert permissions.can_edit_owned(
            manager,
            council,
            owner_id=person("officer.estates").pk,
            unit_id=unit("Estate Management").pk,
        )
        assert not permissions.can_edit_owned(
            manager, council, owner_id=None, unit_id=unit("Housing Options").pk
        )

    def test_heads_of_service_approve_within_their_service_and_senior_leaders_everywhere(
        self, council, person, unit
    ):
        cleansing = unit("Street Cleansing").pk
        assert permissions.can_approve(person("head.cfya"), council, unit_id=cleansing)
        assert not permissions.can_approve(person("head.housing"), council, unit_id=cleansing)
        assert permissions.can_approve(person("director.cesc"), council, unit_id=cleansing)
        assert not permissions.can_approve(person("officer.cleansing"), council, unit_id=cleansing)

    def test_only_performance_admins_configure(self, council, person):
        assert permissions.can_configure(person("performance.officer"), council)
        assert not permissions.can_configure(person("chief.executive"), council)
        assert not permissions.can_configure(person("cllr.leader"), council)

    def test_members_read_but_do_not_create_objectives(self, council, person):
        member = person("cllr.scrutiny")
        assert permissions.can_view(member, council)
        assert not permissions.can_create_in(member, council)

    def test_organisations_never_see_each_others_unpublished_information(
        self, council, other_council
    ):
        outsider = User.objects.get(username="northfield.officer")
        assert not permissions.can_view(outsider, council)
        RoleAssignment.objects.create(
            user=outsider, organisation=other_council, role=Role.PERFORMANCE_ADMIN
        )
        assert not permissions.can_configure(outsider, council)
        assert permissions.can_configure(outsider, other_council)
