"""A run of a consumer's tests writes its pacts from scratch, and only a whole, green run writes them.

Each test lays out a service, ``shop``, whose consumer tests (``tests/contract/consumer/``)
state events they expect from ``warehouse``, and runs pytest on it (pytester); the shared
folder is ``contracts/pacts/`` beside it, as in the repository. The layout's own
``pact_with`` stands in for the plugin's, which needs a Django project: it hands each
test's pacts to the same ``PactRun``.
"""

import json

import pytest

CONFTEST = """
import pytest
from pact import Pact

from microshop_testing.pact_run import PLUGIN_NAME


@pytest.fixture
def pact_with(request):
    pacts = []

    def make(provider):
        pacts.append(Pact("shop", provider).with_specification("V4"))
        return pacts[-1]

    yield make
    for pact in pacts:
        request.config.pluginmanager.get_plugin(PLUGIN_NAME).record(pact)
"""

CONSUMER_TESTS = "shop/tests/contract/consumer"


def expecting(*event_types: str, provider: str = "warehouse", extra: str = "") -> str:
    """A test module with one consumer test per event type."""
    tests = [
        f"def test_{event_type.replace('.', '_')}(pact_with):\n"
        f"    pact_with({provider!r}).upon_receiving({event_type!r}, 'Async').with_body("
        f"{{'order_id': 1}}, content_type='application/json')\n"
        for event_type in event_types
    ]
    return "\n\n".join([*tests, extra]) if extra else "\n\n".join(tests)


@pytest.fixture
def shop(pytester):
    """The service's folder, its rootdir, with the conftest of its tests."""
    pytester.makefile(".toml", **{"shop/pyproject": "[tool.pytest.ini_options]\n"})
    pytester.makepyfile(**{"shop/conftest": CONFTEST})
    return pytester


def write_tests(pytester, **modules: str) -> None:
    pytester.makepyfile(**{f"{CONSUMER_TESTS}/{name}": source for name, source in modules.items()})


def run(pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:django", "-p", "no:cacheprovider", *(args or (CONSUMER_TESTS,)))


def interactions_in(pytester, name: str = "shop-warehouse.json") -> list[str]:
    pact = json.loads((pytester.path / "contracts" / "pacts" / name).read_text())
    return [interaction["description"] for interaction in pact["interactions"]]


def test_a_run_writes_each_pact_with_every_interaction_its_tests_state(shop):
    write_tests(shop, test_stock=expecting("stock.reserved"), test_more_stock=expecting("stock.rejected"))

    result = run(shop)

    result.assert_outcomes(passed=2)
    assert interactions_in(shop) == ["stock.rejected", "stock.reserved"]
    result.stdout.fnmatch_lines(["pacts written from scratch: shop-warehouse.json"])


def test_an_interaction_removed_from_the_tests_is_removed_from_the_pact(shop):
    write_tests(shop, test_stock=expecting("stock.reserved", "stock.rejected"))
    run(shop)
    write_tests(shop, test_stock=expecting("stock.reserved"))

    run(shop).assert_outcomes(passed=1)

    assert interactions_in(shop) == ["stock.reserved"]


def test_a_pact_of_this_consumer_that_no_test_states_any_more_is_deleted(shop):
    write_tests(
        shop, test_stock=expecting("stock.reserved"), test_payments=expecting("payment.failed", provider="bank")
    )
    run(shop)
    (shop.path / CONSUMER_TESTS / "test_payments.py").unlink()
    others = shop.path / "contracts" / "pacts" / "till-bank.json"
    others.write_text(json.dumps({"consumer": {"name": "till"}, "provider": {"name": "bank"}, "interactions": []}))

    result = run(shop)

    assert not (shop.path / "contracts" / "pacts" / "shop-bank.json").exists()
    assert others.exists()
    result.stdout.fnmatch_lines(["*deleted, as no test states them any more: shop-bank.json"])


def test_two_runs_write_the_same_bytes(shop):
    write_tests(shop, test_stock=expecting("stock.reserved", "stock.rejected"))
    run(shop)
    first = (shop.path / "contracts" / "pacts" / "shop-warehouse.json").read_bytes()

    run(shop)

    assert (shop.path / "contracts" / "pacts" / "shop-warehouse.json").read_bytes() == first


@pytest.mark.parametrize(
    "args",
    [
        (f"{CONSUMER_TESTS}/test_stock.py",),
        (f"{CONSUMER_TESTS}/test_stock.py::test_stock_reserved",),
        (CONSUMER_TESTS, "-k", "reserved"),
        (CONSUMER_TESTS, "--deselect", "tests/contract/consumer/test_stock.py::test_stock_rejected"),
        ("shop/tests", "--ignore", f"{CONSUMER_TESTS}/test_more_stock.py"),
    ],
    ids=["a file", "a test", "-k", "--deselect", "--ignore"],
)
def test_a_run_of_part_of_the_consumer_tests_writes_no_pact(shop, args):
    write_tests(shop, test_stock=expecting("stock.reserved", "stock.rejected"), test_more_stock=expecting("stock.sold"))

    result = run(shop, *args)

    assert result.ret == pytest.ExitCode.OK
    assert not (shop.path / "contracts" / "pacts" / "shop-warehouse.json").exists()
    result.stdout.fnmatch_lines(["pacts not written: *"])


def test_a_run_in_which_a_consumer_test_skips_writes_no_pact(shop):
    skipping = "import pytest\n\n\n@pytest.mark.skip(reason='not today')\n" + expecting("stock.rejected")
    write_tests(shop, test_stock=expecting("stock.reserved"), test_skipped=skipping)

    result = run(shop)

    result.assert_outcomes(passed=1, skipped=1)
    assert not (shop.path / "contracts" / "pacts" / "shop-warehouse.json").exists()
    result.stdout.fnmatch_lines(["pacts not written: *skipped*"])


def test_a_failing_run_writes_no_pact(shop):
    failing = "def test_it_fails(pact_with):\n    pact_with('warehouse')\n    assert False\n"
    write_tests(shop, test_stock=expecting("stock.reserved", extra=failing))

    result = run(shop)

    result.assert_outcomes(passed=1, failed=1)
    assert not (shop.path / "contracts" / "pacts" / "shop-warehouse.json").exists()
    result.stdout.fnmatch_lines(["pacts not written: the run did not pass"])
