r"""Pydantic types for the standard codes: thin ``Annotated`` adapters over ``zjgov.codes``.

Every type is ``Annotated[str, Code(name)]``: type checkers and IDEs see ``str``; pydantic
validates with the same code module as ``module.validate`` (the same kernel as the column
checks) and returns the compact canonical form.

**Errors never carry the value**, in any model (a plain ``BaseModel`` too), any FastAPI body or
query parameter: the error's ``type`` is ``zjgov_<reason>`` (``zjgov_checksum``,
``zjgov_component_birth_date`` …), ``ctx`` holds the zjgov reason code, the character position
and the message in Chinese and English, and its ``input`` is the placeholder
:data:`HIDDEN_INPUT` — in ``errors()``, ``json()`` and ``str()`` alike.

>>> from pydantic import BaseModel, ValidationError
>>> from zjgov.types import CitizenId, Code, Uscc
>>> class Person(BaseModel):                     # a plain pydantic model
...     id_number: CitizenId
...     employer: Uscc | None = None
>>> Person(id_number="11010519491231002x").id_number
'11010519491231002X'
>>> try:
...     Person(id_number="110105194912310021")
... except ValidationError as e:
...     exc = e
>>> err = exc.errors()[0]
>>> err["type"], err["ctx"]["reason"], err["ctx"]["position"], err["input"]
('zjgov_checksum', 'checksum', 18, '<hidden>')
>>> err["msg"]
'公民身份号码：校验码错误 (citizen ID number: the check character is wrong)'
>>> "110105194912310021" in str(exc) + exc.json()
False

pydantic's own errors (a missing field, a wrong type in another field) still copy *their*
input, which for a model is the whole submitted dict: pass errors on with :func:`safe_errors`,
derive models from :class:`Model` (``hide_input_in_errors``), and in FastAPI call
:func:`install_fastapi_handlers` once.

Options go into :class:`Code`, checked when the model is defined:

>>> from typing import Annotated
>>> StrictId = Annotated[str, Code("citizen_id", strictness="birth_year")]
>>> Code("citizen_id", strictness="sometimes")
Traceback (most recent call last):
zjgov.errors.ConfigError: ...

**JSON schema.** In validation mode (request bodies in OpenAPI) the ``pattern`` admits every
spelling the type accepts — full-width forms, lower case, the code's separators
(``３３０１０６ 1990-0101-123x``) — and rejects only what can never be valid (other characters,
too few or too many); in serialization mode (responses) it is the pattern of the compact form
the type returns. Integers, which the types accept for columns read as numbers, are not
advertised: the schema's ``type`` is ``string``.

>>> from pydantic import TypeAdapter
>>> import re
>>> schema = TypeAdapter(CitizenId).json_schema()
>>> bool(re.fullmatch(schema["pattern"], "３３０１０６ 1990-0101-123x"))
True
>>> TypeAdapter(CitizenId).json_schema(mode="serialization")["pattern"]
'^(?:[0-9]{17}[0-9X]|[0-9]{15})$'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema
from pydantic_core import ValidationError as PydanticValidationError

from zjgov import codes, i18n, text
from zjgov.errors import ConfigError, ValidationError

__all__ = [
    "FACTS",
    "HIDDEN_INPUT",
    "BankCard",
    "CitizenId",
    "Code",
    "CodeFacts",
    "DivisionCode",
    "ELicenseId",
    "EducationCode",
    "EthnicityCode",
    "FamilyRelationshipCode",
    "Landline",
    "MobileNumber",
    "Model",
    "OrgCode",
    "Passport",
    "Plate",
    "Postcode",
    "SexCode",
    "TravelPermit",
    "Uscc",
    "Vin",
    "annotated",
    "input_pattern",
    "install_fastapi_handlers",
    "safe_errors",
    "type_names",
]

i18n.add(
    {
        "types.bad_options": (
            "代码 {code} 的选项不正确：{detail}",
            "wrong options for code {code}: {detail}",
        ),
        "types.no_fastapi": (
            "install_fastapi_handlers 需要 FastAPI：pip install fastapi",
            "install_fastapi_handlers needs FastAPI: pip install fastapi",
        ),
    }
)

#: The ``input`` of every error of a zjgov type, in place of the submitted value.
HIDDEN_INPUT = "<hidden>"


@dataclasses.dataclass(frozen=True, slots=True)
class CodeFacts:
    """What the types and the strategies need to know of one code beyond its fact sheet.

    The type's name and the pattern of the compact form come from the code's
    :class:`~zjgov.codes.spec.CodeSpec`; only the accepted input's shape lives here.
    """

    code: str  #: the code's name
    chars: str  #: the characters of a compact form, as a regex class body over ASCII (or CJK ranges)
    lengths: tuple[int, int]  #: fewest and most such characters in an accepted input
    separators: str  #: characters an input may hold besides them (removed or read as markers)
    strategy: str  #: the strategy of valid values in ``zjgov.testing.strategies``

    @property
    def type_name(self) -> str:
        """The name of the type in this module (``SPEC.type_name``)."""
        return codes.spec(self.code).type_name

    @property
    def output(self) -> str:
        """The ECMA-262 pattern of the compact form that validation returns (``SPEC.pattern``)."""
        return codes.spec(self.code).pattern


#: Code name -> facts: the one table of input shapes of the types and strategies.
FACTS: dict[str, CodeFacts] = {
    "citizen_id": CodeFacts("citizen_id", "0-9X", (15, 18), " -", "citizen_ids"),
    "uscc": CodeFacts("uscc", "0-9A-Z", (18, 18), " -", "usccs"),
    "org_code": CodeFacts("org_code", "0-9A-Z", (9, 9), " -", "org_codes"),
    "division": CodeFacts("division", "0-9", (6, 6), " -", "divisions"),
    "mobile": CodeFacts("mobile", "0-9+", (11, 17), " -()", "mobiles"),
    "landline": CodeFacts("landline", "0-9", (7, 24), " -()+转分机EXT.#", "landlines"),
    "postcode": CodeFacts("postcode", "0-9", (6, 6), " -", "postcodes"),
    "bank_card": CodeFacts("bank_card", "0-9", (15, 19), " -", "bank_cards"),
    "plate": CodeFacts("plate", "0-9A-Z\u4e00-\u9fff", (7, 8), " -·・•‧", "plates"),
    "passport": CodeFacts("passport", "0-9A-Z", (9, 9), " -", "passports"),
    "travel_permit": CodeFacts("travel_permit", "0-9A-Z", (8, 11), " ", "travel_permits"),
    "vin": CodeFacts("vin", "0-9A-Z", (17, 17), " -", "vins"),
    "elicense": CodeFacts("elicense", "0-9A-Z.", (25, 158), " ", "elicenses"),
    "sex": CodeFacts("sex", "0-9", (1, 1), " ", "sex_codes"),
    "ethnicity": CodeFacts("ethnicity", "0-9", (2, 2), " ", "ethnicity_codes"),
    "education": CodeFacts("education", "0-9", (2, 2), " ", "education_codes"),
    "family_relationship": CodeFacts("family_relationship", "0-9", (2, 2), " ", "family_relationship_codes"),
}

#: Type name -> code name.
TYPES: dict[str, str] = {facts.type_name: name for name, facts in FACTS.items()}


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

    def is_valid(self, value: Any) -> bool:
        """Whether ``value`` passes (the code's ``is_valid`` with these options)."""
        return self._module.is_valid(value, **dict(self.options))

    def validate(self, value: Any) -> str:
        """The compact form of ``value``, or a pydantic ``ValidationError`` whose one error has the
        zjgov reason, position and messages and :data:`HIDDEN_INPUT` as its input."""
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
        facts = FACTS.get(self.name)
        if handler.mode == "serialization":
            form = "canonical compact form"
            pattern = facts.output if facts else None
        else:
            form = "full-width forms, lower case and separators accepted and normalised"
            pattern = input_pattern(self.name) if facts else None
        json_schema["description"] = f"{zh} ({en}), zjgov code '{self.name}'; {form}"
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


def _pydantic_error(exc: ValidationError, name: str) -> PydanticValidationError:
    """A pydantic ``ValidationError`` of one line whose input is :data:`HIDDEN_INPUT`.

    A ``PydanticCustomError`` raised in a validator takes the validator's input as the error's
    ``input``; a ``ValidationError`` raised there is merged into the outer error as it is, so
    building it here with a placeholder input keeps the value out (the field's location is
    still prepended by pydantic).
    """
    zh, en = exc.message("zh"), exc.message("en")
    ctx = {"reason": exc.reason, "code": name, "position": exc.position, "message_zh": zh, "message_en": en}
    kind = "zjgov_" + exc.reason.replace(":", "_")
    line = InitErrorDetails(
        type=PydanticCustomError(kind, "{message_zh} ({message_en})", ctx), loc=(), input=HIDDEN_INPUT
    )
    title = FACTS[name].type_name if name in FACTS else name
    return PydanticValidationError.from_exception_data(title, [line])


def _variants(target: str) -> set[str]:
    """Every character that :func:`zjgov.text.normalise` turns into ``target``."""
    return set(text.preimages(target))


def _ranges(body: str) -> list[tuple[int, int]]:
    """The code-point ranges of a simple class body (``0-9A-HJ-N``, ``+.#``, ``\\u4e00-\\u9fff``)."""
    out, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            out.append((ord(body[i]), ord(body[i])))
            i += 1
    return out


def _class(chars: Iterable[str], ranges: Iterable[tuple[int, int]] = ()) -> str:
    """A character class for ECMA-262 and Python regexes (everything but ASCII letters and digits escaped)."""
    points = sorted({ord(c) for c in chars})
    spans: list[tuple[int, int]] = []
    for p in points:
        if spans and spans[-1][1] == p - 1:
            spans[-1] = (spans[-1][0], p)
        else:
            spans.append((p, p))
    spans += list(ranges)

    def one(cp: int) -> str:
        c = chr(cp)
        return c if c.isascii() and c.isalnum() else f"\\u{cp:04x}"

    return "[" + "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in spans) + "]"


