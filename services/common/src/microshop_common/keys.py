"""RSA key pairs: users signs customer tokens, calling services sign service tokens.

Run ``python -m microshop_common.keys DIR`` to create a key pair per service in DIR
(existing keys are kept). Each service reads its own private key and the public keys
of the issuers it trusts from ``JWT_KEYS_DIR``.
"""

import argparse
import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from microshop_common.registry import service_names

SERVICES = service_names()


def private_key_path(keys_dir: Path, service: str) -> Path:
    return keys_dir / f"{service}.private.pem"


def public_key_path(keys_dir: Path, service: str) -> Path:
    return keys_dir / f"{service}.public.pem"


@functools.cache
def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """``pem`` parsed once per process.

    Parsing checks the whole RSA key and costs some 45 ms; PyJWT given the PEM text
    would pay that on every token it signs, against under 1 ms to sign with the object.
    """
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("expected an RSA private key")
    return key


@functools.cache
def load_public_key(pem: str) -> rsa.RSAPublicKey:
    """``pem`` parsed once per process, for verifying every token its owner signs."""
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("expected an RSA public key")
    return key


def generate_key_pair(keys_dir: Path, service: str) -> None:
    """Write ``<service>.private.pem`` and ``<service>.public.pem`` unless they exist."""
    keys_dir.mkdir(parents=True, exist_ok=True)
    if private_key_path(keys_dir, service).exists() and public_key_path(keys_dir, service).exists():
        return
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # Write to a temporary name and rename, so a concurrent reader never sees half a key.
    for path, content, mode in (
        (private_key_path(keys_dir, service), private_pem, 0o600),
        (public_key_path(keys_dir, service), public_pem, 0o644),
    ):
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(content)
        tmp.chmod(mode)
        tmp.replace(path)


def generate_all(keys_dir: Path) -> None:
    for service in SERVICES:
        generate_key_pair(keys_dir, service)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("keys_dir", type=Path, help="folder to write the key pairs to")
    args = parser.parse_args()
    generate_all(args.keys_dir)
    print(f"keys for {', '.join(SERVICES)} are in {args.keys_dir}")


if __name__ == "__main__":
    main()
