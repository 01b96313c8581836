"""Strategies for bank card numbers (Luhn)."""

from __future__ import annotations

from hypothesis import strategies as st

from zjgov.codes import bank_card
from zjgov.testing.strategies._base import NearMiss, pick, replace_char, require

__all__ = ["bank_card_near_misses", "bank_cards"]


def bank_cards(
    *, length: int | None = None, unionpay: bool | None = None, bin: str = "", grouped: bool = False
) -> st.SearchStrategy[str]:
    """Valid card numbers of 16–19 digits (``length=15`` needs ``allow_15=True`` to validate).

    ``unionpay=True`` starts them with 62, ``False`` with another digit pair; ``bin`` fixes the
    first digits; ``grouped=True`` writes them in groups of four.
    """
    require(length is None or 15 <= length <= 19, "length 应在 15 到 19 之间", "length must be 15 to 19")
    require(bin == "" or (bin.isdigit() and len(bin) <= 12), "bin 应为至多 12 位数字", "bin must be up to 12 digits")
    require(not (bin and unionpay is not None), "bin 与 unionpay 只能给出其一", "give bin or unionpay, not both")
    lengths = [length] if length else [16, 17, 18, 19]

    @st.composite
    def build(draw) -> str:
        n = draw(st.sampled_from(lengths))
        if unionpay is True:
            head = "62"
        elif unionpay is False:
            head = draw(st.sampled_from(["4", "5", "3", "9"])) + draw(st.sampled_from("013456789"))
        else:
            head = bin
        body = head + draw(st.text("0123456789", min_size=n - 1 - len(head), max_size=n - 1 - len(head)))
        number = body + bank_card.check_digit(body)
        return " ".join(number[i : i + 4] for i in range(0, n, 4)) if grouped else number

    return build()


def bank_card_near_misses(*, branch: str | None = None, **options) -> st.SearchStrategy[NearMiss]:
    """Valid numbers with one deliberate mistake, labelled with the reason it must raise
    (``branch`` picks one kind of mistake: :data:`NEAR_MISS_BRANCHES`)."""
    return pick(_branches(**options), branch)


def _branches(**options) -> dict[str, st.SearchStrategy[NearMiss]]:
    base = bank_cards(**{k: v for k, v in options.items() if k != "grouped"})

    def wrong_digit(t) -> NearMiss:
        v, i, step = t
        return NearMiss(replace_char(v, i % len(v), str((int(v[i % len(v)]) + step) % 10)), "checksum")

    return {
        "wrong_digit": st.tuples(base, st.integers(0, 18), st.integers(1, 9)).map(wrong_digit),
        "letter": st.tuples(base, st.integers(0, 15), st.sampled_from("AXO*")).map(
            lambda t: NearMiss(replace_char(t[0], t[1], t[2]), "format")
        ),
        "fifteen_digits": bank_cards(length=15).map(lambda v: NearMiss(v, "length")),
        "too_long_or_short": base.map(
            lambda v: NearMiss(v + "00", "length") if len(v) == 19 else NearMiss(v[:13], "length")
        ),
    }


VALID = bank_cards
NEAR_MISSES = bank_card_near_misses
NEAR_MISS_BRANCHES = _branches
