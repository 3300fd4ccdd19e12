"""Self-made keys and certificates for the providers' test servers (made once per session)."""

import base64
import functools
import secrets
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID


@functools.cache
def rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per name ("merchant", "platform", "platform-next", "forger" …)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(name: str) -> str:
    return (
        rsa_key(name)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def public_pem(name: str) -> str:
    return (
        rsa_key(name)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@functools.cache
def certificate(name: str, days: int = 365) -> x509.Certificate:
    """A self-signed certificate of `name`'s key, valid from yesterday for `days` days."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tenpay.com Test"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(rsa_key(name).public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .sign(rsa_key(name), hashes.SHA256())
    )


def certificate_pem(name: str, days: int = 365) -> str:
    return certificate(name, days).public_bytes(serialization.Encoding.PEM).decode()


def serial(name: str, days: int = 365) -> str:
    return f"{certificate(name, days).serial_number:X}"


def sign(name: str, message: str) -> str:
    """RSA-SHA256 (PKCS#1 v1.5), base64: WeChat Pay's and Alipay's RSA2 signature."""
    signature = rsa_key(name).sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verifies(public_key, message: str, signature: str) -> bool:
    try:
        public_key.verify(
            base64.b64decode(signature), message.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except Exception:
        return False
    return True


def apiv3_key() -> str:
    """32 ASCII characters, as WeChat Pay's APIv3 key is."""
    return secrets.token_hex(16)
