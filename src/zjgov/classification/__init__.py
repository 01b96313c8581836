"""Classification and grading (数据分类分级): which columns hold what, how sensitive they are.

``classify(frame)`` samples the rows, finds each column's category from its name (Chinese,
English, pinyin abbreviations) and its values (zjgov code checks, names, addresses, e-mail,
IP/MAC, device IDs, dates, amounts …), grades every column and the dataset under a scheme
(DB33/T 2350-2021, GB/T 43697-2024, JR/T 0197-2020 or your own) and returns the inventory
(分类分级清单) with evidence, reasons and a suggested masking operator per column.

>>> import pandas as pd
>>> from zjgov.classification import classify
>>> inv = classify(pd.DataFrame({"XM": ["张伟", "王芳", "李娜"], "LXDH": ["13800138000", "13912345678", "057187654321"]}))
>>> inv.to_frame()[["column", "category", "level", "open"]].values.tolist()
[['XM', 'person.name', 'L3', '受限开放'], ['LXDH', 'person.phone', 'L3', '受限开放']]
"""

from __future__ import annotations

from zjgov.classification.catalogue import Catalogue, Category, load_catalogue
from zjgov.classification.classifier import classify, classify_file, detect, sample_file
from zjgov.classification.detect import Detection, Evidence, detect_column
from zjgov.classification.detectors import ValueEvidence, value_evidence
from zjgov.classification.grading import grade_column, grade_dataset
from zjgov.classification.inventory import Entry, Inventory, diff, read_inventory
from zjgov.classification.names import name_evidence
from zjgov.classification.overrides import Override, load_overrides
from zjgov.classification.schemes import Scheme, gbt43697_level, jrt0197_level, load_scheme

__all__ = [
    "Catalogue",
    "Category",
    "Detection",
    "Entry",
    "Evidence",
    "Inventory",
    "Override",
    "Scheme",
    "ValueEvidence",
    "classify",
    "classify_file",
    "detect",
    "detect_column",
    "diff",
    "gbt43697_level",
    "grade_column",
    "grade_dataset",
    "jrt0197_level",
    "load_catalogue",
    "load_overrides",
    "load_scheme",
    "name_evidence",
    "read_inventory",
    "sample_file",
    "value_evidence",
]
