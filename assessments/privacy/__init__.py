"""The privacy kernel: the one place that decides who sees what of a child.

- `policy`: who may see a child at all (`child_visible_to`), what inside the record
  (`child_scope_for`), and getters that 404 for anyone else. "Active" consents and overrides
  are `Consent.objects.active(on=day)` and `SafeguardingOverride.objects.active(on=day)`.
- `grants`: the django-guardian rows derived from allocations, consents and overrides, their
  sync and the drift check (`verify_sharing`).
- `guards`: the view decorators (`child_page(HELD | SHARED | SAFEGUARDING)`, `role_page`) and
  the one place a read is audited, whatever the HTTP method.

Every other module, in this app and the apps above it, imports access from here only.
See docs/decisions/0007-privacy-kernel.md.
"""

from cia_portal.accounts.guards import GET_AND_POST, GET_ONLY, POST_ONLY, role_page

from .grants import child_expected_grants, child_stored_grants, child_sync_grants
from .guards import (
    HELD,
    SAFEGUARDING,
    SHARED,
    Access,
    audited_list,
    audited_read,
    audited_search,
    child_page,
)
from .policy import (
    ALL_SECTIONS,
    ALL_STAGES,
    SAFEGUARDING_RESULTS,
    ChildScope,
    action_get_for_user,
    assessment_get_for_user,
    child_caseload_for_manager,
    child_consents_by_organisation,
    child_get_for_safeguarding_lead,
    child_get_for_user,
    child_held_by,
    child_likely_duplicates,
    child_likely_known,
    child_organisations_for_the_whole_case,
    child_scope_for,
    child_scope_with_consent,
    child_search_for_safeguarding_lead,
    child_visible_to,
    consent_for_organisation,
    consent_get_for_user,
    drawing_get_for_user,
    last_day_shared,
    override_get_for_safeguarding_lead,
    overrides_for_safeguarding_lead,
    permission_ids_forget,
    team_manager_of,
)

__all__ = [
    "ALL_SECTIONS",
    "ALL_STAGES",
    "GET_AND_POST",
    "GET_ONLY",
    "HELD",
    "POST_ONLY",
    "SAFEGUARDING_RESULTS",
    "SAFEGUARDING",
    "SHARED",
    "Access",
    "ChildScope",
    "action_get_for_user",
    "assessment_get_for_user",
    "child_caseload_for_manager",
    "audited_list",
    "audited_read",
    "audited_search",
    "child_consents_by_organisation",
    "child_expected_grants",
    "child_get_for_safeguarding_lead",
    "child_get_for_user",
    "child_held_by",
    "child_likely_duplicates",
    "child_likely_known",
    "child_page",
    "child_scope_for",
    "child_scope_with_consent",
    "child_search_for_safeguarding_lead",
    "child_organisations_for_the_whole_case",
    "child_stored_grants",
    "child_sync_grants",
    "child_visible_to",
    "consent_for_organisation",
    "consent_get_for_user",
    "drawing_get_for_user",
    "last_day_shared",
    "override_get_for_safeguarding_lead",
    "overrides_for_safeguarding_lead",
    "permission_ids_forget",
    "role_page",
    "team_manager_of",
]
