"""Round trips of every reversible operator (hypothesis), determinism, key separation, and
surrogates that validate and never equal their input; irreversible operators never show the
input."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zjgov import codes
from zjgov.security import KeyRing, names, resolve
from zjgov.testing import strategies as zst

RING = KeyRing({"k": bytes(range(32)), "other": bytes(range(7, 39))})
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)


def _round_trip(op, values: list, **kw):
    col = pd.Series(values, dtype="str")
    out = op.apply(col, RING, **kw)
    back = op.reverse(out, RING, **kw)
    return col, out, back


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text("0123456789", min_size=6, max_size=24) | st.none(), max_size=20))
def test_ff1_round_trip_keeps_length_and_digits(values):
    op = resolve("fpe:ff1", key="k")
    col, out, back = _round_trip(op, values)
    assert back.tolist() == col.tolist()
    for a, b in zip(col, out):
        assert (pd.isna(a) and pd.isna(b)) or (len(a) == len(b) and b.isdigit())


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=5, max_size=18), min_size=1, max_size=10))
def test_ff1_sm4_over_the_uscc_alphabet_round_trips(values):
    op = resolve("fpe:ff1", key="k", cipher="sm4", alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", tweak="uscc")
    col, _out, back = _round_trip(op, values)
    assert back.tolist() == col.tolist()


@pytest.mark.parametrize("name", ["token:aes-siv", "token:sm4-siv"])
@settings(max_examples=30, deadline=None)
@given(values=st.lists(TEXT | st.none(), max_size=15))
@example(values=["", "张三", "张三", None, "a" * 100])
def test_token_round_trip_and_determinism(name, values):
    op = resolve(name, key="k", prefix_key_id=True)
    col, out, back = _round_trip(op, values)
    assert back.tolist() == col.tolist()
    again = op.apply(col, RING)
    assert again.tolist() == out.tolist()
    present = col.notna()
    if present.any():
        assert all(t.startswith("k:") for t in out[present])


def test_tokens_are_authenticated_and_key_specific():
    for name in ("token:aes-siv", "token:sm4-siv"):
        op = resolve(name, key="k")
        out = op.apply(pd.Series(["张三", "李四"]), RING)
        other = resolve(name, key="other").apply(pd.Series(["张三", "李四"]), RING)
        assert (out != other).all()
        tampered = out.str.slice(0, -2) + out.str.slice(-2).str[::-1]
        with pytest.raises(Exception, match="cannot be reversed"):
            op.reverse(tampered, RING)
        with pytest.raises(Exception, match="cannot be reversed"):
            resolve(name, key="other").reverse(out, RING)


def test_rotation_tokens_carry_their_key_id():
    old = resolve("token:sm4-siv", key="k", prefix_key_id=True).apply(pd.Series(["张三"]), RING)
    new = resolve("token:sm4-siv", key="other", prefix_key_id=True)
    mixed = pd.concat([old, new.apply(pd.Series(["李四"]), RING)], ignore_index=True)
    assert new.reverse(mixed, RING).tolist() == ["张三", "李四"]  # each token with its own key


@pytest.mark.parametrize("algorithm", ["sha256", "sm3"])
def test_pseudonyms_are_deterministic_keyed_and_compact(algorithm):
    op = resolve("hmac", key="k", algorithm=algorithm)
    ids = pd.Series(
        ["11010519491231002x", "11010519491231002X", "１１０１０５１９４９１２３１００２Ｘ", "110105 19491231 002X"]
    )
    out = op.apply(ids, RING)
    assert out.nunique() == 1 and len(out[0]) == 64
    other = resolve("hmac", key="other", algorithm=algorithm).apply(ids, RING)
    assert other[0] != out[0]
    b32 = resolve("hmac", key="k", algorithm=algorithm, encoding="base32", length=20).apply(ids, RING)
    assert len(b32[0]) == 20 and b32[0].isupper()
    assert resolve("pseudonym:hmac-" + algorithm, key="k").apply(ids, RING)[0] == out[0]
    assert resolve("hmac", key="k", algorithm=algorithm, prefix_key_id=True).apply(ids, RING)[0] == "k:" + out[0]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(TEXT | st.none(), min_size=1, max_size=30),
    st.sampled_from(["sha256", "sm3"]),
    st.sampled_from(["hex", "base32"]),
    st.none() | st.integers(8, 52),
)
def test_pseudonyms_equal_stdlib_hmac_of_the_compact_form(values, algorithm, encoding, length):
    import base64
    import hmac

    from zjgov.errors import MissingValue
    from zjgov.text import compact

    op = resolve("hmac", key="k", algorithm=algorithm, encoding=encoding, length=length)
    out = op.apply(pd.Series(values, dtype="str"), RING)
    key = RING.get("k").derive(f"zjgov/hmac-{algorithm}")
    for value, got in zip(values, out):
        if value is None:
            assert pd.isna(got)
            continue
        try:
            form = compact(value, " -")
        except MissingValue:  # blank: the compact form of the column is the empty string
            form = ""
        digest = hmac.digest(key, form.encode(), algorithm)
        text = digest.hex() if encoding == "hex" else base64.b32encode(digest).decode().rstrip("=")
        assert got == text[:length]


def test_sha256_and_sm3_pseudonyms_differ():
    ids = pd.Series(["11010519491231002X"])
    assert resolve("hmac", key="k").apply(ids, RING)[0] != resolve("hmac", key="k", algorithm="sm3").apply(ids, RING)[0]


# -- surrogates ---------------------------------------------------------------------------------
SURROGATES = [
    ("surrogate:citizen_id", {}, zst.citizen_ids(), "citizen_id"),
    ("surrogate:citizen_id", {"keep_birth_date": False}, zst.citizen_ids(), "citizen_id"),
    ("surrogate:citizen_id", {"keep_region": False}, zst.citizen_ids(), "citizen_id"),
    (
        "surrogate:citizen_id",
        {"keep_region": False, "keep_birth_date": False, "keep_sex": False},
        zst.citizen_ids(),
        "citizen_id",
    ),
    ("surrogate:mobile", {}, zst.mobiles(), "mobile"),
    ("surrogate:bank_card", {}, zst.bank_cards(), "bank_card"),
    ("surrogate:bank_card", {"keep_last": 2, "cipher": "sm4"}, zst.bank_cards(), "bank_card"),
    ("surrogate:uscc", {}, zst.usccs(), "uscc"),
    ("surrogate:org_code", {}, zst.org_codes(), "org_code"),
    ("surrogate:plate", {"on_invalid": "null"}, zst.plates(), "plate"),
]


def test_every_surrogate_operator_is_covered():
    assert {n for n in names() if n.startswith("surrogate:")} == {s[0] for s in SURROGATES}


@pytest.mark.parametrize(
    ("name", "params", "strategy", "code"), SURROGATES, ids=[f"{s[0]}-{i}" for i, s in enumerate(SURROGATES)]
)
def test_surrogates_validate_differ_and_reverse(name, params, strategy, code):
    module = codes.get(code)

    @settings(max_examples=25, deadline=None)
    @given(st.lists(strategy, min_size=1, max_size=25))
    def check(values):
        op = resolve(name, key="k", **params)
        col = pd.Series(values, dtype="str")
        out = op.apply(col, RING)
        done = out.notna()
        assert module.check(out[done]).valid.all()
        compact = col[done].map(module.compact)
        if code == "citizen_id":
            compact = compact.map(module.to_18)
        if code == "mobile":
            compact = compact.str[-11:]
        assert (out[done] != compact).all()  # never equal to the input
        assert op.reverse(out[done], RING).tolist() == compact.tolist()
        assert op.apply(col, RING).fillna("").tolist() == out.fillna("").tolist()  # deterministic
        if params.get("keep_region", True) and code == "citizen_id":
            assert (out[done].str[:6] == compact.str[:6]).all()
        if params.get("keep_sex", True) and code == "citizen_id":
            assert (out[done].str[16].astype(int) % 2 == compact.str[16].astype(int) % 2).all()
        if params.get("keep_birth_date", True) and code == "citizen_id":
            assert (out[done].str[6:14] == compact.str[6:14]).all()
        if code == "uscc":
            assert (out[done].str[:8] == compact.str[:8]).all()
        if code == "bank_card":
            assert (out[done].str[:6] == compact.str[:6]).all()

    check()


def test_a_surrogate_below_the_domain_rule_is_refused():
    from zjgov.security.fpe import DomainError

    with pytest.raises(DomainError, match="1,000,000"):  # 16 digits - BIN 6 - last 4 - check = 5 free digits
        resolve("surrogate:bank_card", key="k", keep_last=4).apply(pd.Series(["6228480323012341"]), RING)


def test_surrogates_depend_on_the_key():
    ids = pd.Series(["33010619900101123X", "11010519491231002X"])
    a = resolve("surrogate:citizen_id", key="k", keep_birth_date=False).apply(ids, RING)
    b = resolve("surrogate:citizen_id", key="other", keep_birth_date=False).apply(ids, RING)
    assert (a != b).all()


def test_invalid_inputs_to_surrogates():
    col = pd.Series(["33010619900101123X", "330106199001011231", None], name="身份证")
    with pytest.raises(Exception) as err:
        resolve("surrogate:citizen_id", key="k").apply(col, RING)
    assert "330106199001011231" not in str(err.value) and "row 2" in err.value.message("en")
    assert resolve("surrogate:citizen_id", key="k", on_invalid="null").apply(col, RING).isna().tolist() == [
        False,
        True,
        True,
    ]
    assert resolve("surrogate:citizen_id", key="k", on_invalid="redact").apply(col, RING)[1] == "*" * 18
    nev = pd.Series(["浙AD12345"])  # fewer than 10**6 valid serials: below FF1's rule
    assert resolve("surrogate:plate", key="k", on_invalid="null").apply(nev, RING).isna().all()


def test_irreversible_operators_never_show_the_input():
    ids = pd.Series(["33010619900101123X", "11010519491231002X", "13800138000", "张三丰"])
    for treatment, params in [
        ("hmac", {"key": "k"}),
        ("hmac", {"key": "k", "algorithm": "sm3", "encoding": "base32"}),
        ("redact", {}),
        ("suppress", {}),
        ("mask:citizen_id", {"profile": "strict"}),
        ("constant", {"value": "X"}),
    ]:
        out = resolve(treatment, params).apply(ids, RING)
        for value, masked in zip(ids, out):
            assert value not in masked
