"""Who may do what on every route of inventory, as ``tables.AUTHORIZATION_MATRIX`` says.

OWASP API1 Broken Object Level Authorization, API2 Broken Authentication, API5 Broken
Function Level Authorization. A route without a row, or a cell that answers otherwise,
fails with every wrong cell named (microshop_testing.security explains the columns).
"""

import pytest

from microshop_testing.security import assert_every_route_has_a_row, assert_matrix
from tests.security import tables

pytestmark = pytest.mark.django_db


def test_every_route_has_a_row_in_the_matrix():
    assert_every_route_has_a_row(tables.AUTHORIZATION_MATRIX, tables.__file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(world):
    assert_matrix(tables.AUTHORIZATION_MATRIX, world)
