"""Human in the loop: an overrides file (column -> category / level / treatment, with a reason).

A data officer's decisions are kept in a YAML file and applied on every later run::

    columns:
      C1:
        category: person.citizen_id
        reason: 抽样核对确认为身份证号
      联系电话:
        level: L4
        scheme: db33-2350     # optional: only under this scheme
        treatment: hmac
        reason: 含未成年人监护人电话

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "o.yaml"
>>> _ = p.write_text("columns:\\n  C1:\\n    category: person.citizen_id\\n    reason: checked\\n", encoding="utf-8")
>>> load_overrides(p)["C1"].category
'person.citizen_id'
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping

import pydantic

from zjgov import i18n
from zjgov.classification import _yaml
from zjgov.classification.catalogue import Catalogue, load_catalogue
from zjgov.errors import ConfigError

i18n.add(
    {
        "classification.ov.need_columns": ("覆盖文件应含 columns 映射", "an overrides file needs a 'columns' mapping"),
        "classification.ov.empty": (
            "列“{column}”的覆盖至少要给出 category、level 或 treatment 之一",
            "the override of column '{column}' needs category, level or treatment",
        ),
        "classification.ov.not_assignable": (
            "类别 {id} 是分组节点，不能直接赋给列",
            "category {id} is a grouping node and cannot be given to a column",
        ),
        "classification.ov.unknown_column": (
            "覆盖文件中的列“{column}”不在数据中",
            "column '{column}' of the overrides file is not in the data",
        ),
    }
)


class _OverrideModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    category: str | None = None
    level: str | None = None
    scheme: str | None = None
    treatment: str | None = None
    reason: str = pydantic.Field(min_length=1)

    @pydantic.field_validator("level", "scheme", mode="before")
    @classmethod
    def _text(cls, v: object) -> object:
        return None if v is None else str(v)


@dataclasses.dataclass(frozen=True)
class Override:
    """A reviewer's decision about one column."""

    column: str
    reason: str
    category: str | None = None
    level: str | None = None
    scheme: str | None = None
    treatment: str | None = None
    file: str | None = None
    line: int | None = None

    def level_for(self, scheme_id: str) -> str | None:
        """The overriding level under ``scheme_id`` (None when it targets another scheme)."""
        return self.level if self.scheme in (None, scheme_id) else None


def load_overrides(path: str | os.PathLike[str], catalogue: Catalogue | None = None) -> dict[str, Override]:
    """Read and validate an overrides file; errors name the file, line and field."""
    cat = catalogue or load_catalogue()
    file = str(path)
    doc = _yaml.load(path)
    columns = doc.get("columns") if isinstance(doc, dict) else None
    if not isinstance(columns, dict):
        raise ConfigError(
            i18n.text("classification.ov.need_columns", "zh"),
            i18n.text("classification.ov.need_columns", "en"),
            file=file,
            line=1,
            field="columns",
        )
    out: dict[str, Override] = {}
    for column, raw in columns.items():
        line = columns.line_of(column) if isinstance(columns, _yaml.LinedDict) else None
        if not isinstance(raw, dict):
            raise ConfigError(
                i18n.text("classification.not_mapping", "zh"),
                i18n.text("classification.not_mapping", "en"),
                file=file,
                line=line,
                field=f"columns.{column}",
            )
        try:
            m = _OverrideModel.model_validate(raw)
        except pydantic.ValidationError as exc:
            err = exc.errors()[0]
            key = err["loc"][0] if err["loc"] else None
            where = raw.lines.get(key, line) if isinstance(raw, _yaml.LinedDict) else line
            field = f"columns.{column}." + ".".join(str(p) for p in err["loc"])
            raise ConfigError(
                i18n.text("classification.bad_field", "zh", field=field, detail=err["msg"]),
                i18n.text("classification.bad_field", "en", field=field, detail=err["msg"]),
                file=file,
                line=where,
                field=field,
            ) from None
        if m.category is None and m.level is None and m.treatment is None:
            raise ConfigError(
                i18n.text("classification.ov.empty", "zh", column=column),
                i18n.text("classification.ov.empty", "en", column=column),
                file=file,
                line=line,
                field=f"columns.{column}",
            )
        if m.category is not None:
            where = raw.line_of("category") if isinstance(raw, _yaml.LinedDict) else line
            if m.category not in cat:
                raise ConfigError(
                    i18n.text("classification.unknown_category", "zh", id=m.category),
                    i18n.text("classification.unknown_category", "en", id=m.category),
                    file=file,
                    line=where,
                    field=f"columns.{column}.category",
                )
            if not cat[m.category].assignable:
                raise ConfigError(
                    i18n.text("classification.ov.not_assignable", "zh", id=m.category),
                    i18n.text("classification.ov.not_assignable", "en", id=m.category),
                    file=file,
                    line=where,
                    field=f"columns.{column}.category",
                )
        level_line = raw.line_of("level") if isinstance(raw, _yaml.LinedDict) else line
        out[str(column)] = Override(str(column), m.reason, m.category, m.level, m.scheme, m.treatment, file, level_line)
    return out


def check_levels(overrides: Mapping[str, Override], scheme) -> None:
    """Every overriding level aimed at ``scheme`` exists in it (errors name file and line)."""
    for o in overrides.values():
        level = o.level_for(scheme.id)
        if level is not None:
            scheme.check_level(level, file=o.file, line=o.line)
