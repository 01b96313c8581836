"""A FastAPI service written the obvious way — plain pydantic models, zjgov types in bodies and
query parameters — that never echoes a submitted ID number in its 422 answers.

    pip install -e ".[testing]" fastapi uvicorn
    uvicorn examples.fastapi_app:app

Two things keep values out of the answers:

* the zjgov types' own errors carry no value (their ``input`` is ``"<hidden>"``), in any model;
* ``install_fastapi_handlers(app)`` answers every request validation error with
  ``zjgov.types.safe_errors``: FastAPI's default handler would return pydantic's ``input`` of
  *every* error, which for a missing field is the whole submitted body.

The OpenAPI document gives each code field the pattern of every spelling the server accepts
(request bodies and parameters) and the pattern of the compact form it returns (responses).
All values in the tests are fictitious.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from zjgov.types import CitizenId, DivisionCode, MobileNumber, Uscc, install_fastapi_handlers


class Person(BaseModel):
    """人口基础信息 (one person), a plain pydantic model."""

    name: str = Field(min_length=1, max_length=50, description="姓名 (name)")
    id_number: CitizenId
    residence_division: DivisionCode
    mobile: MobileNumber | None = None
    employer: Uscc | None = None
    guardians: list[CitizenId] = []


app = FastAPI(title="人口基础信息 example")
install_fastapi_handlers(app)


@app.post("/persons")
def register(person: Person) -> Person:
    """Register a person; the answer holds the compact forms (``33010619900101123X``)."""
    return person


@app.get("/persons")
def find(
    id_number: CitizenId,
    division: Annotated[DivisionCode | None, Query(description="户籍地行政区划")] = None,
) -> dict[str, str | None]:
    """Look a person up by citizen ID number (a query parameter)."""
    return {"id_number": id_number, "division": division}
