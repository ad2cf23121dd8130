"""Password rules: argon2id hashing, and what makes a password acceptable."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 8
# Long enough for any passphrase or password manager; bounded so hashing stays cheap.
MAX_LENGTH = 256
# zxcvbn scores 0 (guessed at once) to 4; 3 resists an offline attack for years.
MIN_STRENGTH = 3
# zxcvbn refuses longer input; a password this long is strong by its length alone.
STRENGTH_CHECKED_CHARACTERS = 72

_hasher = PasswordHasher()  # argon2id with the library's current recommended costs


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def _letters_and_digits(text: str) -> str:
    return re.sub(r"\W|_", "", text.lower())


def password_problem(
    password: str, personal: list[str], refused: tuple[str, ...] = ()
) -> str | None:
    """A code for what is wrong with a new password, or None when it is acceptable.

    "too_short", "too_long" or "guessable" (common, a pattern, built from the person's
    own details such as their email address, or one of the refused phrases, such as
    the example we give, however it is spaced or punctuated).
    """
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    if _letters_and_digits(password) in {_letters_and_digits(phrase) for phrase in refused}:
        return "guessable"
    result = zxcvbn(password[:STRENGTH_CHECKED_CHARACTERS], user_inputs=personal)
    if result["score"] < MIN_STRENGTH:
        return "guessable"
    return None
