"""zjgov: China's data-governance standards as code.

Standard codes (``zjgov.codes``), pydantic types (``zjgov.types``), data exchange
(``zjgov.exchange``), data quality (``zjgov.quality``), classification and grading
(``zjgov.classification``) and hypothesis strategies (``zjgov.testing``).
"""

__version__ = "0.1.0"
