"""Property tests: the validators hold for any input, not only for the cases we thought of."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from forms import keys
from forms.definitions import load_all
from forms.definitions.addresses import check_address
from forms.definitions.validation import clean_text, has_visible_text, validate
from forms.settings import REPO_ROOT

DEFINITIONS = load_all(REPO_ROOT / "content" / "forms")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=300),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=10,
)
NAMES = sorted({item.name for form in DEFINITIONS.values() for item in form.inputs} | {"x", "id"})
CONTROL = [chr(c) for c in range(32) if chr(c) not in "\n\r\t"] + ["\x7f", "\x85"]


@settings(deadline=None)  # the first address check loads IDNA tables; time is not the point
@given(
    form_id=st.sampled_from(sorted(DEFINITIONS)),
    data=st.dictionaries(st.sampled_from(NAMES), JSON_VALUES),
)
def test_validation_never_fails_and_keeps_only_declared_fields(form_id, data):
    form = DEFINITIONS[form_id]
    result = validate(form, data)
    declared = {item.name for item in form.inputs}
    assert set(result.errors) <= declared
    assert all(isinstance(message, str) and message for message in result.errors.values())
    assert set(result.values) <= {f.name for f in form.fields}
    if not result.errors:
        assert set(result.values) == {f.name for f in form.fields}
        assert isinstance(result.all_correct, bool) is bool(form.questions)


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=200))
def test_clean_text_without_control_characters_is_nfc_and_trimmed(text):
    cleaned, error = clean_text(text, multiline=False, label="Name")
    assert error is None
    assert cleaned == unicodedata.normalize("NFC", text).strip()
    assert unicodedata.is_normalized("NFC", cleaned)


@given(st.text(max_size=50), st.sampled_from(CONTROL), st.text(max_size=50), st.booleans())
def test_any_control_character_is_refused_with_the_label(before, control, after, multiline):
    _cleaned, error = clean_text(before + control + after, multiline=multiline, label="Ihr Name")
    assert error is not None and "„Ihr Name“" in error


@given(st.emails(domains=st.sampled_from(["beispiel.de", "kassel.de", "bücher.example.org"])))
def test_ordinary_addresses_are_accepted(address):
    assert check_address(address)[1] is None, address


@given(st.emails(), st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s}\t"]))
def test_dedupe_hash_ignores_letter_case_spacing_and_unicode_form(address, vary):
    same = keys.email_hash("k", unicodedata.normalize("NFD", vary(address)))
    assert same == keys.email_hash("k", address)
    assert keys.email_hash("other key", address) != same


@given(
    st.emails(),
    st.lists(st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e"])),
    st.sampled_from([lambda s: s, str.upper, lambda s: unicodedata.normalize("NFKD", s)]),
)
def test_dedupe_hash_ignores_format_characters_and_compatibility_forms(address, marks, vary):
    local, _, domain = address.partition("@")
    disguised = vary(local + "".join(marks) + "@" + domain)
    assert keys.email_hash("k", disguised) == keys.email_hash("k", address)


@given(st.text(alphabet=st.characters(categories=("Zs", "Zl", "Zp", "Cf")), max_size=20))
def test_text_of_separators_and_format_characters_alone_is_not_visible(text):
    assert not has_visible_text(text)
    assert has_visible_text(text + "a" + text)


@given(st.integers(min_value=1, max_value=400))
def test_over_long_text_names_the_limit(extra):
    form = DEFINITIONS["kontakt"]
    data = {"email": "a@b.de", "subject": "frage", "consent": True, "message": "x" * (3000 + extra)}
    assert validate(form, data).errors == {
        "message": "„Ihre Nachricht“ ist zu lang. Bitte kürzen Sie den Text auf höchstens 3.000 "
        f"Zeichen (jetzt: 3.{extra:03d})."
    }


def _refusal_by_category(text: str, multiline: bool) -> str | None:
    """What a per-character reading of the rule refuses: the first Cs or Cc character decides."""
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":
            return "ungültige Zeichen"
        if category == "Cc" and not (multiline and char in "\n\r\t"):
            return "Steuerzeichen"
    return None


# Every code point of the Basic Multilingual Plane (surrogates included) and a few beyond.
EVERY_CHARACTER = [chr(code) for code in range(0x10000)] + ["\U0001f600", "\U000e0001"]


def test_every_character_is_refused_exactly_when_it_is_a_control_or_surrogate():
    """The one-scan check of clean_text agrees with the Unicode categories, char by char."""
    for multiline in (False, True):
        for char in EVERY_CHARACTER:
            text = f"a{char}b"
            expected = _refusal_by_category(text, multiline)
            _, error = clean_text(text, multiline=multiline, label="Nachricht")
            assert (error is not None) == (expected is not None), (hex(ord(char)), multiline)
            if expected:
                assert expected in error, (hex(ord(char)), error)


def test_a_header_value_is_refused_for_each_invisible_or_breaking_character():
    """ASCII takes a shortcut in header_problem; both roads give the category rule's answer."""
    from forms.definitions.addresses import header_problem

    for char in EVERY_CHARACTER:
        category = unicodedata.category(char)
        refused = category in ("Cc", "Cs", "Cf") or char in "\u2028\u2029"
        for text in (f"x{char}@beispiel.de", f"Max {char}Muster"):
            assert (header_problem(text, "Name") is not None) == refused, hex(ord(char))
