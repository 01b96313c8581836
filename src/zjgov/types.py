"""Pydantic types for the standard codes: thin ``Annotated`` adapters over ``zjgov.codes``.

Every type validates with the same code module as ``module.validate`` (the same kernel as the
column checks), returns the compact canonical form, and raises a pydantic error whose ``type``
is ``zjgov_<reason>`` (``zjgov_checksum``, ``zjgov_component_birth_date`` …) with the zjgov
reason code, the character position and the message in Chinese and English in ``ctx``. The
message never contains the value.

>>> from pydantic import BaseModel, ConfigDict
>>> from zjgov.types import CitizenId, Code, Uscc
>>> class Person(BaseModel):
...     model_config = ConfigDict(hide_input_in_errors=True)  # keep ID numbers out of errors
...     id_number: CitizenId
...     employer: Uscc | None = None
>>> Person(id_number="11010519491231002x").id_number
'11010519491231002X'
>>> from pydantic import ValidationError
>>> try:
...     Person(id_number="110105194912310021")
... except ValidationError as e:
...     exc = e
>>> err = exc.errors()[0]
>>> err["type"], err["ctx"]["reason"], err["ctx"]["position"]
('zjgov_checksum', 'checksum', 18)
>>> err["msg"]
'公民身份号码：校验码错误 (citizen ID number: the check character is wrong)'

Options go into :class:`Code`, checked when the model is defined:

>>> from typing import Annotated
>>> StrictId = Annotated[str, Code("citizen_id", strictness="birth_year")]
>>> Code("citizen_id", strictness="sometimes")
Traceback (most recent call last):
zjgov.errors.ConfigError: ...

**Keep the input out of errors.** pydantic copies the input into ``ValidationError``: into
its text (``input_value=…``) and into each error of ``errors()`` and ``json()`` (``input``).
For identifiers, set ``model_config = ConfigDict(hide_input_in_errors=True)`` on every model
(or derive from :class:`Model`, which sets it) to clean the text, and hand errors on with
:func:`safe_errors` (``exc.errors(include_input=False, include_url=False)``), never with
``exc.errors()`` alone: ``hide_input_in_errors`` does not remove ``input`` from ``errors()``.

>>> safe_errors(exc)[0]["ctx"]["reason"], "input" in safe_errors(exc)[0]
('checksum', False)

The JSON schema of a type gives the pattern of the canonical (compact) form and a bilingual
description; validation also accepts, and normalises, separators, full-width characters and
lower case, so the pattern describes what the model returns rather than all it accepts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic import ValidationError as PydanticValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from zjgov import codes, i18n
from zjgov.errors import ConfigError, ValidationError

__all__ = ["Code", "Model", "annotated", "safe_errors", "type_names"]

i18n.add(
    {
        "types.bad_options": (
            "代码 {code} 的选项不正确：{detail}",
            "wrong options for code {code}: {detail}",
        ),
        "types.unknown_type": (
            "zjgov.types 中没有 {name}（对应的代码模块尚未提供）",
            "zjgov.types has no {name} (its code module is not available)",
        ),
    }
)

#: Type name -> code name. A type exists when its code module does.
TYPES: dict[str, str] = {
    "CitizenId": "citizen_id",
    "Uscc": "uscc",
    "OrgCode": "org_code",
    "DivisionCode": "division",
    "MobileNumber": "mobile",
    "Landline": "landline",
    "Postcode": "postcode",
    "BankCard": "bank_card",
    "Plate": "plate",
    "Passport": "passport",
    "TravelPermit": "travel_permit",
    "Vin": "vin",
    "ELicenseId": "elicense",
    "SexCode": "sex",
    "EthnicityCode": "ethnicity",
    "EducationCode": "education",
    "FamilyRelationshipCode": "family_relationship",
}

#: Patterns of the canonical (compact) forms, for JSON schemas. Each admits every valid
#: canonical value; the code module does the real check.
PATTERNS: dict[str, str] = {
    "citizen_id": r"^(?:\d{17}[\dX]|\d{15})$",
    "uscc": r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    "org_code": r"^[0-9A-Z]{8}[0-9X]$",
    "division": r"^\d{6}$",
    "mobile": r"^1\d{10}(?:\d{2})?$",
    "landline": r"^\d{7,12}(?:-\d{1,6})?$",
    "postcode": r"^\d{6}$",
    "bank_card": r"^\d{15,19}$",
    "plate": r"^[\u4e00-\u9fff][0-9A-Z\u4e00-\u9fff]{6,7}$",
    "passport": r"^[0-9A-Z]{9}$",
    "travel_permit": r"^[0-9A-Z]{8,11}$",
    "vin": r"^[0-9A-HJ-NPR-Z]{17}$",
    "elicense": r"^1\.2\.156\.3005\.2\.[0-9A-Z.]+$",
    "sex": r"^[012569]$",
    "ethnicity": r"^\d{2}$",
    "education": r"^\d{2}$",
    "family_relationship": r"^\d{2}$",
}


@dataclasses.dataclass(frozen=True, slots=True, init=False, eq=True, repr=False)
class Code:
    """``Annotated`` metadata: validate with code ``name`` and ``options``; a frozen dataclass.

    Unknown codes and wrong options raise :class:`~zjgov.errors.ConfigError` here, when the
    model is defined, not when data arrives.

    >>> Code("uscc", lenient=True)
    Code('uscc', lenient=True)
    >>> Code("no_such_code")
    Traceback (most recent call last):
    zjgov.errors.ConfigError: ...
    """

    name: str
    options: tuple[tuple[str, Any], ...]
    _module: Any = dataclasses.field(compare=False, hash=False)

    def __init__(self, name: str, /, **options: Any) -> None:
        module = codes.get(name)  # ConfigError for an unknown code
        _check_options(module, name, options)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "options", tuple(sorted(options.items())))
        object.__setattr__(self, "_module", module)

    def __repr__(self) -> str:
        opts = "".join(f", {k}={v!r}" for k, v in self.options)
        return f"{type(self).__name__}({self.name!r}{opts})"

    def __hash__(self) -> int:
        return hash((self.name, tuple((k, _hashable(v)) for k, v in self.options)))

    def validate(self, value: Any) -> str:
        """The compact form of ``value``, or a ``PydanticCustomError`` (never containing the value)."""
        try:
            return self._module.validate(value, **dict(self.options))
        except ValidationError as exc:
            raise _pydantic_error(exc, self.name) from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.to_string_ser_schema(),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        zh, en = self._module.TITLE
        json_schema["description"] = f"{zh} ({en}), zjgov code '{self.name}'; canonical compact form"
        pattern = PATTERNS.get(self.name)
        if pattern:
            json_schema["pattern"] = pattern
        json_schema["x-zjgov-code"] = self.name
        return json_schema


def _hashable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, (list, set, frozenset, tuple)):
        return tuple(sorted(map(repr, value)))
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _check_options(module: Any, name: str, options: Mapping[str, Any]) -> None:
    """Run the module's own option check once (no data is read: ``None`` is simply invalid)."""
    try:
        module.is_valid(None, **options)
    except ConfigError:
        raise
    except TypeError as exc:  # an option the module does not have
        detail = str(exc).split("() ", 1)[-1]
        raise ConfigError(
            i18n.text("types.bad_options", "zh", code=name, detail=detail),
            i18n.text("types.bad_options", "en", code=name, detail=detail),
        ) from None


