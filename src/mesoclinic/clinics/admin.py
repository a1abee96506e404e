"""Django admin for superusers only (clinic staff use the app's own setup pages).
Rooms and memberships are deactivated, never deleted, here as in the app."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from mesoclinic.clinics.models import (
    Chain,
    ChainManager,
    Clinic,
    Closure,
    Membership,
    OpeningHours,
    Room,
)


def is_superuser(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_superuser(request)


class NeverDeleted(SuperuserOnly):
    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Chain)
class ChainAdmin(NeverDeleted):
    list_display = ["name"]


@admin.register(Clinic)
class ClinicAdmin(NeverDeleted):
    list_display = ["name", "chain", "time_zone"]
    list_filter = ["chain"]
    inlines = [OpeningHoursInline, ClosureInline]


@admin.register(Room)
class RoomAdmin(NeverDeleted):
    list_display = ["name", "clinic", "active"]
    list_filter = ["clinic", "active"]


@admin.register(Membership)
class MembershipAdmin(NeverDeleted):
    list_display = ["user", "clinic", "role", "active"]
    list_filter = ["clinic", "role", "active"]
    search_fields = ["user__username"]


@admin.register(ChainManager)
class ChainManagerAdmin(SuperuserOnly):
    list_display = ["user", "chain"]
