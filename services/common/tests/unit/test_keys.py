import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from microshop_common.keys import load_private_key, load_public_key


@pytest.fixture(scope="module")
def elliptic_curve_key():
    return ec.generate_private_key(ec.SECP256R1())


def test_a_private_key_that_is_not_rsa_is_refused(elliptic_curve_key):
    pem = elliptic_curve_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()

    with pytest.raises(ValueError, match="RSA private key"):
        load_private_key(pem)


def test_a_public_key_that_is_not_rsa_is_refused(elliptic_curve_key):
    pem = (
        elliptic_curve_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )

    with pytest.raises(ValueError, match="RSA public key"):
        load_public_key(pem)
