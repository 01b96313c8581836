"""Randomisation (随机化, GB/T 37964-2019): keyed date shifts, Laplace and Gaussian noise,
permutation within a column.

* ``randomise:date_shift`` moves every date of one subject by the same number of days
  (``±1 … ±max_days``, never 0), derived from HMAC-SHA256 of the subject's identifier (the
  ``subject`` column): intervals between one person's dates survive, the calendar dates do
  not. Reversible with the key and the subject column (read as it is in the masked output, so
  it may itself be a surrogate or token). A value that is no real date fails
  loudly, or with ``on_invalid`` becomes null or ``*``s. The date keeps its written form
  (``19900101``, ``1990-01-01``, ``1990/01/01``, a time after it is kept).
* ``randomise:laplace`` adds Laplace noise of scale ``b`` (= sensitivity / ε for ε-differential
  privacy of a single value), ``randomise:gaussian`` Gaussian noise of standard deviation
  ``sigma``; both state their parameters in the audit record and are reproducible: the noise
  generator is seeded by ``seed`` or, with ``key``, by a subkey of the key (then only the key
  holder can reproduce it). Without either, fresh OS randomness is used.
* ``randomise:permute`` shuffles the values of a column (置换): the column's distribution is
  kept, its link to the other columns of a row is broken. A streamed file is permuted within
  each batch.

>>> from zjgov.security.keys import KeyRing
>>> from zjgov.security.operators import resolve
>>> ring = KeyRing({"d1": bytes(range(32))})
>>> frame = pd.DataFrame({"id": ["A", "A", "B"], "日期": ["20200101", "2020-01-11", "20200101"]})
>>> op = resolve("randomise:date_shift", key="d1", subject="id")
>>> out = op.apply(frame["日期"], ring, frame=frame)
>>> d = pd.to_datetime(out.str.replace("-", ""), format="%Y%m%d")
>>> int((d[1] - d[0]).days), out[1][4]
(10, '-')
>>> op.reverse(out, ring, frame=frame).tolist()
['20200101', '2020-01-11', '20200101']
>>> resolve("randomise:laplace", scale=10, seed=1).apply(pd.Series(["100", None])).isna().tolist()
[False, True]
"""

from __future__ import annotations

import os
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from zjgov import i18n
from zjgov.security import _text
from zjgov.security.generalise import _numeric_out, numbers
from zjgov.security.operators import Context, LenientParams, Operator, Params, bad_values, register
from zjgov.security.pseudonyms import hmac_digests

__all__ = ["DateShift", "Gaussian", "Laplace", "Permute"]

i18n.add({"security.rand.not_date": ("不是 YYYYMMDD 或 YYYY-MM-DD 形式的日期", "not a YYYYMMDD or YYYY-MM-DD date")})


class DateShiftParams(Params):
    key: str = Field(..., description="id of the key")
    subject: str = Field(..., description="the column identifying the subject (e.g. the ID number)")
    max_days: int = Field(30, ge=1, le=3650)
    on_invalid: Literal["error", "null", "redact"] = Field("error", description="what a value that is no date becomes")


_DATE_RE = r"^(?P<y>[0-9]{4})(?P<s1>[-/.]?)(?P<m>[0-9]{2})(?P<s2>[-/.]?)(?P<d>[0-9]{2})(?P<rest>.*)$"


@register
class DateShift(Operator):
    """``randomise:date_shift``: every date of a subject moved by the same keyed number of days."""

    name = "randomise:date_shift"
    family = "randomisation"
    reversible = True
    keyed = True
    Params = DateShiftParams

    def depends_on(self) -> tuple[str, ...]:
        return (self.params.subject,)

    def _offsets(self, ctx: Context) -> np.ndarray:
        subject = _text.compact(_text.as_text(ctx.other(self, self.params.subject)))
        encoded = pc.dictionary_encode(subject)
        key = ctx.key(self).derive("zjgov/date-shift")
        digests = hmac_digests(key, encoded.dictionary.cast(pa.large_binary()).to_pylist())
        v = np.frombuffer(digests, np.uint8).reshape(-1, 32)[:, :8].copy().view(">u8").ravel().astype(np.uint64)
        k = self.params.max_days
        magnitude = (v % np.uint64(k)).astype(np.int64) + 1
        sign = np.where((v >> np.uint64(63)) == 1, -1, 1)
        per_subject = np.append(magnitude * sign, 0)
        idx = encoded.indices.fill_null(len(per_subject) - 1).to_numpy(zero_copy_only=False)
        return per_subject[idx]

    def _shift(self, column: pd.Series, ctx: Context, sign: int) -> pa.Array:
        arr = _text.as_text(column)
        parts = pc.extract_regex(pc.utf8_trim_whitespace(arr), _DATE_RE)
        ok = pc.is_valid(parts).to_numpy(zero_copy_only=False)
        notnull = arr.is_valid().to_numpy(zero_copy_only=False)
        field = {name: pc.struct_field(parts, [i]) for i, name in enumerate(("y", "s1", "m", "s2", "d", "rest"))}
        y, m, d = (
            pc.cast(pc.fill_null(field[k], "01" if k != "y" else "2000"), pa.int64()).to_numpy(zero_copy_only=False)
            for k in "ymd"
        )
        months = (y - 1970) * 12 + (m - 1)
        day = months.astype("datetime64[M]").astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
        real = (m >= 1) & (m <= 12) & (day.astype("datetime64[M]").astype(np.int64) == months)
        bad = notnull & ~(ok & real)
        if bad.any() and self.params.on_invalid == "error":
            raise bad_values(
                self,
                ctx,
                bad,
                column.index,
                (i18n.text("security.rand.not_date", "zh"), i18n.text("security.rand.not_date", "en")),
            )
        shifted = day + (sign * self._offsets(ctx)).astype("timedelta64[D]")
        mo = shifted.astype("datetime64[M]")
        yy = mo.astype("datetime64[Y]").astype(np.int64) + 1970
        mm = mo.astype(np.int64) % 12 + 1
        dd = (shifted - mo.astype("datetime64[D]")).astype(np.int64) + 1

        def text(x: np.ndarray, width: int) -> pa.Array:
            return pc.utf8_lpad(pc.cast(pa.array(x), pa.large_string()), width, "0")

        out = _text.join(text(yy, 4), field["s1"], text(mm, 2), field["s2"], text(dd, 2), field["rest"])
        out = pc.if_else(arr.is_valid(), out, pa.scalar(None, pa.large_string()))
        if bad.any():  # on_invalid null or redact
            fill = (
                _text.mask_chars(arr, 0, 0, "*", 0)
                if self.params.on_invalid == "redact"
                else pa.nulls(len(arr), pa.large_string())
            )
            out = pc.if_else(pa.array(bad), fill, out)
        return out

    def transform(self, column, ctx):
        return self._shift(column, ctx, 1)

    def untransform(self, column, ctx):
        return self._shift(column, ctx, -1)


