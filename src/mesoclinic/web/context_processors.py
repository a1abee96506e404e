"""What the top navigation offers: each link only to those who may use it."""

from django.contrib.auth.models import User
from django.http import HttpRequest

from mesoclinic.access import ROLE_CAPABILITIES, Capability
from mesoclinic.clinics.models import ChainManager, Invitation, InvitationStatus, Membership

NAV_FLAGS = (
    "nav_can_chart",
    "nav_can_schedule",
    "nav_can_setup",
    "nav_can_audit",
    "nav_can_report",
    "nav_can_see_figures",
)


def navigation(request: HttpRequest) -> dict[str, bool | int]:
    # Reports: clinic admins for their clinics, chain managers across the chain.
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_active:
        return {**dict.fromkeys(NAV_FLAGS, False), "nav_invitations": 0}
    roles = set(Membership.objects.filter(user=user, active=True).values_list("role", flat=True))
    capabilities = {capability for role in roles for capability in ROLE_CAPABILITIES[role]}
    # Asked only when a role does not already open both the reports and the dashboard.
    chain_manager = not {Capability.SETUP, Capability.CLINICAL} <= capabilities and (
        ChainManager.objects.filter(user=user).exists()
    )
    return {
        "nav_can_chart": Capability.CLINICAL in capabilities,
        "nav_can_schedule": Capability.DEMOGRAPHICS in capabilities,
        "nav_can_setup": Capability.SETUP in capabilities,
        "nav_can_audit": Capability.AUDIT in capabilities,
        "nav_can_report": Capability.SETUP in capabilities or chain_manager,
        # The dashboard: clinical staff for their clinics, chain managers for the chain.
        "nav_can_see_figures": Capability.CLINICAL in capabilities or chain_manager,
        # Roles offered by other chains' clinics, waiting for this account's answer.
        "nav_invitations": Invitation.objects.filter(
            user=user, status=InvitationStatus.PENDING
        ).count(),
    }
