"""The category catalogue and its user extension files."""

import pytest

from zjgov.classification import load_catalogue
from zjgov.classification.catalogue import PIPL_CLASSES, PROTECTION_CLASSES, SUBJECTS
from zjgov.classification.kinds import KINDS
from zjgov.errors import ConfigError


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_every_assignable_category_is_complete(cat):
    leaves = [cat[c] for c in cat.assignable()]
    assert len(leaves) >= 50
    for c in leaves:
        assert c.names[0] and c.names[1] and c.descriptions[0] and c.descriptions[1], c.id
        assert c.treatment, c.id
        assert c.values <= KINDS, c.id
        assert cat.path(c.id, "zh").count("/") >= 1


def test_the_catalogue_covers_the_standards(cat):
    leaves = [cat[c] for c in cat.assignable()]
    assert {c.protection for c in leaves} >= set(PROTECTION_CLASSES)
    assert {c.subject for c in leaves} >= set(SUBJECTS)
    # PIPL Art. 28 classes; minors come from the grading rule
    assert {c.pipl for c in leaves} >= set(PIPL_CLASSES) - {"不满十四周岁未成年人"}
    assert {c.id for c in leaves} >= {
        "commercial.business",
        "commercial.technical",
        "commercial.customer",
        "commercial.financial",
        "commercial.bidding",
    }
    assert cat["person.health"].sensitive and cat["person.biometric"].sensitive
    assert cat["person.name"].personal and not cat["person.name"].sensitive
    assert not cat["org.uscc"].personal


def test_gbt45574_switch_only_touches_bare_id_numbers(cat):
    for cid in cat.assignable():
        a, b = cat.effective(cid, basis="gbt35273"), cat.effective(cid, basis="gbt45574")
        if cat[cid].bare_id:
            assert a.sensitive and not b.sensitive and b.tier == "confidential"
        else:
            assert (a.sensitive, a.tier) == (b.sensitive, b.tier)
    with pytest.raises(ConfigError):
        cat.effective("person.name", basis="gbt9999")


def test_value_defaults_point_to_assignable_categories(cat):
    for kind, _targets in cat.value_defaults.items():
        assert kind in KINDS
        for context in ("person", "org", "general"):
            assert cat[cat.default_for(kind, context)].assignable


def test_synonyms_are_generous_and_valid(cat):
    syn = cat.synonyms
    assert len(syn) >= 100
    assert set(syn.kind) == {"zh", "en", "pinyin"}
    assert (syn.kind == "pinyin").sum() >= 100
    for col in ("category", "org_category", "general_category"):
        used = set(syn[col]) - {""}
        assert all(cat[c].assignable for c in used)


def test_user_file_extends_the_catalogue(tmp_path, cat):
    f = tmp_path / "mine.yaml"
    f.write_text(
        """
categories:
  - {id: person.social_card, parent: person.identity_docs, name: [社会保障卡卡号, Social security card number],
     tier: sensitive, personal: true, sensitive: true, protection: 个人隐私, subject: 人口,
     values: [identifier], treatment: hmac}
synonyms:
  - {term: SBKKH, kind: pinyin, category: person.social_card}
""",
        encoding="utf-8",
    )
    mine = load_catalogue(f)
    assert "person.social_card" in mine and len(mine) == len(cat) + 1
    assert mine.path("person.social_card", "en").endswith("Social security card number")
    from zjgov.classification import name_evidence

    assert name_evidence("SBKKH", mine).category() == "person.social_card"
    with pytest.raises(ConfigError) as info:  # replacing drops the parent it refers to
        load_catalogue(f, replace=True)
    assert info.value.field == "person.social_card.parent"
    alone = tmp_path / "alone.yaml"
    alone.write_text("categories:\n  - {id: secret, name: [秘密, Secret], tier: sensitive}\n", encoding="utf-8")
    replaced = load_catalogue(alone, replace=True)
    assert list(replaced) == ["secret"] and len(replaced.synonyms) == 0


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("categories:\n  - {id: a.b, name: [甲, A], tier: secret}\n", 2, "tier"),
        ("categories:\n  - id: a.b\n    name: [甲, A]\n    tier: public\n    values: [telepathy]\n", 5, "values"),
        ("categories:\n  - {id: a.b, parent: nowhere, name: [甲, A], tier: public}\n", None, "a.b.parent"),
        ("categories:\n  - {id: a, name: [甲, A]}\n  - {id: a, name: [乙, B]}\n", 3, "categories[1].id"),
        ("categories:\n  - {id: a, name: [甲, A]\n", 2, None),  # an unclosed brace: the line where it opened
        ("synonyms:\n  - {term: QQQ, category: no.such}\n", 2, "synonyms[QQQ].category"),
        ("categories:\n  - {id: A B, name: [甲, A]}\n", 2, "id"),
    ],
)
def test_bad_user_files_name_file_line_and_field(tmp_path, text, line, field):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_catalogue(f)
    err = info.value
    assert err.file == str(f)
    if line is not None:
        assert err.line == line
    if field is not None:
        assert err.field == field
    assert err.message("en") and err.message("zh")


def test_missing_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_catalogue(tmp_path / "absent.yaml")