def input_pattern(name: str) -> str:
    """The JSON-schema pattern of every text the type of code ``name`` accepts (ECMA-262 and Python).

    Significant characters in any accepted spelling (full-width, lower case), as many as the code
    allows, with the code's separators in any spelling anywhere between them.

    >>> import re
    >>> bool(re.fullmatch(input_pattern("division"), "３３０-１０６")), bool(re.fullmatch(input_pattern("division"), "33010"))
    (True, False)
    """
    facts = FACTS[name]
    significant, wide = set(), []
    for lo, hi in _ranges(facts.chars):
        if hi > 0x7F:
            wide.append((lo, hi))
            continue
        for cp in range(lo, hi + 1):
            significant |= _variants(chr(cp))
    seps = set().union(*(_variants(s) for s in facts.separators)) if facts.separators else set()
    c, s = _class(significant, wide), (_class(seps) + "*" if seps else "")
    lo, hi = facts.lengths
    count = f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"
    return f"^{s}(?:{c}{s}){count}$"


def annotated(name: str, /, **options: Any) -> Any:
    """The type ``Annotated[str, Code(name, **options)]``: the one factory behind every type.

    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(annotated("division", current=True)).validate_python("330106")
    '330106'
    """
    return Annotated[str, Code(name, **options)]


def type_names() -> list[str]:
    """The names of the types, one per registered code."""
    available = set(codes.names())
    return [t for t, c in TYPES.items() if c in available]


