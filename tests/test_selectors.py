import pytest

from assessments import privacy, selectors
from assessments.models import ChildUserObjectPermission
from assessments.privacy import child_sync_grants
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    ChildFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_practitioner_sees_only_the_children_they_opened(practitioner, outsider):
    mine = ChildFactory(created_by=practitioner)
    ChildFactory(created_by=outsider)
    assert list(privacy.child_visible_to(practitioner)) == [mine]


def test_superuser_sees_no_child_without_a_grant():
    ChildFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert not privacy.child_visible_to(admin).exists()


def test_anonymous_user_sees_nothing(child):
    from django.contrib.auth.models import AnonymousUser

    assert not privacy.child_visible_to(AnonymousUser()).exists()


def test_global_view_permission_does_not_open_every_child(child, outsider):
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="view_child"))
    assert not privacy.child_visible_to(outsider).exists()


def test_related_records_404_for_someone_who_may_not_see_the_child(child, outsider):
    from django.http import Http404

    assessment = AssessmentFactory(child=child)
    action = AgreedActionFactory(child=child)
    for getter, obj in [
        (privacy.child_get_for_user, child),
        (privacy.assessment_get_for_user, assessment),
        (privacy.action_get_for_user, action),
    ]:
        with pytest.raises(Http404):
            getter(outsider, obj.pk)
        assert getter(child.created_by, obj.pk) == obj


def test_sync_grants_removes_a_grant_the_records_do_not_support(child, outsider):
    stray = ChildUserObjectPermission.objects.get(
        content_object=child, permission__codename="view_child"
    )
    ChildUserObjectPermission.objects.create(
        user=outsider, permission=stray.permission, content_object=child
    )
    assert privacy.child_visible_to(outsider).exists()
    child_sync_grants(child=child)
    assert not privacy.child_visible_to(outsider).exists()
    assert privacy.child_visible_to(child.created_by).exists()


def test_my_cases_annotates_stage_next_action_and_overdue(practitioner):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ParentChildLinkFactory

    link = ParentChildLinkFactory(child__created_by=practitioner, parent__stage="custody")
    today = timezone.localdate()
    AgreedActionFactory(child=link.child, description="Late", due_date=today - timedelta(days=2))
    AgreedActionFactory(child=link.child, description="Soon", due_date=today + timedelta(days=2))
    AgreedActionFactory(
        child=link.child, description="Done", status="done", due_date=today - timedelta(days=9)
    )
    [row] = selectors.child_cases_held(practitioner)
    assert row.parent_stage == "custody"
    assert row.next_action == "Late"
    assert row.overdue_actions == 1


def test_my_cases_query_count_does_not_grow_with_cases(practitioner, django_assert_max_num_queries):
    for _ in range(25):
        child = ChildFactory(created_by=practitioner)
        AgreedActionFactory(child=child)
        AssessmentFactory(child=child)
    with django_assert_max_num_queries(1):
        assert len(list(selectors.child_cases_held(practitioner))) == 25


def test_a_grant_to_an_organisation_opens_the_child_to_its_practitioners_only(child, outsider):
    from django.contrib.auth.models import Permission

    from assessments.models import ChildGroupObjectPermission
    from cia_portal.accounts.services import organisation_group

    colleague = UserFactory(organisation=outsider.organisation)
    chair = UserFactory(organisation=outsider.organisation, roles=["Alliance chair"])
    ChildGroupObjectPermission.objects.create(
        group=organisation_group(organisation=outsider.organisation),
        permission=Permission.objects.get(codename="view_child"),
        content_object=child,
    )
    assert list(privacy.child_visible_to(outsider)) == [child]
    assert list(privacy.child_visible_to(colleague)) == [child]
    assert not privacy.child_visible_to(chair).exists()


def test_a_grant_past_its_end_date_opens_nothing(child, outsider):
    from datetime import timedelta

    from django.contrib.auth.models import Permission
    from django.utils import timezone

    grant = ChildUserObjectPermission.objects.create(
        user=outsider,
        permission=Permission.objects.get(codename="view_child"),
        content_object=child,
        valid_until=timezone.localdate(),
    )
    assert privacy.child_visible_to(outsider).exists()  # the last day still counts
    grant.valid_until = timezone.localdate() - timedelta(days=1)
    grant.save()
    assert not privacy.child_visible_to(outsider).exists()


def test_a_change_grant_alone_does_not_open_the_child(child, outsider):
    from django.contrib.auth.models import Permission

    ChildUserObjectPermission.objects.create(
        user=outsider,
        permission=Permission.objects.get(codename="change_child"),
        content_object=child,
    )
    assert not privacy.child_visible_to(outsider).exists()


def test_a_deactivated_account_sees_nothing(child):
    child.created_by.is_active = False
    assert not privacy.child_visible_to(child.created_by).exists()


def test_the_selector_agrees_with_guardians_own_check(child, outsider):
    from guardian.core import ObjectPermissionChecker

    for user, expected in [(child.created_by, True), (outsider, False)]:
        assert ObjectPermissionChecker(user).has_perm("view_child", child) is expected
        assert privacy.child_visible_to(user).filter(pk=child.pk).exists() is expected
