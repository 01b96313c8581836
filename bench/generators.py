"""Column generators for the benchmark: vectorised, seeded, no hypothesis.

Each generator builds ``n`` values of one code in NumPy (no Python loop per value) from the
rules in ``shared/STANDARDS.md`` and the reference tables shipped with zjgov, corrupts about
:data:`INVALID_SHARE` of them (one character replaced, so most fail their check character or
format), and returns an Arrow string array. ``GENERATORS[name]`` also carries the regular
expression a regex-only validator would use (the ``Series.str.fullmatch`` reference) and,
where python-stdnum has one, its per-value ``is_valid`` (the per-value reference).

The values are synthetic: region, date, prefix and sequence parts are drawn at random, so no
generated number belongs to a real person or organisation except by chance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zjgov import _data

INVALID_SHARE = 0.05
DIGITS = "0123456789"
ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LETTERS_NO_IO = "ABCDEFGHJKLMNPQRSTUVWXYZ"
VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclasses.dataclass(frozen=True)
class Generator:
    """How to make a benchmark column of one code, and its references."""

    make: Callable[[int, np.random.Generator], pa.Array]
    pattern: str  # full-match regular expression of the usual regex-only check
    stdnum: str | None = None  # dotted path of python-stdnum's is_valid, if any
    note: str = ""


# -- building blocks ----------------------------------------------------------------------
def _chars(rng: np.random.Generator, n: int, k: int, alphabet: str) -> np.ndarray:
    """An ``(n, k)`` uint8 matrix of random characters of an ASCII ``alphabet``."""
    table = np.frombuffer(alphabet.encode("ascii"), np.uint8)
    return table[rng.integers(0, len(table), (n, k))]


def _pick(rng: np.random.Generator, n: int, values: list[str]) -> np.ndarray:
    """An ``(n, width)`` uint8 matrix of values drawn from equal-width ASCII/UTF-8 ``values``."""
    raw = np.frombuffer("".join(values).encode("utf-8"), np.uint8).reshape(len(values), -1)
    return raw[rng.integers(0, len(values), n)]


def _to_arrow(m: np.ndarray) -> pa.Array:
    """Rows of a uint8 matrix of UTF-8 bytes as a string array (no Python object per row)."""
    n, width = m.shape
    offsets = np.arange(n + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(m)))


def _mix(rng: np.random.Generator, parts: list[np.ndarray]) -> pa.Array:
    """Matrices of different widths as one shuffled string array."""
    arr = pa.concat_arrays([_to_arrow(p) for p in parts if len(p)])
    return pc.take(arr, pa.array(rng.permutation(len(arr))))


def _split(n: int, shares: list[float]) -> list[int]:
    sizes = [int(n * s) for s in shares]
    sizes[0] += n - sum(sizes)
    return sizes


def _corrupt(rng: np.random.Generator, m: np.ndarray, first: int = 0, alphabet: str = USCC_ALPHABET) -> np.ndarray:
    """Replace one character (at a byte position >= ``first``) in about 5% of the rows."""
    rows = np.flatnonzero(rng.random(len(m)) < INVALID_SHARE)
    cols = rng.integers(first, m.shape[1], len(rows))
    m[rows, cols] = _chars(rng, len(rows), 1, alphabet)[:, 0]
    return m


def _column_values(m: np.ndarray, alphabet: str) -> np.ndarray:
    table = np.zeros(256, dtype=np.int64)
    for i, c in enumerate(alphabet):
        table[ord(c)] = i
    return table[m]


def _table(name: str, column: str = "code") -> list[str]:
    return sorted(set(_data.table(name)[column]))


# -- codes --------------------------------------------------------------------------------
def _counties() -> list[str]:
    t = _data.table("gb2260_divisions")
    return sorted(t.code[t.level == "county"])


def _citizen_id_bodies(rng: np.random.Generator, n: int) -> np.ndarray:
    region = _pick(rng, n, _counties())
    days = rng.integers(0, (np.datetime64("2020-12-31") - np.datetime64("1930-01-01")).astype(int), n)
    dates = np.datetime64("1930-01-01") + days.astype("timedelta64[D]")
    ymd = dates.astype("datetime64[D]").astype(str).astype("S10").view(np.uint8).reshape(n, 10)
    date = ymd[:, [0, 1, 2, 3, 5, 6, 8, 9]]
    return np.hstack([region, date, _chars(rng, n, 3, DIGITS)])


def citizen_ids(n: int, rng: np.random.Generator) -> pa.Array:
    body = _citizen_id_bodies(rng, n)
    weights = np.array([pow(2, 17 - i, 11) for i in range(17)])
    check = np.frombuffer(b"10X98765432", np.uint8)[((body - 0x30).astype(np.int64) @ weights) % 11]
    return _to_arrow(_corrupt(rng, np.hstack([body, check[:, None]]), alphabet=DIGITS + "X"))


def _org_check(body: np.ndarray) -> np.ndarray:
    s = _column_values(body, ALNUM36) @ np.array([3, 7, 9, 10, 5, 8, 4, 2])
    return np.frombuffer(b"0123456789X0", np.uint8)[11 - s % 11]


def _usccs(rng: np.random.Generator, n: int) -> np.ndarray:
    prefix = _pick(rng, n, _table("gb32100_org_types", "prefix"))
    region = _pick(rng, n, _counties())
    org = _chars(rng, n, 8, USCC_ALPHABET)
    body = np.hstack([prefix, region, org, _org_check(org)[:, None]])
    weights = np.array([pow(3, i, 31) for i in range(17)])
    alphabet = np.frombuffer(USCC_ALPHABET.encode(), np.uint8)
    check = alphabet[(31 - (_column_values(body, USCC_ALPHABET) @ weights) % 31) % 31]
    return np.hstack([body, check[:, None]])


def usccs(n: int, rng: np.random.Generator) -> pa.Array:
    return _to_arrow(_corrupt(rng, _usccs(rng, n)))


def org_codes(n: int, rng: np.random.Generator) -> pa.Array:
    body = np.hstack([_chars(rng, n, 1, ALNUM36.replace("P", "")), _chars(rng, n, 7, ALNUM36)])
    return _to_arrow(_corrupt(rng, np.hstack([body, _org_check(body)[:, None]]), alphabet=ALNUM36))


def divisions(n: int, rng: np.random.Generator) -> pa.Array:
    codes = sorted(set(_data.table("gb2260_divisions").code) | set(_data.table("gb2260_history").code))
    return _to_arrow(_corrupt(rng, _pick(rng, n, codes), alphabet=DIGITS))


MOBILE_PREFIXES = [
    *[
        "130",
        "131",
        "132",
        "133",
        "135",
        "136",
        "137",
        "138",
        "139",
        "150",
        "151",
        "152",
        "153",
        "155",
        "156",
        "157",
        "158",
        "159",
        "166",
    ],
    *[
        "175",
        "176",
        "177",
        "178",
        "180",
        "181",
        "182",
        "183",
        "184",
        "185",
        "186",
        "187",
        "188",
        "189",
        "191",
        "193",
        "195",
        "196",
        "197",
        "198",
        "199",
    ],
]


def mobiles(n: int, rng: np.random.Generator) -> pa.Array:
    m = np.hstack([_pick(rng, n, MOBILE_PREFIXES), _chars(rng, n, 8, DIGITS)])
    return _to_arrow(_corrupt(rng, m, alphabet=DIGITS))


def landlines(n: int, rng: np.random.Generator) -> pa.Array:
    n3, n4 = _split(n, [0.3, 0.7])
    area3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
    area4 = ["0570", "0571", "0572", "0573", "0574", "0575", "0576", "0577", "0578", "0579", "0580"]
    parts = []
    for k, areas in ((n3, area3), (n4, area4)):
        local = np.hstack([_chars(rng, k, 1, "23456789"), _chars(rng, k, 7, DIGITS)])
        parts.append(_corrupt(rng, np.hstack([_pick(rng, k, areas), local]), first=1, alphabet=DIGITS + "A"))
    return _mix(rng, parts)


def postcodes(n: int, rng: np.random.Generator) -> pa.Array:
    m = np.hstack([_pick(rng, n, ["10", "20", "31", "32", "51", "61"]), _chars(rng, n, 4, DIGITS)])
    return _to_arrow(_corrupt(rng, m, alphabet=DIGITS + "A"))


def _luhn_complete(body: np.ndarray) -> np.ndarray:
    d = (body - 0x30).astype(np.int64)[:, ::-1]  # rightmost body digit is doubled
    doubled = d[:, 0::2] * 2
    total = (doubled - 9 * (doubled > 9)).sum(axis=1) + d[:, 1::2].sum(axis=1)
    check = (10 - total % 10) % 10 + 0x30
    return np.hstack([body, check.astype(np.uint8)[:, None]])


def bank_cards(n: int, rng: np.random.Generator) -> pa.Array:
    n16, n19 = _split(n, [0.7, 0.3])
    parts = [
        _corrupt(
            rng, _luhn_complete(np.hstack([_pick(rng, k, ["62"]), _chars(rng, k, w - 3, DIGITS)])), alphabet=DIGITS
        )
        for k, w in ((n16, 16), (n19, 19))
    ]
    return _mix(rng, parts)


def plates(n: int, rng: np.random.Generator) -> pa.Array:
    provinces = _table("plate_province_abbreviations", "plate_char")
    seq = "".join(c for c in ALNUM36 if c not in "IO")
    n7, n8 = _split(n, [0.8, 0.2])
    ordinary = np.hstack([_pick(rng, n7, provinces), _chars(rng, n7, 1, LETTERS_NO_IO), _chars(rng, n7, 5, seq)])
    nev = np.hstack(
        [
            _pick(rng, n8, provinces),
            _chars(rng, n8, 1, LETTERS_NO_IO),
            _chars(rng, n8, 1, "DF"),
            _chars(rng, n8, 1, seq),
            _chars(rng, n8, 4, DIGITS),
        ]
    )
    return _mix(rng, [_corrupt(rng, ordinary, first=3, alphabet=seq + "I"), _corrupt(rng, nev, first=3, alphabet="IO")])


def passports(n: int, rng: np.random.Generator) -> pa.Array:
    a, b, c = _split(n, [0.6, 0.3, 0.1])
    parts = [
        np.hstack([_pick(rng, a, ["E"]), _chars(rng, a, 8, DIGITS)]),
        np.hstack([_pick(rng, b, ["E"]), _chars(rng, b, 1, LETTERS_NO_IO), _chars(rng, b, 7, DIGITS)]),
        np.hstack([_pick(rng, c, ["G"]), _chars(rng, c, 8, DIGITS)]),
    ]
    return _mix(rng, [_corrupt(rng, p, first=1, alphabet="IO") for p in parts])


def travel_permits(n: int, rng: np.random.Generator) -> pa.Array:
    a, b, c = _split(n, [0.5, 0.3, 0.2])
    parts = [
        np.hstack([_pick(rng, a, ["H", "M"]), _chars(rng, a, 8, DIGITS)]),
        np.hstack([_pick(rng, b, ["C", "L"]), _chars(rng, b, 8, DIGITS)]),
        _chars(rng, c, 8, DIGITS),
    ]
    return _mix(rng, [_corrupt(rng, p, first=1, alphabet="IO") for p in parts])


_VIN_VALUES = dict(
    zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9])
)


def vins(n: int, rng: np.random.Generator) -> pa.Array:
    m = _chars(rng, n, 17, VIN_ALPHABET)
    m[:, 9] = _chars(rng, n, 1, VIN_ALPHABET.replace("0", "").replace("U", "").replace("Z", ""))[:, 0]
    table = np.zeros(256, dtype=np.int64)
    for c in DIGITS:
        table[ord(c)] = int(c)
    for c, v in _VIN_VALUES.items():
        table[ord(c)] = v
    weights = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2])
    m[:, 8] = np.frombuffer(b"0123456789X", np.uint8)[(table[m] @ weights) % 11]
    return _to_arrow(_corrupt(rng, m, alphabet=VIN_ALPHABET))


def _mod37_36(m: np.ndarray) -> np.ndarray:
    v = _column_values(m, ALNUM36)
    p = np.full(len(m), 36, dtype=np.int64)
    for j in range(m.shape[1]):
        t = (p + v[:, j]) % 36
        t[t == 0] = 36
        p = (t * 2) % 37
    return np.frombuffer(ALNUM36.encode(), np.uint8)[(37 - p) % 36]


def elicenses(n: int, rng: np.random.Generator) -> pa.Array:
    definers = ["11100000000013338W", "11100000000013661B", "11330000002500017C"]
    type_code = np.hstack([_pick(rng, n, definers), _chars(rng, n, 3, DIGITS)])
    issuer = _usccs(rng, n)
    serial = _chars(rng, n, 11, DIGITS)
    version = _pick(rng, n, ["001", "002"])
    check = _mod37_36(np.hstack([type_code, issuer, serial, version]))
    dot = np.full((n, 1), ord("."), np.uint8)
    root = _pick(rng, n, ["1.2.156.3005.2."])
    m = np.hstack([root, type_code, dot, issuer, dot, serial, dot, version, dot, check[:, None]])
    return _to_arrow(_corrupt(rng, m, first=15, alphabet=ALNUM36))


def _table_codes(name: str, wrong: list[str]) -> Callable[[int, np.random.Generator], pa.Array]:
    def make(n: int, rng: np.random.Generator) -> pa.Array:
        good = _table(name)
        pool = pa.array(good + wrong, pa.string())
        idx = rng.integers(0, len(good), n)
        bad = np.flatnonzero(rng.random(n) < INVALID_SHARE)
        idx[bad] = len(good) + rng.integers(0, len(wrong), len(bad))
        return pc.take(pool, pa.array(idx))

    return make


def _alternation(name: str) -> str:
    return "(?:" + "|".join(_table(name)) + ")"


PLATE_PATTERN = (
    "[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新][A-HJ-NP-Z]"
    "(?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])"
)

GENERATORS: dict[str, Generator] = {
    "citizen_id": Generator(citizen_ids, r"\d{17}[\dXx]", "stdnum.cn.ric.is_valid"),
    "uscc": Generator(usccs, r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", "stdnum.cn.uscc.is_valid"),
    "org_code": Generator(org_codes, r"[0-9A-Z]{8}-?[0-9X]"),
    "division": Generator(divisions, r"\d{6}"),
    "mobile": Generator(mobiles, r"1(?:3\d|4[579]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}"),
    "landline": Generator(landlines, r"(?:0\d{2,3}-?)?[2-9]\d{6,7}(?:-\d{1,6})?"),
    "postcode": Generator(postcodes, r"\d{6}"),
    "bank_card": Generator(bank_cards, r"\d{15,19}", "stdnum.luhn.is_valid", "stdnum reference: Luhn only"),
    "plate": Generator(plates, PLATE_PATTERN),
    "passport": Generator(
        passports, r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|[DSP]E\d{7}|[DSP]\d{8}|K\d{8}|KJ\d{7}|M[AB]\d{7}|1[45]\d{7}"
    ),
    "travel_permit": Generator(
        travel_permits, r"[HM]\d{8}(?:\d{2})?|[HM][A-HJ-NP-Z]\d{6,7}|\d{8}|\d{10}|C\d{8}|C[A-HJ-NP-Z]\d{7}|[WL]\d{8}"
    ),
    "vin": Generator(vins, r"[A-HJ-NPR-Z\d]{8}[X\d][A-HJ-NPR-Z\d]{8}"),
    "elicense": Generator(
        elicenses, r"1\.2\.156\.3005\.2\.[0-9A-Z]{21}\.[0-9A-Z]{6,18}\.[0-9A-Z]{1,64}\.\d{3}\.[0-9A-Z]"
    ),
    "sex": Generator(_table_codes("gbt2261_1_sex", ["3", "4", "7", "8"]), "[012569]"),
    "ethnicity": Generator(_table_codes("gbt3304_ethnic_groups", ["00", "57", "99", "1"]), r"0[1-9]|[1-4]\d|5[0-6]"),
    "education": Generator(
        _table_codes("gbt4658_education", ["00", "50", "55", "95"]), _alternation("gbt4658_education")
    ),
    "family_relationship": Generator(
        _table_codes("gbt4761_family_relationship", ["00", "03", "98", "100"]),
        _alternation("gbt4761_family_relationship"),
    ),
}


def generate(name: str, n: int, seed: int = 20240601) -> pa.Array:
    """``n`` values of code ``name`` (about 95% valid), the same for the same seed."""
    return GENERATORS[name].make(n, np.random.default_rng(seed))
