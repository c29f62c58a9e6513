from django.contrib.auth.models import Group
from django.db import transaction

from .models import Organisation


@transaction.atomic
def organisation_group(*, organisation: Organisation) -> Group:
    """The group that holds an organisation's grants, made the first time it is needed."""
    if organisation.group_id is None:
        organisation.group = Group.objects.create(name=f"Organisation {organisation.pk}")
        organisation.save(update_fields=["group"])
    return organisation.group
