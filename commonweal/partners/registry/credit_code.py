"""统一社会信用代码 (GB 32100-2015) and its embedded organisation code (GB 11714-1997).

An 18-character code: registering authority (1), kind of entity (1), administrative division
(6), organisation code (9: 8 body characters and a GB 11714 check character) and a final check
character over the first 17.
"""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Organisation-code body characters: digits count as their value, letters as 10 + position
# in the Latin alphabet (A=10 … Z=35), as GB 11714 defines.
_ORG_VALUES = {c: int(c) for c in "0123456789"} | {chr(ord("A") + i): 10 + i for i in range(26)}


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def organisation_check_character(body8: str) -> str:
    total = sum(_ORG_VALUES[c] * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    value = (11 - total % 11) % 11
    return "X" if value == 10 else str(value)


def normalise(code: str) -> str:
    return "".join((code or "").split()).upper()


def problems(code: str) -> list[str]:
    """Why `code` is not a valid 统一社会信用代码; empty when it is (expects it normalised)."""
    if len(code) != 18:
        return ["length"]
    if any(c not in CHARSET for c in code):
        return ["charset"]
    found = []
    if not code[2:8].isdigit():
        found.append("division")
    body, org_check = code[8:16], code[16]
    if any(c not in _ORG_VALUES for c in body) or organisation_check_character(body) != org_check:
        found.append("organisation_check")
    if check_character(code[:17]) != code[17]:
        found.append("check")
    return found


def is_valid(code: str) -> bool:
    return not problems(normalise(code))


def make_code(*, authority: str = "9", kind: str = "1", division: str, body: str) -> str:
    """A valid code from its parts (for demo data and tests): adds both check characters."""
    first17 = f"{authority}{kind}{division}{body}{organisation_check_character(body)}"
    return first17 + check_character(first17)
