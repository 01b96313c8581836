"""Security: masking operators, keys, format-preserving encryption, policies (``zjgov.security``).

Masking (issue 11): :mod:`~zjgov.security.operators` (base class and registry),
:mod:`~zjgov.security.masks`, :mod:`~zjgov.security.generalise`, :mod:`~zjgov.security.pseudonyms`,
:mod:`~zjgov.security.keys`, :mod:`~zjgov.security.policy`, :mod:`~zjgov.security.engine`
(:func:`apply`, :func:`mask_file`) and :mod:`~zjgov.security.record` (the audit record).

>>> from zjgov.security import apply, load_policy_text
>>> import pandas as pd
>>> masked, record = apply(pd.DataFrame({"手机": ["13800138000"]}), load_policy_text("columns: {手机: mask:mobile}"))
>>> masked["手机"][0], record.column("手机").operator
('138****8000', 'mask:mobile')
"""

from zjgov.security.engine import apply, mask_file, unmask, unmask_file
from zjgov.security.keys import CallbackKeys, EnvKeys, FileKeys, Key, KeyRing, KeyringError, UnavailableAlgorithm
from zjgov.security.operators import Context, Operator, OperatorError, Params, get, names, register, resolve
from zjgov.security.policy import Policy, PolicyError, load_policy, load_policy_text
from zjgov.security.record import AuditRecord, ColumnAudit, read_record

__all__ = [
    "AuditRecord",
    "CallbackKeys",
    "ColumnAudit",
    "Context",
    "EnvKeys",
    "FileKeys",
    "Key",
    "KeyRing",
    "KeyringError",
    "Operator",
    "OperatorError",
    "Params",
    "Policy",
    "PolicyError",
    "UnavailableAlgorithm",
    "apply",
    "get",
    "load_policy",
    "load_policy_text",
    "mask_file",
    "names",
    "read_record",
    "register",
    "resolve",
    "unmask",
    "unmask_file",
]
