"""Superusers add pilots here; the chair works in the portal's own pages. Feedback is not listed:
it is read only as aggregates."""

from django.contrib import admin

from .models import Pilot, PlanAction, PlanOutcome


class PlanOutcomeInline(admin.TabularInline):
    model = PlanOutcome
    extra = 0


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "court", "start", "end", "target_children"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    inlines = [PlanOutcomeInline]


@admin.register(PlanAction)
class PlanActionAdmin(admin.ModelAdmin):
    list_display = ["code", "outcome", "status", "timescale", "leads"]
    list_filter = ["outcome__pilot", "status"]
