"""Where an email to a patient goes: the one rule every sender uses.

A patient may have two addresses: her record's (the clinic's contact address for her, which
the desk keeps up to date when she tells them of a new one) and her portal account's (the
address she signs in with). Emails about her account (the invitation, a sign-in link) go to
the account's address: that is the address the account answers to, and a link that opens
her account must reach only whoever holds it. Everything else (reminders, confirmations of
changes, invitations to come back, shared-document notices, waitlist offers) goes to her
record's address, the one she gave the clinic to be reached at, and to the account's only
when the record has none. So a patient hears from her clinic at one address, whether or not
she has an account, and a change the desk makes takes effect for every message at once.
"""

from django.db.models import Q

from mesoclinic.patients.models import Patient


def account_address(patient: Patient) -> str:
    """Her portal account's address, or "" without an account."""
    account = getattr(patient, "account", None)  # the reverse one-to-one, when there is one
    return account.email if account is not None else ""


def patient_address(patient: Patient, *, about_her_account: bool = False) -> str:
    """The address an email to `patient` goes to ("" when she has none): the account's for
    an email about her account, else her record's, falling back to the account's."""
    if about_her_account:
        return account_address(patient)
    return patient.email or account_address(patient)


def has_address(prefix: str = "") -> Q:
    """The rows whose patient `patient_address` finds an address for (other than about her
    account), as a filter: `prefix` is the lookup path to the patient, e.g. "patient__"."""
    return ~Q(**{f"{prefix}email": ""}) | Q(**{f"{prefix}account__isnull": False})