class NoiseParams(LenientParams):
    seed: int | None = Field(None, description="reproducible noise from this seed")
    key: str | None = Field(
        None, description="reproducible noise from a subkey of this key (only its holder can reproduce it)"
    )
    decimals: int | None = Field(None, ge=0, le=12, description="round the result (default: the input's decimals)")
    clip_min: float | None = None
    clip_max: float | None = None


def _rng(op: Operator, ctx: Context) -> np.random.Generator:
    p = op.params
    if p.key is not None:
        seed = int.from_bytes(ctx.key(op).derive(f"zjgov/{op.name}"), "big")
    elif p.seed is not None:
        seed = p.seed
    else:
        seed = int.from_bytes(os.urandom(16), "big")
    return np.random.default_rng(seed)


class _Noise(Operator):
    family = "randomisation"

    @property
    def keyed(self) -> bool:  # type: ignore[override]
        return self.params.key is not None

    def noise(self, rng: np.random.Generator, n: int) -> np.ndarray:
        raise NotImplementedError

    def transform(self, column, ctx):
        x = numbers(self, column, ctx)
        y = x + self.noise(_rng(self, ctx), len(x))
        p = self.params
        if p.clip_min is not None or p.clip_max is not None:
            y = np.clip(y, p.clip_min, p.clip_max)
        if p.decimals is not None:
            decimals = p.decimals
        elif pd.api.types.is_numeric_dtype(column.dtype):
            decimals = 6
        else:
            decimals = int(
                pc.max(pc.utf8_length(pc.extract_regex(_text.as_text(column), r"\.(?P<f>[0-9]*)$").field("f"))).as_py()
                or 0
            )
        return _numeric_out(np.round(y, decimals), column, decimals)


class LaplaceParams(NoiseParams):
    scale: float | None = Field(None, gt=0, description="b; the standard deviation is b·√2")
    epsilon: float | None = Field(None, gt=0)
    sensitivity: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _scale(self):
        if self.scale is None and (self.epsilon is None or self.sensitivity is None):
            raise ValueError("give scale, or epsilon and sensitivity (scale = sensitivity / epsilon)")
        return self


@register
class Laplace(_Noise):
    """``randomise:laplace``: Laplace noise of scale ``b`` (or ``sensitivity / epsilon``)."""

    name = "randomise:laplace"
    Params = LaplaceParams

    def noise(self, rng, n):
        p = self.params
        b = p.scale if p.scale is not None else p.sensitivity / p.epsilon
        return rng.laplace(0.0, b, n)


class GaussianParams(NoiseParams):
    sigma: float = Field(..., gt=0, description="standard deviation")


@register
class Gaussian(_Noise):
    """``randomise:gaussian``: Gaussian noise of standard deviation ``sigma``."""

    name = "randomise:gaussian"
    Params = GaussianParams

    def noise(self, rng, n):
        return rng.normal(0.0, self.params.sigma, n)


class PermuteParams(Params):
    seed: int | None = None
    key: str | None = None


@register
class Permute(Operator):
    """``randomise:permute``: the column's values shuffled across its rows (nulls included)."""

    name = "randomise:permute"
    family = "randomisation"
    Params = PermuteParams

    @property
    def keyed(self) -> bool:  # type: ignore[override]
        return self.params.key is not None

    def transform(self, column, ctx):
        order = _rng(self, ctx).permutation(len(column))
        values = column.to_numpy()[order] if not isinstance(column.dtype, pd.StringDtype) else column.array.take(order)
        return pd.Series(values, index=column.index)

    def _finish(self, column, out):  # a permutation moves nulls too: only the row count is checked
        if len(out) != len(column):
            raise AssertionError("permute changed the row count")
        return pd.Series(out.array, index=column.index, name=column.name)