def _pydantic_error(exc: ValidationError, name: str) -> PydanticCustomError:
    zh, en = exc.message("zh"), exc.message("en")
    ctx = {"reason": exc.reason, "code": name, "position": exc.position, "message_zh": zh, "message_en": en}
    kind = "zjgov_" + exc.reason.replace(":", "_")
    return PydanticCustomError(kind, "{message_zh} ({message_en})", ctx)


def annotated(name: str, /, **options: Any) -> Any:
    """The type ``Annotated[str, Code(name, **options)]``: the one factory behind every type.

    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(annotated("division", current=True)).validate_python("330106")
    '330106'
    """
    return Annotated[str, Code(name, **options)]


def type_names() -> list[str]:
    """The type names available now (their code modules exist)."""
    available = set(codes.names())
    return [t for t, c in TYPES.items() if c in available]


def safe_errors(exc: PydanticValidationError) -> list[dict[str, Any]]:
    """The errors of a pydantic ``ValidationError`` without the input values (nor doc URLs)."""
    return exc.errors(include_input=False, include_url=False)


class Model(BaseModel):
    """A pydantic ``BaseModel`` that keeps input values out of validation errors."""

    model_config = ConfigDict(hide_input_in_errors=True)


def __getattr__(name: str) -> Any:  # types are built on first use, for the codes that exist
    code = TYPES.get(name)
    if code is None or code not in codes.names():
        if code is None:
            raise AttributeError(f"module 'zjgov.types' has no attribute {name!r}")
        raise AttributeError(i18n.both("types.unknown_type", name=name))
    value = globals()[name] = annotated(code)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(type_names()))
