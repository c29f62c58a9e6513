"""Who may see a child: django-guardian object permissions, derived from the records.

The grants are derived state. `child_sync_grants` recomputes them from the case and is
called, inside the same transaction, by every service that changes who should see a child.
For now the practitioner who opened the case is the only one who sees it; consent-based
sharing adds recipients here.
"""

from django.contrib.auth.models import Permission

from .models import Child, ChildUserObjectPermission

CHILD_PERMISSIONS = ("view_child", "change_child")


def child_permission_objects() -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label="assessments", codename__in=CHILD_PERMISSIONS
        )
    )


def child_expected_grants(*, child: Child) -> set[tuple[int, int]]:
    """(user id, permission id) pairs the records say this child should have."""
    users = {child.created_by_id}
    return {(u, p.pk) for u in users for p in child_permission_objects()}


def child_sync_grants(*, child: Child) -> None:
    expected = child_expected_grants(child=child)
    rows = ChildUserObjectPermission.objects.filter(content_object=child)
    stored = set(rows.values_list("user_id", "permission_id"))
    for user_id, permission_id in stored - expected:
        rows.filter(user_id=user_id, permission_id=permission_id).delete()
    ChildUserObjectPermission.objects.bulk_create(
        ChildUserObjectPermission(user_id=u, permission_id=p, content_object=child)
        for u, p in expected - stored
    )
