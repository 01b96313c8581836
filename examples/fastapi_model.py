"""人口基础信息 request model with zjgov types — a FastAPI-style example that runs without FastAPI.

    python examples/fastapi_model.py

The model normalises every code to its compact form (full-width digits, spaces, lower-case
``x`` …), checks it with the same kernels as ``zjgov check`` and reports failures with the
zjgov reason code and a Chinese and English message, never with the submitted value: the
errors of zjgov types carry ``"<hidden>"`` as their input, ``zjgov.types.Model``
(``hide_input_in_errors``) cleans the text of pydantic's own errors, and
``zjgov.types.safe_errors`` drops the ``input`` those still carry in ``exc.errors()`` (for a
missing field, the whole submitted dict). A cross-field rule checks that the declared sex
agrees with the ID number.

If FastAPI is installed, ``app`` is a FastAPI application with ``POST /population/persons``
whose 422 responses come from ``install_fastapi_handlers`` (``safe_errors``); without FastAPI
the script still runs the model. ``examples/fastapi_app.py`` is the same with plain pydantic
models and query parameters.
All values below are fictitious (valid check characters, no real person).
"""

from __future__ import annotations

import json
import sys

from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from zjgov import i18n
from zjgov.codes import citizen_id
from zjgov.types import (
    CitizenId,
    DivisionCode,
    EducationCode,
    EthnicityCode,
    FamilyRelationshipCode,
    Landline,
    MobileNumber,
    Model,
    Postcode,
    SexCode,
    install_fastapi_handlers,
    safe_errors,
)

i18n.add(
    {
        "example.sex_mismatch": (
            "性别代码与公民身份号码第17位（性别）不一致",
            "the sex code does not agree with digit 17 (sex) of the citizen ID number",
        )
    }
)


class PersonRequest(Model):
    """人口基础信息登记请求 (population basic information: one person)."""

    name: str = Field(min_length=1, max_length=50, description="姓名 (name)")
    id_number: CitizenId = Field(description="公民身份号码 (citizen ID number)")
    sex: SexCode = Field(description="性别 GB/T 2261.1")
    ethnicity: EthnicityCode = Field(description="民族 GB/T 3304")
    education: EducationCode | None = Field(None, description="学历 GB/T 4658")
    relationship: FamilyRelationshipCode = Field(description="与户主关系 GB/T 4761")
    residence_division: DivisionCode = Field(description="户籍地行政区划 GB/T 2260")
    mobile: MobileNumber | None = Field(None, description="手机号码")
    landline: Landline | None = Field(None, description="固定电话")
    postcode: Postcode | None = Field(None, description="邮政编码")

    @model_validator(mode="after")
    def sex_agrees_with_id(self) -> PersonRequest:
        declared = self.sex
        if declared in ("1", "2") and citizen_id.parse(self.id_number).sex_code != declared:
            raise PydanticCustomError("zjgov_example_sex_mismatch", i18n.both("example.sex_mismatch"))
        return self


GOOD = {
    "name": "张三",
    "id_number": "３３０１０６ 1990 0101 123x",  # full-width digits, spaces, lower-case x
    "sex": 1,
    "ethnicity": "01",
    "education": "21",
    "relationship": "02",
    "residence_division": "330106",
    "mobile": "+86 138-0013-8000",
    "landline": "0571-8888 8888",
    "postcode": "310012",
}
BAD = {
    **GOOD,
    "id_number": "330106199001011231",  # wrong check character
    "ethnicity": "57",  # not in GB/T 3304
    "mobile": "154 1234 5678",  # unallocated prefix
    "postcode": "31001",  # five digits
}
MISMATCH = {**GOOD, "sex": "2"}


def validate(payload: dict) -> tuple[int, dict]:
    """What an endpoint would answer: (200, the normalised record) or (422, safe errors)."""
    try:
        return 200, PersonRequest.model_validate(payload).model_dump()
    except ValidationError as exc:
        return 422, {"detail": safe_errors(exc)}


try:  # the web layer is optional: the model above is the part that matters
    from fastapi import FastAPI
except ImportError:  # pragma: no cover - depends on the environment
    app = None
else:  # pragma: no cover - depends on the environment
    app = FastAPI(title="人口基础信息 example")
    install_fastapi_handlers(app)

    @app.post("/population/persons")
    async def register(person: PersonRequest) -> PersonRequest:
        return person


def main() -> int:
    for label, payload in (("good", GOOD), ("bad", BAD), ("sex mismatch", MISMATCH)):
        status, body = validate(payload)
        print(f"== {label}: HTTP {status}")
        print(json.dumps(body, ensure_ascii=False, indent=2))
    schema = PersonRequest.model_json_schema()["properties"]["id_number"]
    print("== JSON schema of id_number")
    print(json.dumps(schema, ensure_ascii=False))
    print(f"== FastAPI app: {'POST /population/persons' if app is not None else 'not installed, model only'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
