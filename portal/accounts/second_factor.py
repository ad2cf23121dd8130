"""The rules of the second factor: time-based codes from an authenticator app (TOTP,
RFC 6238) and one-time recovery codes. No Flask here: the views pass in what they know.

- A code is accepted for the current 30-second step or one step either side (clock
  drift), and only for a step later than the last one accepted, so no code works twice.
- Recovery codes are random, shown once, and kept only as salted SHA-256 hashes (ASVS
  2.6.2-2.6.3: about 60 bits each, salted with 128 random bits).
- The app's secret is kept encrypted (AES-GCM) with a key derived from the portal's
  SECRET_KEY, and bound to its account, so a copy of the database alone does not give
  the secrets away. Changing SECRET_KEY therefore means everyone sets their app up again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from markupsafe import Markup, escape

# Staff and brokers see many families' records: they must use a second factor.
REQUIRED_FOR_ROLES = frozenset({"officer", "admin", "broker"})
STEP_SECONDS = 30
DRIFT_STEPS = 1
CODE_DIGITS = 6
RECOVERY_CODES = 10
# Unambiguous when read aloud or copied by hand: no 0/o, 1/l/i.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_GROUPS = 3
_RECOVERY_GROUP_LENGTH = 4
# Between the password and the code: long enough to find a phone, short enough that a
# half-finished sign-in on a shared computer goes stale. Setting an app up takes longer.
CODE_STEP_LIMIT = timedelta(minutes=5)
SET_UP_STEP_LIMIT = timedelta(minutes=15)

_ENCRYPTED_PREFIX = "v1:"


def required_for(role: str) -> bool:
    return role in REQUIRED_FOR_ROLES


def new_secret() -> str:
    """160 random bits in base32, as RFC 4226 recommends and authenticator apps expect."""
    return pyotp.random_base32(32)


def secret_for_reading(secret: str) -> str:
    """The secret in groups of 4, for typing into an app by hand (apps ignore spaces)."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_link(secret: str, account_name: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=issuer)


def qr_code_svg(link: str, title: str) -> Markup:
    """The set-up link as an SVG QR code drawn on the server, to put in the page itself:
    nothing is fetched from anywhere else, and the CSP needs no exception."""
    svg = segno.make(link, error="m").svg_inline(
        scale=4, border=4, dark="#0b0c0c", light="#ffffff", svgclass="app-qr-code"
    )
    # An image with a name, for screen readers; the secret is also shown as text.
    named = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return Markup(named)  # noqa: S704 - segno's own markup, and the title is escaped


def step_at(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def accepted_step(secret: str, code: str, last_used_step: int | None, now: datetime) -> int | None:
    """The time step the code belongs to, if it is right and newer than the last one used.
    Each candidate is compared in constant time, and all of them every time."""
    code = normalise_code(code)
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS)
    current = step_at(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        matches = hmac.compare_digest(totp.generate_otp(step), code)
        if matches and (last_used_step is None or step > last_used_step) and found is None:
            found = step
    return found


def new_recovery_codes() -> list[str]:
    return [
        "-".join(
            "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LENGTH))
            for _ in range(_RECOVERY_GROUPS)
        )
        for _ in range(RECOVERY_CODES)
    ]


def _canonical_recovery_code(code: str) -> str:
    return normalise_code(code).lower()


def hash_recovery_code(code: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.sha256(salt + _canonical_recovery_code(code).encode()).hexdigest()
    return f"sha256${salt.hex()}${digest}"


def recovery_code_matches(code: str, hashed: str) -> bool:
    canonical = _canonical_recovery_code(code)
    if len(canonical) > 64:
        return False
    try:
        algorithm, salt_hex, expected = hashed.split("$")
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if algorithm != "sha256":
        return False
    digest = hashlib.sha256(salt + canonical.encode()).hexdigest()
    return hmac.compare_digest(digest, expected)


def step_has_expired(started_at: float, now: datetime, setting_up: bool) -> bool:
    """Whether a sign-in left between the password and the second factor has gone stale."""
    limit = SET_UP_STEP_LIMIT if setting_up else CODE_STEP_LIMIT
    elapsed = now.timestamp() - started_at
    return not 0 <= elapsed <= limit.total_seconds()


def _key(secret_key: str | bytes) -> bytes:
    material = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal second factor secrets"
    ).derive(material)


def encrypt_secret(secret: str, user_id: int, secret_key: str | bytes) -> str:
    """The secret, encrypted and bound to its account: copied onto another account's row,
    it no longer decrypts."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, secret.encode(), f"user:{user_id}".encode())
    return _ENCRYPTED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_secret(stored: str, user_id: int, secret_key: str | bytes) -> str | None:
    """None when the stored value cannot be read with this key for this account."""
    if not stored.startswith(_ENCRYPTED_PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(stored[len(_ENCRYPTED_PREFIX) :].encode())
        opened = AESGCM(_key(secret_key)).decrypt(raw[:12], raw[12:], f"user:{user_id}".encode())
    except (ValueError, InvalidTag):
        return None
    return opened.decode()
