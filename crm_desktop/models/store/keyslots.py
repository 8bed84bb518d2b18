"""Key slots: the random database key, reachable once per user and once for recovery.

The slots live in a small JSON file beside the database (``<file>.keys``) because
they must be read before the encrypted file can be opened.

Format 2 (written now). Each slot owns an X25519 key pair. Its private key is
sealed with AES-256-GCM under a key derived from the user's password by scrypt
(memory-hard), or, for the recovery slot, from the high-entropy recovery key by
HKDF. The database key is sealed to the slot's *public* key (ephemeral X25519,
HKDF, AES-GCM). So the database key can be re-sealed to every slot without
knowing anyone's password, which is what a key change (``rekey``) needs, and a
removed user's key pair receives nothing sealed after their slot is gone.

Format 1 (read for older files): each slot seals the database key directly under
the password-derived key. A format-1 slot is rewritten as format 2 the first
time its password unlocks it (``upgraded`` tells the caller to save).

During a key change every slot carries the new key as well (``next_db_key``)
and the file says ``changing``; ``unlock_pair`` then returns both keys so the
opener can tell which one the database file is on (see ``rekey``).

A wrong password fails the GCM tag check, so nothing about the key leaks and the
database file is never touched.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from crm_desktop.models.errors import AuthError, StoreError

KEY_BYTES = 32
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
RECOVERY_BYTES = 20
FORMAT = 2
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def keyfile_path(db_path: Path) -> Path:
    """Where the key slots of ``db_path`` are kept."""
    return db_path.with_name(db_path.name + ".keys")


def new_database_key() -> bytes:
    """A fresh random 256-bit database key."""
    return secrets.token_bytes(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _normalise_password(password: str) -> bytes:
    # NFC so the same password typed on another keyboard or IME derives the same key.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(_normalise_password(password))


def _hkdf(secret: bytes, salt: bytes, info: bytes = b"crm-recovery") -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def _seal(kek: bytes, secret: bytes, aad: bytes) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, secret, aad))}


def _open(kek: bytes, slot: dict[str, Any], aad: bytes) -> bytes:
    return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), aad)


def _public_bytes(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _private_bytes(private: X25519PrivateKey) -> bytes:
    return private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _box_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return _hkdf(shared, ephemeral + public, b"crm-db-key")


def seal_to(public: bytes, secret: bytes, aad: bytes) -> dict[str, str]:
    """Seal ``secret`` so only the holder of the private key of ``public`` can open it."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    ephemeral_public = _public_bytes(ephemeral)
    box = _seal(_box_key(shared, ephemeral_public, public), secret, aad)
    box["ephemeral"] = _b64(ephemeral_public)
    return box


def open_box(private: bytes, box: dict[str, Any], aad: bytes) -> bytes:
    """Open a box made by ``seal_to`` with the matching private key (InvalidTag otherwise)."""
    key = X25519PrivateKey.from_private_bytes(private)
    ephemeral = _unb64(box["ephemeral"])
    shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    return _open(_box_key(shared, ephemeral, _public_bytes(key)), box, aad)


def format_recovery_key(raw: bytes) -> str:
    """Recovery key as groups of four letters and digits, easy to copy by hand."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Read a recovery key typed back: spaces, dashes and case do not matter."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if any(ch not in _B32 for ch in cleaned) or len(cleaned) != 32:
        raise AuthError(
            "recovery.malformed",
            "恢复密钥格式不对：应为 8 组、每组 4 个字母或数字。",
            "The recovery key is not in the right form: 8 groups of 4 letters or digits.",
        )
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def is_legacy(slot: dict[str, Any]) -> bool:
    """A format-1 slot: the database key sealed directly under the password's key."""
    return "public" not in slot


