"""Phone numbers, read the way the clinic's country writes them and stored in E.164.

One normaliser for every path that takes a number (the patient's and the clinic's forms,
the API, the CLI, the search box), so "07700 911 889", "+44 7700 911889" and "07700911889"
are one number everywhere.
"""

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

# ISO 3166 alpha-2 codes the library knows how to dial; "001" and friends are not countries.
COUNTRIES = sorted(region for region in phonenumbers.SUPPORTED_REGIONS if region.isalpha())


# What people type in a phone number besides digits; a date's "/" is not among them.
PHONE_CHARACTERS = set("0123456789 +-().")


class PhoneError(ValueError):
    """The text is not a phone number of the clinic's country, nor an international one."""


def _parse(text: str, country: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(text, country)
    except NumberParseException as error:
        raise PhoneError(str(error)) from error
    # "Possible" (the right length for the country) rather than "valid" (an allocated range):
    # new ranges and the reserved drama numbers must not be refused at the front desk.
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise PhoneError(text)
    return number


def phone_e164(text: str, country: str) -> str:
    """The number in E.164 ("+447700911889"); an empty text stays empty. Raises PhoneError
    for anything that cannot be a number, letters included."""
    text = text.strip()
    if not text:
        return ""
    return phonenumbers.format_number(_parse(text, country), PhoneNumberFormat.E164)


def phone_message(country: str) -> str:
    example = phonenumbers.example_number_for_type(
        country, phonenumbers.PhoneNumberType.MOBILE
    ) or phonenumbers.example_number(country)
    sample = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL) if example else "+44…"
    return (
        f"Give a phone number as dialled in the clinic's country ({country}), such as "
        f"{sample}, or in international form starting with +."
    )


def phone_display(stored: str, country: str) -> str:
    """A stored number as the clinic's country writes it; a foreign one in international
    form. Text that does not parse (a row saved before numbers were checked) is shown as is."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, country)
    except NumberParseException:
        return stored
    # By calling code, not by region: a number in an unallocated range has no region.
    if number.country_code == phonenumbers.country_code_for_region(country):
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def phone_query(text: str, country: str) -> str | None:
    """The E.164 form of a search text that is a phone number, else None (a name, a date)."""
    if not any(ch.isdigit() for ch in text) or not set(text) <= PHONE_CHARACTERS:
        return None
    try:
        return phone_e164(text, country)
    except PhoneError:
        return None
