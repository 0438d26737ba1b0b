from dataclasses import dataclass

import pytest

from microshop_common.clients import ServiceUnavailable
from microshop_testing.fakes import FakeUsers


@dataclass(frozen=True)
class Account:
    id: int


def test_a_fake_that_went_down_refuses_until_it_comes_back():
    ann = Account(id=7)
    users = FakeUsers(ann)
    users.goes_down()
    with pytest.raises(ServiceUnavailable):
        users.get_user(ann.id)

    users.comes_back()

    assert users.get_user(ann.id) == ann
