"""The built-in rule kinds, all vectorised over Arrow/NumPy (no Python loop per row).

Value rules judge only the values present: a null or blank cell is "not applicable" to a
pattern, a code or a range, and is counted by the completeness rules (``not_null``,
``not_blank``, ``record_completeness``) instead. Reason codes are short stable strings; their
messages live in the catalogue under ``quality.reason.<code>``.

>>> import pandas as pd
>>> from zjgov.quality.rules import rule
>>> r = rule("pattern", "phone", regex=r"1[3-9][0-9]{9}")
>>> out = r.spec.kernel(pd.DataFrame({"phone": ["13800138000", "138001380001", None]}), r, None)
>>> out.ok.tolist(), out.applicable.tolist()
([True, False, True], [True, True, False])
"""

from zjgov.quality import accuracy, completeness, conformity, consistency, timeliness  # noqa: F401 - register the kinds
from zjgov.quality.columns import (  # noqa: F401 - the helpers other modules read from here
    BatchCache,
    DateFormat,
    col_check,
    col_dates,
    col_present,
    col_text,
    compact_as,
    key_codes,
    normalised,
    numbers,
    parse_dates,
    present,
    sharing,
    strftime_format,
    text_array,
)
from zjgov.quality.conformity import TABLES  # noqa: F401
