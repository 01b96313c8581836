"""Data quality by GB/T 36344-2018 数据质量评价指标.

Rules by dimension (``rule``, ``register_rule``), declarative rule sets (``RuleSet``, YAML or
JSON), one engine for frames and for files larger than memory (``check``), and a versioned
JSON result (``QualityResult``).

>>> import pandas as pd
>>> from zjgov.quality import RuleSet, check, rule
>>> rs = RuleSet.from_rules("demo", [rule("not_blank", "姓名"), rule("in_table", "性别", table="sex")])
>>> res = check(pd.DataFrame({"姓名": ["张三", " "], "性别": ["1", "3"]}), rs)
>>> res.score.overall, [r.failed for r in res.rules]
(50.0, [1, 1])
"""

from zjgov.quality.dimensions import DIMENSIONS, INDICATORS
from zjgov.quality.engine import run as check
from zjgov.quality.result import QualityResult
from zjgov.quality.rules import Outcome, Rule, kinds, register_rule, rule
from zjgov.quality.ruleset import RuleSet

__all__ = [
    "DIMENSIONS",
    "INDICATORS",
    "Outcome",
    "QualityResult",
    "Rule",
    "RuleSet",
    "check",
    "kinds",
    "register_rule",
    "rule",
]
