"""What a sign-in trusts: the shop's root key, the signing keys at hand, the key file's state.

``Trust`` is held by the open store. Its root public key comes from the
signed-in user's own slot (their password authenticates it), never from the key
file alone; its private keys live only in memory and are forgotten when the app
locks. ``key_file_findings`` compares every slot of the key file with the
root-signed roster: a slot the owner did not vouch for, a slot whose key differs
from the one vouched for, a recovery slot pointed at another key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_desktop.models.language import current_language
from crm_desktop.models.store.keyslots import KeyFile
from crm_desktop.models.store.signing import SigningKey


@dataclass(frozen=True)
class KeyFileFinding:
    """One thing wrong with the key file, as a sentence in both languages."""

    code: str
    zh: str
    en: str

    @property
    def message(self) -> str:
        return self.zh if current_language() == "zh" else self.en


@dataclass
class Trust:
    """The root public key a sign-in trusts, and the private keys it holds for now."""

    root_public: bytes | None = None
    root_key: SigningKey | None = None
    signers: dict[str, SigningKey] = field(default_factory=dict)
    findings: list[KeyFileFinding] = field(default_factory=list)

    def signer(self, username: str) -> SigningKey | None:
        return self.signers.get(username)

    def forget_private_keys(self) -> None:
        """The app locked: keep what is public, drop what signs."""
        self.root_key = None
        self.signers.clear()


def roster_verified(keys: KeyFile, root_public: bytes | None) -> bool:
    """True when the key file's roster carries a valid signature of ``root_public``."""
    return (
        root_public is not None
        and keys.roster is not None
        and keys.roster.file_id == keys.file_id
        and keys.roster.verifies(root_public, keys.roster_signature)
    )


def verified_accounts(keys: KeyFile, root_public: bytes | None) -> set[str]:
    """User names whose slot is the one the signed roster vouches for."""
    if not roster_verified(keys, root_public):
        return set()
    assert keys.roster is not None
    return {
        name
        for name, entry in keys.roster.users.items()
        if keys.public_of(name) == entry.box
    }


def recovery_verified(keys: KeyFile, root_public: bytes | None) -> bool:
    return (
        roster_verified(keys, root_public)
        and keys.roster is not None
        and keys.roster.recovery is not None
        and keys.public_of(None) == keys.roster.recovery
    )


def key_file_findings(keys: KeyFile, root_public: bytes | None) -> list[KeyFileFinding]:
    """Every slot or field of the key file that the roster's signature does not cover."""
    if keys.roster is None:
        return [KeyFileFinding(
            "keys.unsigned",
            "密钥文件还没有店主签名（旧版本建立的文件）：店主登录一次后即会签名。",
            "The key file is not signed by an owner yet (made by an older version); it is "
            "signed at the owner's next sign-in.",
        )]
    if not roster_verified(keys, root_public):
        return [KeyFileFinding(
            "keys.roster_forged",
            "密钥文件中的账号名单与店主签名不符，被改动过。",
            "The key file's list of accounts does not match the owner's signature: it was "
            "altered.",
        )]
    findings: list[KeyFileFinding] = []
    good = verified_accounts(keys, root_public)
    for name in sorted(keys.slots):
        if name in good:
            continue
        if name in keys.roster.users:
            findings.append(KeyFileFinding(
                "keys.slot_changed",
                f"密钥文件中账号“{name}”的登录项与店主签名的不一致，已被替换。",
                f"In the key file, the account '{name}''s entry differs from the one the "
                "owner signed: it was replaced.",
            ))
        else:
            findings.append(KeyFileFinding(
                "keys.slot_planted",
                f"密钥文件中有一个店主没有建立的登录项“{name}”。",
                f"The key file holds an entry '{name}' that no owner set up.",
            ))
    if keys.recovery is not None and not recovery_verified(keys, root_public):
        findings.append(KeyFileFinding(
            "keys.recovery_changed",
            "密钥文件中的恢复密钥登录项被替换过：店主的恢复密钥可能已经打不开文件。"
            "请立即生成新的恢复密钥。",
            "The key file's recovery entry was replaced: the owner's recovery key may no "
            "longer open the file. Make a new recovery key now.",
        ))
    return findings
