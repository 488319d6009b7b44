from django.contrib import admin

from exercises.models import Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "equipment", "per_side", "reps_min", "reps_max", "hold_max"]
    list_filter = ["equipment", "per_side"]
    search_fields = ["name", "slug", "summary", "target_muscles"]
    ordering = ["display_order", "name"]
    prepopulated_fields = {"slug": ["name"]}
