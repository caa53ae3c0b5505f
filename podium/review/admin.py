from django.contrib import admin

from podium.review.models import ReviewAssignment, ReviewPair, ReviewRound, ReviewRun


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ("stage", "opens_at", "closes_at", "supervisor")
    filter_horizontal = ("reviewers",)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ("stage", "judge", "project", "affinity", "pinned", "created_at")
    list_filter = ("stage", "pinned")
    raw_id_fields = ("judge", "project")
    # Assignments change through the solver run only, so its record stays true.
    readonly_fields = ("stage", "judge", "project", "affinity", "pinned", "created_at")


@admin.register(ReviewPair)
class ReviewPairAdmin(admin.ModelAdmin):
    list_display = ("stage", "judge", "project", "kind", "set_by", "set_at")
    raw_id_fields = ("judge", "project")


@admin.register(ReviewRun)
class ReviewRunAdmin(admin.ModelAdmin):
    list_display = ("stage", "per_project", "max_load", "objective", "upper_bound", "ran_at")
    readonly_fields = [f.name for f in ReviewRun._meta.fields]
