import pytest
from rest_framework.test import APIClient

from users.models import User
from users.tokens import token_pair_for


@pytest.fixture
def client_of():
    """``client_of(user)``: an API client holding the access token ``user`` gets at login."""

    def make(user: User) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access_token}")
        return client

    return make
