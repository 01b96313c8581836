"""A generated population table with planted defects, for bench_scale.py and the distributed tests.

Vectorised and seeded: the same ``(n, seed)`` gives the same frame. About 5% of the ID numbers
and phones fail their check (see generators.py), 1% of IDs are missing, 1% of the rows repeat an
earlier row's ID number (a third of them the whole record), names are blank now and then, some
sex codes are not in GB/T 2261.1, some ages are out of range, and some employer codes are not in
the organisation table (a foreign key). All values are synthetic.
"""

from __future__ import annotations

import generators
import numpy as np
import pandas as pd

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")


def _text(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="str")


def _org_codes() -> np.ndarray:
    return pd.unique(np.asarray(generators.generate("uscc", 250, 7).to_pandas(), dtype=object))


def organisations() -> pd.DataFrame:
    """The organisation table the population's ``单位代码`` refers to (200 codes)."""
    return pd.DataFrame({"单位代码": _text(_org_codes()[:200])})


def population(n: int, seed: int = 20260601) -> pd.DataFrame:
    """``n`` rows of 公民身份号码, 姓名, 性别, 年龄, 联系电话, 户籍地, 单位代码."""
    rng = np.random.default_rng(seed)
    ids = np.asarray(generators.generate("citizen_id", n, seed).to_pandas(), dtype=object)
    names = np.char.add(
        np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)], np.array(GIVEN)[rng.integers(0, len(GIVEN), n)]
    )
    names = names.astype(object)
    names[rng.random(n) < 0.01] = " "
    sex = np.where(rng.random(n) < 0.5, "1", "2").astype(object)
    sex[rng.random(n) < 0.005] = "3"
    age = rng.integers(0, 100, n).astype(np.int64)
    age[rng.random(n) < 0.003] = 150
    phones = np.asarray(generators.generate("mobile", n, seed + 1).to_pandas(), dtype=object)
    region = np.asarray(generators.generate("division", n, seed + 2).to_pandas(), dtype=object)
    codes = _org_codes()
    employer = codes[rng.integers(0, 200, n)]
    outside = rng.random(n) < 0.01  # codes that are not in the organisation table
    employer[outside] = codes[rng.integers(200, len(codes), int(outside.sum()))]
    frame = pd.DataFrame(
        {
            "公民身份号码": ids,
            "姓名": names,
            "性别": sex,
            "年龄": age,
            "联系电话": phones,
            "户籍地": region,
            "单位代码": employer,
        }
    )
    if n >= 10:
        copies = np.flatnonzero(rng.random(n) < 0.01)
        copies = copies[copies > 0]
        source = (rng.random(len(copies)) * copies).astype(np.int64)  # an earlier row, often far away
        whole = rng.random(len(copies)) < 1 / 3
        frame.loc[copies[~whole], "公民身份号码"] = frame["公民身份号码"].to_numpy()[source[~whole]]
        frame.iloc[copies[whole]] = frame.iloc[source[whole]].to_numpy()
    frame.loc[rng.random(n) < 0.01, "公民身份号码"] = None
    return frame.astype({c: "str" for c in frame.columns if c != "年龄"})
