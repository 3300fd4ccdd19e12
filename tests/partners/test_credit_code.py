import pytest

from commonweal.partners.registry.credit_code import (
    check_character,
    is_valid,
    make_code,
    organisation_check_character,
    problems,
)
from tests.partners.fixtures import REAL_CODES


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    # given a real 统一社会信用代码; when checked; then both check characters agree
    assert problems(code) == []


def test_lower_case_and_spaces_are_normalised():
    assert is_valid(" 91350100m000100y43 ") is True


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("91350100M000100Y44", ["check"]),  # last character changed
        ("91350100M000100Y4", ["length"]),
        ("91350100M000100Y4I", ["charset"]),  # I is not in the charset
        ("913501OOM000100Y43", ["charset"]),  # letter O in the division
        ("91110000600037342L", ["organisation_check", "check"]),  # org check digit changed
        ("9111000060003734XL", ["organisation_check", "check"]),
    ],
)
def test_invalid_codes_say_why(code, expected):
    assert problems(code) == expected


def test_organisation_check_character_uses_x_for_ten():
    # given a body whose weighted sum leaves 1 (11 - 1 = 10 → X)
    body = next(f"{n:08d}" for n in range(1000) if organisation_check_character(f"{n:08d}") == "X")
    # then a code built on it is valid and carries X
    code = make_code(division="510104", body=body)
    assert (code[16], problems(code)) == ("X", [])


def test_check_character_of_a_known_code():
    assert check_character("91110108551385082") == "Q"
