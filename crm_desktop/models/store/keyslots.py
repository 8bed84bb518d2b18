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

Format 3 adds signatures (see ``signing`` and ``roster``). What the password
unwraps is then the slot's X25519 private key *and* the public key of the shop's
root: authenticated by the password itself, so a member of staff who rewrites
the key file cannot make anyone else trust another root. Two more boxes are
sealed to the slot's public key like the database key: ``sign_box`` (the user's
own Ed25519 signing key) and, for owners and the recovery slot, ``root_box`` (the
root's private key). The key file's ``roster``, signed by the root, lists the
slots that count; a slot it does not list is refused.

A wrong password fails the GCM tag check, so nothing about the key leaks and the
database file is never touched.
"""

from __future__ import annotations

import base64
import binascii
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
from crm_desktop.models.store.roster import Roster

KEY_BYTES = 32
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
RECOVERY_BYTES = 20
FORMAT = 3
# Bounds on a slot's scrypt parameters: a key file asking for more memory or time than
# this was not written by this program (128 * n * r bytes of memory).
MAX_SCRYPT_BYTES = 256 * 1024 * 1024
MIN_SCRYPT_N = 2**10
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


@dataclass(frozen=True)
class SlotKeys:
    """What one slot's password (or the recovery key) unwrapped.

    ``root_public`` is None for a slot written before signatures (format 2): the
    roster's root is then trusted on first use. ``sign_private`` and ``root_private``
    are None when the slot has no such box.
    """

    db_key: bytes
    next_db_key: bytes | None
    box_private: bytes
    root_public: bytes | None = None
    sign_private: bytes | None = None
    root_private: bytes | None = None


@dataclass
class KeyFile:
    """The slots of one database file, loaded from and saved to ``<file>.keys``.

    ``changing`` is True while a key change is under way (every slot then also
    carries the next key); ``upgraded`` is True when an unlock rewrote a format-1
    slot in memory and the file should be saved. ``roster`` and ``roster_signature``
    are the root-signed list of the slots that count (None in a file from before
    signatures, until an owner signs in).
    """

    file_id: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    recovery: dict[str, Any] | None = None
    changing: bool = False
    roster: Roster | None = None
    roster_signature: str | None = None
    upgraded: bool = field(default=False, compare=False)

    @classmethod
    def new(cls) -> KeyFile:
        return cls(file_id=uuid.uuid4().hex)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise StoreError(
                "keys.missing",
                f"找不到密钥文件 {path.name}：它必须和数据文件放在同一个文件夹。",
                f"The key file {path.name} is missing: it must sit beside the data file.",
            ) from exc
        except OSError as exc:
            raise StoreError(
                "keys.unreadable",
                f"无法读取密钥文件 {path.name}（没有权限或磁盘出错）。",
                f"The key file {path.name} could not be read (no permission or a disk error).",
            ) from exc
        return cls.from_text(text, path.name)

    @classmethod
    def from_text(cls, text: str, name: str) -> KeyFile:
        """The slots written by ``to_text`` (a key file, or a server's key document)."""
        try:
            data = json.loads(text)
            roster = data.get("roster")
            keys = cls(
                file_id=str(data["file_id"]),
                slots=dict(data["slots"]),
                recovery=data.get("recovery"),
                changing=bool(data.get("changing", False)),
                roster=Roster.from_json(roster) if roster else None,
                roster_signature=data.get("roster_signature"),
            )
            for slot in keys.slots.values():
                if not isinstance(slot, dict):
                    raise TypeError("a slot is not an object")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _damaged(name) from exc
        return keys

    def to_text(self) -> str:
        """The slots as the JSON text of a key file."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "file_id": self.file_id,
            "slots": self.slots,
            "recovery": self.recovery,
        }
        if self.roster is not None:
            data["roster"] = self.roster.to_json()
            data["roster_signature"] = self.roster_signature
        if self.changing:
            data["changing"] = True
        return json.dumps(data, indent=1, sort_keys=True)

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves either the old or the new slots, never half."""
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(self.to_text())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        self.upgraded = False

    def _aad(self, label: str) -> bytes:
        return f"{self.file_id}\x00{label}".encode()

    # -- user slots --------------------------------------------------------------------------

    def set_password(
        self,
        username: str,
        password: str,
        db_key: bytes,
        *,
        root_public: bytes | None = None,
        box_private: bytes | None = None,
    ) -> str:
        """Create or replace ``username``'s slot for ``password``; returns its public key (base64).

        With ``box_private`` (the user's own key pair, unwrapped by their old password)
        only the password's wrapping changes: the database key, signing key and root
        boxes sealed to that pair stay valid. Otherwise the slot gets a fresh key pair.
        """
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
        old = self.slots.get(username)
        if box_private is not None and old is not None and not is_legacy(old):
            kept = {k: v for k, v in old.items() if k not in slot and k not in ("nonce", "wrapped")}
            slot.update(kept)
            slot.update(_seal(kek, box_private + (root_public or b""), self._aad("key:" + label)))
        else:
            slot.update(self._new_pair(kek, label, db_key, root_public))
        self.slots[username] = slot
        return str(slot["public"])

    def remove(self, username: str) -> None:
        self.slots.pop(username, None)

    def seal_for(self, username: str | None, box: str, secret: bytes) -> None:
        """Seal ``secret`` as ``box`` ("sign_box", "root_box") to a slot's public key.

        ``username`` None is the recovery slot. Needs nobody's password.
        """
        label, slot = self._slot(username)
        slot[box] = seal_to(_unb64(slot["public"]), secret, self._aad(f"{box}:{label}"))

    def drop_box(self, username: str, box: str) -> None:
        self._slot(username)[1].pop(box, None)

    def public_of(self, username: str | None) -> str | None:
        """A slot's sealing public key (base64); None for a missing or format-1 slot."""
        slot = self.recovery if username is None else self.slots.get(username)
        return None if slot is None else slot.get("public")

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, or AuthError with one sentence for any wrong user or password."""
        return self.open_slot(username, password).db_key

    def unlock_pair(self, username: str, password: str) -> tuple[bytes, bytes | None]:
        """The database key and, during a key change, the next one (else None)."""
        opened = self.open_slot(username, password)
        return opened.db_key, opened.next_db_key

    def open_slot(self, username: str, password: str) -> SlotKeys:
        """Everything ``username``'s password unwraps; AuthError for a wrong user or password."""
        slot = self.slots.get(username)
        if slot is None:
            raise _wrong_login()
        label = "user:" + username
        try:
            kek = _scrypt(password, _unb64(slot["salt"]), *_scrypt_params(slot))
            if is_legacy(slot):
                db_key = _open(kek, slot, self._aad(label))
                # The password is at hand only now: rewrite the slot in the current format.
                self.set_password(username, password, db_key)
                self.upgraded = True
                return self.open_slot(username, password)
            return self._open_slot(kek, slot, label)
        except InvalidTag as exc:
            raise _wrong_login() from exc
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
            raise _damaged_slot(username) from exc

    def legacy_accounts(self) -> list[str]:
        """User names whose slot is still in format 1 (cannot be re-sealed without a password)."""
        return sorted(name for name, slot in self.slots.items() if is_legacy(slot))

    # -- recovery ----------------------------------------------------------------------------

    def new_recovery(self, db_key: bytes, root_public: bytes | None = None) -> str:
        """Make a new recovery slot (the old key stops working); returns the key to show once."""
        raw = secrets.token_bytes(RECOVERY_BYTES)
        salt = secrets.token_bytes(16)
        slot: dict[str, Any] = {"kdf": "hkdf-sha256", "salt": _b64(salt)}
        slot.update(self._new_pair(_hkdf(raw, salt), "recovery", db_key, root_public))
        self.recovery = slot
        return format_recovery_key(raw)

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        return self.open_recovery(recovery_key).db_key

    def unlock_pair_with_recovery(self, recovery_key: str) -> tuple[bytes, bytes | None]:
        """As ``unlock_pair``, with the recovery key."""
        opened = self.open_recovery(recovery_key)
        return opened.db_key, opened.next_db_key

    def open_recovery(self, recovery_key: str) -> SlotKeys:
        """As ``open_slot``, with the recovery key."""
        raw = parse_recovery_key(recovery_key)
        if self.recovery is None:
            raise _wrong_recovery()
        try:
            kek = _hkdf(raw, _unb64(self.recovery["salt"]))
            if is_legacy(self.recovery):
                db_key = _open(kek, self.recovery, self._aad("recovery"))
                return SlotKeys(db_key, None, b"")
            return self._open_slot(kek, self.recovery, "recovery")
        except InvalidTag as exc:
            raise _wrong_recovery() from exc
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
            raise _damaged_slot(None) from exc

    # -- a key change ------------------------------------------------------------------------

    def stage_key(self, next_db_key: bytes, only: set[str] | None = None) -> None:
        """Seal ``next_db_key`` to every slot beside the current key (the file is ``changing``).

        ``only``: the user names whose slots may take it (the verified ones); every
        other user slot is removed, so nothing the owner did not vouch for receives the
        next key. A format-1 recovery slot cannot take the next key; the caller replaces
        it after the change. Format-1 user slots must be gone first (``legacy_accounts``).
        """
        if only is not None:
            for name in [name for name in self.slots if name not in only]:
                del self.slots[name]
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

    def _slot(self, username: str | None) -> tuple[str, dict[str, Any]]:
        if username is None:
            if self.recovery is None:
                raise KeyError("recovery")
            return "recovery", self.recovery
        return "user:" + username, self.slots[username]

    # -- sealing -----------------------------------------------------------------------------

    def _new_pair(
        self, kek: bytes, label: str, db_key: bytes, root_public: bytes | None
    ) -> dict[str, Any]:
        private = X25519PrivateKey.generate()
        public = _public_bytes(private)
        payload = _private_bytes(private) + (root_public or b"")
        sealed: dict[str, Any] = _seal(kek, payload, self._aad("key:" + label))
        sealed["public"] = _b64(public)
        sealed["db_key"] = seal_to(public, db_key, self._aad("db:" + label))
        return sealed

    def _open_slot(self, kek: bytes, slot: dict[str, Any], label: str) -> SlotKeys:
        payload = _open(kek, slot, self._aad("key:" + label))
        private, root_public = payload[:KEY_BYTES], payload[KEY_BYTES:] or None
        aad = self._aad("db:" + label)
        current = open_box(private, slot["db_key"], aad)
        staged = slot.get("next_db_key")
        extras = {
            box: open_box(private, slot[box], self._aad(f"{box}:{label}"))
            for box in ("sign_box", "root_box")
            if box in slot
        }
        return SlotKeys(
            db_key=current,
            next_db_key=open_box(private, staged, aad) if staged else None,
            box_private=private,
            root_public=root_public,
            sign_private=extras.get("sign_box"),
            root_private=extras.get("root_box"),
        )


def _scrypt_params(slot: dict[str, Any]) -> tuple[int, int, int]:
    n, r, p = int(slot["n"]), int(slot["r"]), int(slot["p"])
    if n < MIN_SCRYPT_N or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise ValueError("scrypt parameters out of range")
    if 128 * n * r > MAX_SCRYPT_BYTES:
        raise ValueError("scrypt parameters ask for too much memory")
    return n, r, p


def _damaged(name: str) -> StoreError:
    return StoreError(
        "keys.damaged",
        f"密钥文件 {name} 已损坏，无法读取。请从备份恢复。",
        f"The key file {name} is damaged and cannot be read. Restore it from a backup.",
    )


def _damaged_slot(username: str | None) -> StoreError:
    who_zh = "恢复密钥的" if username is None else f"账号“{username}”的"
    who_en = "the recovery key's" if username is None else f"the account '{username}''s"
    return StoreError(
        "keys.slot_damaged",
        f"密钥文件中{who_zh}登录项已损坏或被改动，无法用它登录。请让店主登录处理，或从备份恢复密钥文件。",
        f"In the key file, {who_en} entry is damaged or was altered, so it cannot sign in. "
        "Ask the owner to sign in and fix it, or restore the key file from a backup.",
    )


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