@dataclass
class KeyFile:
    """The slots of one database file, loaded from and saved to ``<file>.keys``.

    ``changing`` is True while a key change is under way (every slot then also
    carries the next key); ``upgraded`` is True when an unlock rewrote a format-1
    slot in memory and the file should be saved.
    """

    file_id: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    recovery: dict[str, Any] | None = None
    changing: bool = False
    upgraded: bool = field(default=False, compare=False)

    @classmethod
    def new(cls) -> KeyFile:
        return cls(file_id=uuid.uuid4().hex)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                file_id=str(data["file_id"]),
                slots=dict(data["slots"]),
                recovery=data.get("recovery"),
                changing=bool(data.get("changing", False)),
            )
        except FileNotFoundError as exc:
            raise StoreError(
                "keys.missing",
                f"找不到密钥文件 {path.name}：它必须和数据文件放在同一个文件夹。",
                f"The key file {path.name} is missing: it must sit beside the data file.",
            ) from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                "keys.damaged",
                f"密钥文件 {path.name} 已损坏，无法读取。请从备份恢复。",
                f"The key file {path.name} is damaged and cannot be read. Restore it from a backup.",
            ) from exc

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves either the old or the new slots, never half."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "file_id": self.file_id,
            "slots": self.slots,
            "recovery": self.recovery,
        }
        if self.changing:
            data["changing"] = True
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        self.upgraded = False

    def _aad(self, label: str) -> bytes:
        return f"{self.file_id}\x00{label}".encode()

    # -- user slots --------------------------------------------------------------------------

    def set_password(self, username: str, password: str, db_key: bytes) -> None:
        """Create or replace ``username``'s slot for ``password`` (a fresh key pair each time)."""
        salt = secrets.token_bytes(16)
        kek = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        label = "user:" + username
        slot: dict[str, Any] = {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": _b64(salt),
        }
        slot.update(self._new_pair(kek, label, db_key))
        self.slots[username] = slot

    def remove(self, username: str) -> None:
        self.slots.pop(username, None)

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, or AuthError with one sentence for any wrong user or password."""
        return self.unlock_pair(username, password)[0]

    def unlock_pair(self, username: str, password: str) -> tuple[bytes, bytes | None]:
        """The database key and, during a key change, the next one (else None)."""
        slot = self.slots.get(username)
        if slot is None:
            raise _wrong_login()
        kek = _scrypt(password, _unb64(slot["salt"]), int(slot["n"]), int(slot["r"]), int(slot["p"]))
        label = "user:" + username
        try:
            if is_legacy(slot):
                db_key = _open(kek, slot, self._aad(label))
                # The password is at hand only now: rewrite the slot in the current format.
                self.set_password(username, password, db_key)
                self.upgraded = True
                return db_key, None
            return self._open_pair(kek, slot, label)
        except InvalidTag as exc:
            raise _wrong_login() from exc

    def legacy_accounts(self) -> list[str]:
        """User names whose slot is still in format 1 (cannot be re-sealed without a password)."""
        return sorted(name for name, slot in self.slots.items() if is_legacy(slot))

    # -- recovery ----------------------------------------------------------------------------

    def new_recovery(self, db_key: bytes) -> str:
        """Make a new recovery slot (the old key stops working); returns the key to show once."""
        raw = secrets.token_bytes(RECOVERY_BYTES)
        salt = secrets.token_bytes(16)
        slot: dict[str, Any] = {"kdf": "hkdf-sha256", "salt": _b64(salt)}
        slot.update(self._new_pair(_hkdf(raw, salt), "recovery", db_key))
        self.recovery = slot
        return format_recovery_key(raw)

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        return self.unlock_pair_with_recovery(recovery_key)[0]

    def unlock_pair_with_recovery(self, recovery_key: str) -> tuple[bytes, bytes | None]:
        """As ``unlock_pair``, with the recovery key."""
        raw = parse_recovery_key(recovery_key)
        if self.recovery is None:
            raise _wrong_recovery()
        try:
            kek = _hkdf(raw, _unb64(self.recovery["salt"]))
            if is_legacy(self.recovery):
                return _open(kek, self.recovery, self._aad("recovery")), None
            return self._open_pair(kek, self.recovery, "recovery")
        except InvalidTag as exc:
            raise _wrong_recovery() from exc

    # -- a key change ------------------------------------------------------------------------

    def stage_key(self, next_db_key: bytes) -> None:
        """Seal ``next_db_key`` to every slot beside the current key (the file is ``changing``).

        A format-1 recovery slot cannot take the next key; the caller replaces it after
        the change. Format-1 user slots must be gone first (``legacy_accounts``).
        """
        if self.legacy_accounts():
            raise ValueError("format-1 slots cannot be re-sealed")
        for label, slot in self._labelled_slots():
            if not is_legacy(slot):
                slot["next_db_key"] = seal_to(_unb64(slot["public"]), next_db_key,
                                              self._aad("db:" + label))
        self.changing = True

    def commit_staged(self) -> None:
        """The database file is on the next key now: it becomes every slot's only key."""
        for _label, slot in self._labelled_slots():
            if "next_db_key" in slot:
                slot["db_key"] = slot.pop("next_db_key")
        self.changing = False

    def drop_staged(self) -> None:
        """The key change did not happen: forget the next key."""
        for _label, slot in self._labelled_slots():
            slot.pop("next_db_key", None)
        self.changing = False

    def _labelled_slots(self) -> list[tuple[str, dict[str, Any]]]:
        labelled = [("user:" + name, slot) for name, slot in self.slots.items()]
        if self.recovery is not None:
            labelled.append(("recovery", self.recovery))
        return labelled

    # -- sealing -----------------------------------------------------------------------------

    def _new_pair(self, kek: bytes, label: str, db_key: bytes) -> dict[str, Any]:
        private = X25519PrivateKey.generate()
        public = _public_bytes(private)
        sealed: dict[str, Any] = _seal(kek, _private_bytes(private), self._aad("key:" + label))
        sealed["public"] = _b64(public)
        sealed["db_key"] = seal_to(public, db_key, self._aad("db:" + label))
        return sealed

    def _open_pair(
        self, kek: bytes, slot: dict[str, Any], label: str
    ) -> tuple[bytes, bytes | None]:
        private = _open(kek, slot, self._aad("key:" + label))
        aad = self._aad("db:" + label)
        current = open_box(private, slot["db_key"], aad)
        staged = slot.get("next_db_key")
        return current, (open_box(private, staged, aad) if staged else None)


def _wrong_login() -> AuthError:
    return AuthError(
        "login.wrong",
        "用户名或密码不正确。",
        "The user name or password is not correct.",
    )


def _wrong_recovery() -> AuthError:
    return AuthError(
        "recovery.wrong",
        "恢复密钥不正确。",
        "The recovery key is not correct.",
    )
