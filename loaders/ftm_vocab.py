"""The FtM vocabulary of the import and export, as model/ftm_mapping.yaml declares it.

The mapping is data (model/ftm_mapping.yaml, checked as a whole by loaders/ftm_mapping.py);
these names are the views of it that loaders/ftm_read.py, ftm_translate.py and ftm_export.py
read, so that both directions read one declaration. docs/ftm.md explains each choice.
"""

from __future__ import annotations

from loaders.ftm_mapping import ftm_mapping
from loaders.values import FTM_KEY_PREFIX

_MAPPING = ftm_mapping()

# Code-level conventions, not mapping: how keys made for FtM entities are spelt.
SYNTHETIC_PREFIX = FTM_KEY_PREFIX  # a company without a USCC: `FTM:<entity id>`, kept exactly
POSITION_UNIT_SUFFIX = "-unit"  # the unit made from a Position without `organization`

DEFAULT_POST_ROLE = _MAPPING.post_role
DEFAULT_OFFICER_ROLE = _MAPPING.officer_role
LEGAL_REP_ROLES = _MAPPING.legal_representative_roles
RELATIONSHIPS = dict(_MAPPING.vocabularies["relationship"])
OFFICER_ROLES = dict(_MAPPING.vocabularies["officer_role"])
GENDERS = dict(_MAPPING.vocabularies["gender"])
CONTRACT_TYPES = dict(_MAPPING.vocabularies["contract_type"])

# Per registry: (FtM property, graph property) for what the registry has no column for.
KEPT_LISTS = {name: reg.kept_lists for name, reg in _MAPPING.registries.items()}
KEPT_SINGLE = {name: reg.kept_single for name, reg in _MAPPING.registries.items()}
POSITION_KEPT = _MAPPING.position_kept
OCCUPANCY_STATUSES = _MAPPING.occupancy_statuses
IMPORTED = dict(_MAPPING.imported)
