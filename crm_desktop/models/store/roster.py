"""The roster: who may sign in, with which role and keys, signed by the shop's root key.

It lives in the key file beside the slots and is signed as a whole by the root
key, which only an owner's password or the recovery key unwraps. So a member of
staff who can write the key file cannot add a slot of their own, raise a role,
or point the recovery slot at a key they hold without the signature failing.

It also carries the anchor of the audit chain (the id and hash of its newest
entry when an owner last signed it), so entries removed from the end of the
chain are found, and the accounts removed since the last key change (their old
copy of the key file still opens the data until the key changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crm_desktop.models.store.signing import SigningKey, canonical, unb64, verifies


@dataclass(frozen=True)
class RosterUser:
    """One account as the owner vouched for it: role, sealing key and signing key (base64)."""

    role: str
    box: str
    sign: str


@dataclass(frozen=True)
class Anchor:
    """The audit chain's newest entry when an owner signed: its id, its hash, and how many."""

    last_id: int
    hash: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"last_id": self.last_id, "hash": self.hash, "count": self.count}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Anchor:
        return cls(int(data["last_id"]), str(data["hash"]), int(data["count"]))


@dataclass
class Roster:
    file_id: str
    root: str
    users: dict[str, RosterUser] = field(default_factory=dict)
    recovery: str | None = None
    anchor: Anchor | None = None
    rekey_due: list[str] = field(default_factory=list)
    generation: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "root": self.root,
            "users": {
                name: {"role": u.role, "box": u.box, "sign": u.sign}
                for name, u in sorted(self.users.items())
            },
            "recovery": self.recovery,
            "anchor": self.anchor.to_json() if self.anchor else None,
            "rekey_due": sorted(set(self.rekey_due)),
            "generation": self.generation,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Roster:
        return cls(
            file_id=str(data["file_id"]),
            root=str(data["root"]),
            users={
                str(name): RosterUser(str(u["role"]), str(u["box"]), str(u["sign"]))
                for name, u in dict(data["users"]).items()
            },
            recovery=data.get("recovery"),
            anchor=Anchor.from_json(data["anchor"]) if data.get("anchor") else None,
            rekey_due=[str(name) for name in data.get("rekey_due", [])],
            generation=int(data.get("generation", 0)),
        )

    def body(self) -> bytes:
        return canonical(["crm-roster", self.to_json()])

    def sign(self, root: SigningKey) -> str:
        """The root's signature over the whole roster; the generation goes up each time."""
        self.generation += 1
        return root.sign(self.body())

    def verifies(self, root_public: bytes, signature: str | None) -> bool:
        try:
            own_root = unb64(self.root)
        except ValueError:
            return False
        return own_root == root_public and verifies(root_public, signature, self.body())
