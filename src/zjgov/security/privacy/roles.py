"""The role of a column in de-identification (GB/T 37964-2019, GB/T 42460-2023 Annexes A–C).

- ``direct`` — 直接标识符: identifies a person by itself (name, ID numbers, phone, e-mail, full
  address, account and device numbers); handled by a masking operator, never by k-anonymity.
- ``quasi`` — 准标识符: identifies in combination (sex, birth date, age, ethnicity, nationality,
  place, postcode, education, occupation, marital status, family relationship, location).
- ``sensitive`` — 敏感属性: what an attacker wants to learn (health, religion, criminal records,
  income, credit, specific identity, communication); the attribute of l-diversity and t-closeness.
- ``other`` — none of these.

The table is by category of ``zjgov.classification``'s catalogue; a protection-list entry can
override it (``role:``).

>>> role_of("person.birth_date"), role_of("person.citizen_id"), role_of("person.health"), role_of("general.date")
('quasi', 'direct', 'sensitive', 'other')
"""

from __future__ import annotations

from typing import Literal

Role = Literal["direct", "quasi", "sensitive", "other"]
ROLES: tuple[Role, ...] = ("direct", "quasi", "sensitive", "other")

#: Category id -> role (GB/T 42460-2023 Annex A direct-identifier and Annex B quasi-identifier examples).
CATEGORY_ROLES: dict[str, Role] = {
    **dict.fromkeys(
        (
            "person.name",
            "person.citizen_id",
            "person.id_document",
            "person.internal_id",
            "person.phone",
            "person.email",
            "person.address",
            "person.bank_account",
            "person.network",
            "person.device",
            "person.vehicle",
            "person.biometric",
        ),
        "direct",
    ),
    **dict.fromkeys(
        (
            "person.sex",
            "person.ethnicity",
            "person.nationality",
            "person.birth_date",
            "person.age",
            "person.family_relationship",
            "person.education",
            "person.occupation",
            "person.marital_status",
            "person.location",
            "public.division",
            "public.postcode",
        ),
        "quasi",
    ),
    **dict.fromkeys(
        (
            "person.specific_identity",
            "person.health",
            "person.property",
            "person.credit",
            "person.communication",
            "person.religion",
            "person.criminal_record",
        ),
        "sensitive",
    ),
}


def role_of(category: str) -> Role:
    """The de-identification role of a catalogue category (``other`` when not listed)."""
    return CATEGORY_ROLES.get(category, "other")
