"""Ed25519 signatures: who wrote an audit entry, who vouches for the key file.

A member of staff can read and write the database with their own password. A
signature is what they cannot make in someone else's name: each user has a
signing key only their password unwraps, and the shop has a root key only its
owners and the recovery key unwrap. The root signs the roster (who may sign in,
with which role and keys); each user signs their own audit entries.

Keys travel as raw 32-byte strings and are written as base64; ``key_id`` names a
public key in a few characters (the first 16 hex digits of its SHA-256).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

KEY_BYTES = 32


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_id(public: bytes) -> str:
    """A short name for a public key, stored beside each signature."""
    return hashlib.sha256(public).hexdigest()[:16]


def canonical(value: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class SigningKey:
    """A private signing key held in memory for the length of a sign-in."""

    def __init__(self, private: bytes) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(private)
        self.public = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id(self.public)

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(
            Ed25519PrivateKey.generate().private_bytes(
                Encoding.Raw, PrivateFormat.Raw, NoEncryption()
            )
        )

    @property
    def private(self) -> bytes:
        """The raw private key, only to seal it for a slot."""
        return self._key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())

    def sign(self, data: bytes) -> str:
        return b64(self._key.sign(data))


def verifies(public: bytes, signature: str | None, data: bytes) -> bool:
    """True when ``signature`` is ``public``'s signature of ``data``; never raises."""
    if not signature or len(public) != KEY_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(unb64(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True