_SAFE_CTX = (str, int, float, bool, type(None))


def safe_errors(errors: Any) -> list[dict[str, Any]]:
    """The errors of a pydantic ``ValidationError`` (or FastAPI's ``RequestValidationError``, or a
    list of error dicts) without input values, documentation URLs or exception objects.

    Kept: ``type``, ``loc``, ``msg`` and ``ctx`` (reason, position and both messages for zjgov
    types; pydantic's limits such as ``max_length``). ``msg`` is what the validator wrote: the
    messages of zjgov types and of pydantic's own checks never hold the value; a message of
    your own validator is yours to keep clean.

    >>> from pydantic import BaseModel, ValidationError
    >>> class Form(BaseModel):
    ...     id_number: CitizenId
    ...     name: str
    >>> try:
    ...     Form.model_validate({"id_number": "11010519491231002X"})    # name missing
    ... except ValidationError as exc:
    ...     safe_errors(exc)
    [{'type': 'missing', 'loc': ('name',), 'msg': 'Field required'}]
    """
    if isinstance(errors, PydanticValidationError):
        items = errors.errors(include_input=False, include_url=False)
    elif hasattr(errors, "errors"):
        items = errors.errors()
    else:
        items = list(errors)
    out = []
    for err in items:
        clean = {k: err[k] for k in ("type", "loc", "msg") if k in err}
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, _SAFE_CTX)}
        if ctx:
            clean["ctx"] = ctx
        out.append(clean)
    return out


def install_fastapi_handlers(app: Any) -> None:
    """Answer FastAPI's request validation errors (bodies, query, path, header and cookie
    parameters) with a 422 whose ``detail`` is :func:`safe_errors`: no submitted value in it.

    FastAPI's default handler returns each error's ``input`` — for a missing or extra field the
    whole submitted body. Call this once after creating the app::

        app = FastAPI()
        zjgov.types.install_fastapi_handlers(app)
    """
    try:
        from fastapi.encoders import jsonable_encoder
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse
    except ModuleNotFoundError:
        raise ModuleNotFoundError(i18n.both("types.no_fastapi"), name="fastapi") from None

    async def no_values_in_422(request: Any, exc: Any) -> Any:
        return JSONResponse(status_code=422, content=jsonable_encoder({"detail": safe_errors(exc)}))

    app.add_exception_handler(RequestValidationError, no_values_in_422)


class Model(BaseModel):
    """A pydantic ``BaseModel`` whose validation errors show no input in their text
    (``hide_input_in_errors``): also pydantic's own errors, such as a missing field, whose input
    is the whole submitted dict."""

    model_config = ConfigDict(hide_input_in_errors=True)


# One declaration per row of FACTS, so that type checkers see ``str`` (tests/test_types.py
# checks that the names and codes agree with FACTS).
CitizenId = Annotated[str, Code("citizen_id")]
Uscc = Annotated[str, Code("uscc")]
OrgCode = Annotated[str, Code("org_code")]
DivisionCode = Annotated[str, Code("division")]
MobileNumber = Annotated[str, Code("mobile")]
Landline = Annotated[str, Code("landline")]
Postcode = Annotated[str, Code("postcode")]
BankCard = Annotated[str, Code("bank_card")]
Plate = Annotated[str, Code("plate")]
Passport = Annotated[str, Code("passport")]
TravelPermit = Annotated[str, Code("travel_permit")]
Vin = Annotated[str, Code("vin")]
ELicenseId = Annotated[str, Code("elicense")]
SexCode = Annotated[str, Code("sex")]
EthnicityCode = Annotated[str, Code("ethnicity")]
EducationCode = Annotated[str, Code("education")]
FamilyRelationshipCode = Annotated[str, Code("family_relationship")]
