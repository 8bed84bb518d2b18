"""The shop's own certificate authority, and a PostgreSQL server set to TLS and SCRAM only.

``server init`` runs on the server's PC as a user who may change the server's
settings. It makes an authority for the shop (kept by the owner; its certificate
goes into every counter's connection file), a certificate for the names the
counters use to reach the server, puts both into the server's data directory,
turns TLS on and puts rules first in the server's ``pg_hba.conf``: network
connections only over TLS and with a SCRAM password; anything else is refused.
Local connections over the Unix socket are left as the system set them (the
administrator's way in).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import Connection

from crm_desktop.models.errors import StoreError
from crm_desktop.models.store.server_connection import private_file

BEGIN = "# crm_desktop: network connections only over TLS with a password (begin)"
END = "# crm_desktop (end)"
HBA_RULES = (
    "hostssl all all 0.0.0.0/0 scram-sha-256",
    "hostssl all all ::/0 scram-sha-256",
    "hostnossl all all 0.0.0.0/0 reject",
    "hostnossl all all ::/0 reject",
)
VALID_DAYS = 3650


@dataclass(frozen=True)
class Authority:
    """The shop's certificate authority: its certificate (public) and key (the owner's)."""

    cert_pem: str
    key_pem: str

    @classmethod
    def new(cls, shop_name: str) -> Authority:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                             f"crm_desktop {shop_name}".strip()[:60])])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256())
        )
        return cls(_pem(cert), _key_pem(key))

    def to_text(self) -> str:
        """Certificate and key in one PEM text (the owner's file; never on a counter)."""
        return self.cert_pem + self.key_pem

    @classmethod
    def from_text(cls, text: str) -> Authority:
        """The authority ``to_text`` wrote; StoreError when the text is not one."""
        cert_end = "-----END CERTIFICATE-----"
        if cert_end not in text or "PRIVATE KEY-----" not in text:
            raise StoreError(
                "server.authority_damaged",
                "证书机构文件不完整（要有证书和私钥）。",
                "The certificate authority file is incomplete (it needs the certificate "
                "and the key).",
            )
        cut = text.index(cert_end) + len(cert_end)
        return cls(text[:cut].strip() + "\n", text[cut:].strip() + "\n")

    def server_certificate(self, hosts: list[str]) -> tuple[str, str]:
        """(certificate, key) of the server, valid for ``hosts`` (names or addresses)."""
        ca_key = serialization.load_pem_private_key(self.key_pem.encode("ascii"), None)
        assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
        ca_cert = x509.load_pem_x509_certificate(self.cert_pem.encode("ascii"))
        key = ec.generate_private_key(ec.SECP256R1())
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        return _pem(cert), _key_pem(key)


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def configure_server(conn: Connection, authority: Authority, hosts: list[str]) -> list[str]:
    """TLS on with a certificate for ``hosts``, the connection rules first, settings reloaded.

    ``conn`` is an administrator's connection over the server's own socket (autocommit).
    Returns what the owner still has to do, in words (empty when nothing).
    """
    data_dir = Path(str(conn.exec_driver_sql("SHOW data_directory").scalar()))
    hba = Path(str(conn.exec_driver_sql("SHOW hba_file").scalar()))
    if not os.access(data_dir, os.W_OK) or not os.access(hba, os.W_OK):
        raise StoreError(
            "server.not_local",
            "要在服务器电脑上、以能修改 PostgreSQL 设置的用户（root 或 postgres）运行“server init”。",
            "Run 'server init' on the server's PC, as a user who may change PostgreSQL's "
            "settings (root or postgres).",
        )
    cert_pem, key_pem = authority.server_certificate(hosts)
    owner = data_dir.stat()
    cert_file, key_file = data_dir / "crm_server.crt", data_dir / "crm_server.key"
    cert_file.write_text(cert_pem, encoding="ascii")
    private_file(key_file, key_pem)
    if os.geteuid() == 0:
        for made in (cert_file, key_file):
            os.chown(made, owner.st_uid, owner.st_gid)
    _put_rules_first(hba, owner.st_uid, owner.st_gid)
    for setting, value in (("ssl", "on"), ("ssl_cert_file", str(cert_file)),
                           ("ssl_key_file", str(key_file)),
                           ("ssl_min_protocol_version", "TLSv1.2"),
                           ("password_encryption", "scram-sha-256")):
        conn.exec_driver_sql(f"ALTER SYSTEM SET {setting} = '{value}'")
    conn.exec_driver_sql("SELECT pg_reload_conf()")
    return _still_to_do(conn, data_dir)


def _put_rules_first(hba: Path, uid: int, gid: int) -> None:
    lines = hba.read_text(encoding="utf-8").splitlines()
    if BEGIN in lines:
        start, end = lines.index(BEGIN), lines.index(END)
        del lines[start:end + 1]
    text = "\n".join([BEGIN, *HBA_RULES, END, *lines]) + "\n"
    tmp = hba.with_name(hba.name + ".crm-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, hba.stat().st_mode & 0o777)
    if os.geteuid() == 0:
        os.chown(tmp, uid, gid)
    os.replace(tmp, hba)


def _still_to_do(conn: Connection, data_dir: Path) -> list[str]:
    todo = []
    listen = str(conn.exec_driver_sql("SHOW listen_addresses").scalar())
    if listen in ("localhost", "127.0.0.1", "::1", ""):
        todo.append(
            "服务器只接受本机连接：其他收银台要连上它，请在 postgresql.conf 里设置 "
            "listen_addresses = '*' 并重启 PostgreSQL。 / The server only accepts connections "
            "from this PC: for other counters, set listen_addresses = '*' in postgresql.conf "
            "and restart PostgreSQL.")
    if not on_encrypted_volume(data_dir):
        todo.append(
            f"数据目录 {data_dir} 不在加密的磁盘上（或无法判断）：顾客的个人信息在服务器磁盘上"
            "是明文，请给这块磁盘开启加密（BitLocker、LUKS、FileVault）。 / The data directory "
            f"{data_dir} is not on an encrypted volume (or this cannot be told): customers' "
            "personal data lies unencrypted on the server's disk; encrypt that disk "
            "(BitLocker, LUKS, FileVault).")
    return todo


def on_encrypted_volume(folder: Path) -> bool:
    """True when the system says ``folder`` is on an encrypted block device (Linux: dm-crypt).

    Where the system cannot tell (another platform, no ``lsblk``), False: the owner is warned.
    """
    if shutil.which("findmnt") is None or shutil.which("lsblk") is None:
        return False
    try:
        source = subprocess.run(["findmnt", "-no", "SOURCE", "--target", str(folder)],
                                capture_output=True, text=True, timeout=5).stdout.strip()
        if not source.startswith("/dev/"):
            return False
        chain = subprocess.run(["lsblk", "-sno", "TYPE", source], capture_output=True,
                               text=True, timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return "crypt" in chain
