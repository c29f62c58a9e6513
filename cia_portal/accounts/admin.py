from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Area, Organisation, User
from .services import StillHolds, account_deactivate


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "area"]
    list_filter = ["type", "area"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Work", {"fields": ("organisation", "job_title")}),)
    list_display = ["username", "first_name", "last_name", "organisation", "job_title", "is_active"]
    list_filter = ["organisation", "groups", "is_active"]
    # Closing an account goes through `account_deactivate`, which refuses while the account
    # holds cases or referrals nobody else does: never by ticking a box.
    readonly_fields = ["is_active"]
    actions = ["close_accounts"]

    @admin.action(description="Close the selected accounts (once their work is moved)")
    def close_accounts(self, request, queryset):
        for user in queryset:
            try:
                account_deactivate(user=user, actor=request.user)
            except StillHolds as refused:
                self.message_user(request, str(refused), level=messages.ERROR)
            else:
                self.message_user(request, f"{user} can no longer sign in.")
