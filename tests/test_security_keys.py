"""Keys: providers, no defaults, and key material absent from every repr, pickle, error, log,
audit record and report."""

from __future__ import annotations

import copy
import logging
import pickle

import pandas as pd
import pytest

from zjgov.errors import ConfigError, KeyMaterialError
from zjgov.security import CallbackKeys, EnvKeys, FileKeys, Key, KeyRing, apply, load_policy_text, resolve
from zjgov.security.keys import KeyringError, parse_material
from zjgov.security.operators import OperatorError

SECRET = bytes(range(100, 132))
SECRET_HEX = SECRET.hex()


def _leaks(text: str) -> bool:
    low = text.lower()
    return SECRET_HEX in low or SECRET_HEX[:16] in low or str(SECRET) in text


def test_key_repr_str_and_pickle_hide_the_material():
    key = Key("k-2026", SECRET)
    assert repr(key) == "<Key id='k-2026'>" and str(key) == repr(key)
    assert not _leaks(repr(key)) and not _leaks(f"{key}")
    with pytest.raises(TypeError):
        pickle.dumps(key)
    assert copy.deepcopy(key) is key
    assert not _leaks(repr(vars(key)) if hasattr(key, "__dict__") else "")


def test_keyring_and_providers_reprs_hide_material(tmp_path):
    f = tmp_path / "keys.yaml"
    f.write_text(f'keys:\n  k1: "hex:{SECRET_HEX}"\n', encoding="utf-8")
    ring = KeyRing(FileKeys(f), EnvKeys(), CallbackKeys(lambda _: SECRET, name="kms"))
    assert ring.get("k1").derive("x") != SECRET
    for obj in (ring, ring.providers[0], ring.providers[2], ring.get("k1")):
        assert not _leaks(repr(obj))
    with pytest.raises(TypeError):
        pickle.dumps(ring)
    with pytest.raises(TypeError):
        pickle.dumps(ring.providers[0])


def test_there_is_no_default_key(monkeypatch):
    monkeypatch.delenv("ZJGOV_KEY_PSEUDONYM_2026", raising=False)
    ring = KeyRing(EnvKeys())
    with pytest.raises(KeyMaterialError) as err:
        ring.get("pseudonym-2026")
    assert "ZJGOV_KEY_PSEUDONYM_2026" in str(err.value) and "no default keys" in err.value.message("en")
    with pytest.raises(ConfigError):  # a keyed operator without any key ring
        resolve("hmac", key="k").apply(pd.Series(["1"]))
    with pytest.raises(ConfigError):  # and without a key id
        resolve("hmac")


def test_environment_and_callback_providers(monkeypatch):
    monkeypatch.setenv("ZJGOV_KEY_PSEUDONYM_2026", "base64:" + __import__("base64").b64encode(SECRET).decode())
    assert KeyRing(EnvKeys()).get("pseudonym-2026").derive("a") == KeyRing({"pseudonym-2026": SECRET}).get(
        "pseudonym-2026"
    ).derive("a")

    def kms(key_id):
        raise RuntimeError(f"kms said {SECRET_HEX}")

    with pytest.raises(KeyringError) as err:
        KeyRing(CallbackKeys(kms)).get("k")
    assert "RuntimeError" in str(err.value) and not _leaks(str(err.value))


@pytest.mark.parametrize(
    ("material", "reason"),
    [
        (SECRET[:15], "security.key.short"),
        ("hex:zz" + SECRET_HEX, "security.key.format"),
        ("base64:@@" + SECRET_HEX, "security.key.format"),
    ],
)
def test_bad_material_errors_never_quote_it(material, reason):
    with pytest.raises(KeyringError) as err:
        Key("k", parse_material(material, "k"))
    assert err.value.key == reason
    assert not _leaks(str(err.value)) and not _leaks(repr(err.value)) and not _leaks(str(err.value.args))


def test_bad_key_file_error_does_not_quote_the_file(tmp_path):
    f = tmp_path / "keys.yaml"
    f.write_text(f"keys: [{SECRET_HEX}\n", encoding="utf-8")
    with pytest.raises(KeyringError) as err:
        FileKeys(f)
    assert not _leaks(str(err.value))


def test_bad_key_id_is_refused():
    with pytest.raises(KeyringError):
        Key("no spaces allowed", SECRET)


def test_audit_record_policy_operator_and_logs_never_hold_key_material(caplog):
    ring = KeyRing({"k1": SECRET})
    policy = load_policy_text(
        "key: k1\ncolumns:\n  a: hmac\n  b: fpe:ff1\n  c: token:aes-siv\n  d: {operator: surrogate:mobile}\n"
    )
    frame = pd.DataFrame({"a": ["x"], "b": ["123456"], "c": ["y"], "d": ["13800138000"]})
    with caplog.at_level(logging.DEBUG):
        masked, record = apply(frame, policy, ring)
    for text in (record.to_json(), policy.to_yaml(), repr(policy), caplog.text, masked.to_csv()):
        assert not _leaks(text)
    for _, op, _ in policy.plan(frame.columns):
        assert not _leaks(repr(op)) and not _leaks(str(op.describe()))
    assert record.key_ids == {"a": "k1", "b": "k1", "c": "k1", "d": "k1"}


def test_operator_errors_never_hold_the_key_or_the_value():
    ring = KeyRing({"k1": SECRET})
    op = resolve("fpe:ff1", key="k1")
    with pytest.raises(OperatorError) as err:
        op.apply(pd.Series(["12345678", "1234X678"]), ring)
    assert not _leaks(str(err.value)) and "1234X678" not in str(err.value)
    assert "row 2" in err.value.message("en") and "character 5" in err.value.message("en")
