"""Vocabulary of the responsibility network: roles, node categories, filter values.

>>> resolve_role("lead")
'https://w3id.org/nghiquyet/ontology#Lead'
>>> resolve_province("Lạng Sơn", "https://w3id.org/nghiquyet/id/")
'https://w3id.org/nghiquyet/id/province/lang-son'
>>> resolve_document("lai-chau-2024-ke-hoach-nam", "https://w3id.org/nghiquyet/id/")
'https://w3id.org/nghiquyet/id/doc/lai-chau-2024-ke-hoach-nam'
"""

from __future__ import annotations

import re

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.graph.text import slug

__all__ = [
    "NQ",
    "ROLES",
    "ROLE_NAMES",
    "CATEGORIES",
    "CATEGORY_BY_KIND",
    "GENERAL_KINDS",
    "resolve_role",
    "resolve_province",
    "resolve_document",
]

NQ = ONTOLOGY_NS

#: Role name (as in the records) → role IRI, in a fixed display order.
ROLES: dict[str, str] = {
    "lead": NQ + "Lead",
    "coordinate": NQ + "Coordinate",
    "monitor": NQ + "Monitor",
    "delegate": NQ + "Delegate",
    "requested_partner": NQ + "RequestedPartner",
}
ROLE_NAMES: dict[str, str] = {iri: name for name, iri in ROLES.items()}

#: Node categories, in display order.
CATEGORIES: tuple[str, ...] = ("body", "programme", "task", "document")

_KINDS: dict[str, tuple[str, ...]] = {
    "body": (
        "Body", "PartyCommittee", "PartyStandingCommittee", "PartyBoard", "PartyOffice",
        "PartyDelegation", "PartyCommitteeOfAgency", "InspectionCommission", "PeoplesCommittee",
        "PeoplesCouncil", "Department", "Ministry", "CentralBody", "Enterprise", "FatherlandFront",
        "MassOrganisation",
    ),
    "programme": ("Programme", "KeyProgramme", "WorkProgramme"),
    "task": ("Task", "KeyTask", "BreakthroughTask", "KeySolution"),
    "document": ("Document", "CongressResolution", "ActionProgramme", "AnnualPlanArticle", "ConferenceReport"),
}
CATEGORY_BY_KIND: dict[str, str] = {kind: category for category, kinds in _KINDS.items() for kind in kinds}
GENERAL_KINDS: frozenset[str] = frozenset({"Body", "Programme", "Task", "Document"})

_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]+$", re.IGNORECASE)


def resolve_role(value: str) -> str:
    """Return the role IRI for a role name (``lead``, ``requested-partner`` …) or role IRI.

    Raises
    ------
    BadParameter
        If ``value`` names no role.
    """
    name = value.strip().lower().replace("-", "_").replace(" ", "_")
    if name in ROLES:
        return ROLES[name]
    if value.strip() in ROLE_NAMES:
        return value.strip()
    if name.startswith("nq:") and name[3:] in {n.replace("_", "") for n in ROLES}:
        return next(iri for n, iri in ROLES.items() if n.replace("_", "") == name[3:])
    raise BadParameter(f"role: {value!r} is not one of {', '.join(ROLES)}")


def _resolve(value: str, base_iri: str, prefix: str, name: str) -> str:
    value = value.strip()
    if not value:
        raise BadParameter(f"{name}: empty value")
    if "://" in value:
        if not _IRI.match(value):
            raise BadParameter(f"{name}: {value!r} is not a valid IRI")
        return value
    if value.startswith(prefix + "/"):
        value = value[len(prefix) + 1:]
    return f"{base_iri}{prefix}/{slug(value, max_length=200)}"


def resolve_province(value: str, base_iri: str) -> str:
    """Return the province IRI for an IRI, ``province/<slug>``, a slug or a name.

    Raises
    ------
    BadParameter
        If ``value`` is empty or a malformed IRI.
    """
    return _resolve(value, base_iri, "province", "province")


def resolve_document(value: str, base_iri: str) -> str:
    """Return the document IRI for an IRI, ``doc/<id>`` or a document id.

    Raises
    ------
    BadParameter
        If ``value`` is empty or a malformed IRI.
    """
    return _resolve(value, base_iri, "doc", "document")
