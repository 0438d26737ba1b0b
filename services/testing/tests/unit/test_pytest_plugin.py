"""The plugin as a service's suite gets it: installed with the package, named in no conftest.

Each test runs a pytest of its own (pytester) in a temporary folder laid out like a
service's ``tests/``. pytest-django is left out: these suites have no Django project.
"""

from xml.etree import ElementTree

import pytest

PASSING_TEST = "def test_it_holds():\n    pass\n"
SHARED_FIXTURES = (
    "api_client",
    "client_for",
    "published_events",
    "event_worker",
    "event_publisher",
    "stubbed_http",
    "pact_with",
    "start_live_service",
    "live_provider",
    "smtp_server",
)


@pytest.fixture
def suite(pytester):
    """``suite("unit", "integration")``: a passing test in each of these folders under ``tests/``."""

    def lay_out(*folders: str) -> pytest.Pytester:
        pytester.makepyfile(**{f"tests/{folder}/test_{folder.replace('/', '_')}": PASSING_TEST for folder in folders})
        return pytester

    return lay_out


def test_a_layer_selects_the_tests_in_its_folder(suite):
    pytester = suite("unit", "integration", "component", "contract/consumer")

    result = pytester.runpytest("-p", "no:django", "-m", "unit")

    result.assert_outcomes(passed=1, deselected=3)


def test_a_test_in_a_layers_subfolder_belongs_to_that_layer(suite):
    pytester = suite("unit", "contract/consumer", "contract/provider")

    result = pytester.runpytest("-p", "no:django", "-m", "contract")

    result.assert_outcomes(passed=2, deselected=1)


def test_a_test_outside_every_layer_folder_gets_no_layer(suite):
    pytester = suite("unit", "helpers")

    result = pytester.runpytest("-p", "no:django", "-m", "not unit")

    result.assert_outcomes(passed=1, deselected=1)


def test_every_layer_is_a_registered_marker_under_strict_markers(pytester):
    pytester.makepyfile(
        test_marked="""
        import pytest

        @pytest.mark.unit
        @pytest.mark.integration
        @pytest.mark.component
        @pytest.mark.contract
        def test_marked_by_hand():
            pass
        """
    )

    result = pytester.runpytest("-p", "no:django", "--strict-markers")

    result.assert_outcomes(passed=1)


def test_a_test_whose_point_needs_postgresql_says_so_in_the_junit_report(pytester):
    pytester.makepyfile(
        test_race="""
        import pytest

        @pytest.mark.needs_postgresql
        def test_forty_threads_race_for_ten_units():
            pass

        def test_one_thread_takes_a_unit():
            pass
        """
    )

    result = pytester.runpytest("-p", "no:django", "--strict-markers", "--junitxml=report.xml")

    result.assert_outcomes(passed=2)
    cases = ElementTree.parse(pytester.path / "report.xml").getroot().iter("testcase")
    marked = {
        case.get("name")
        for case in cases
        if ("needs_postgresql", "true") in {(prop.get("name"), prop.get("value")) for prop in case.iter("property")}
    }
    assert marked == {"test_forty_threads_race_for_ten_units"}


def test_the_shared_fixtures_are_there_without_a_conftest(pytester):
    result = pytester.runpytest("-p", "no:django", "--fixtures")

    # "name -- file:line", or "name [module scope] -- file:line".
    listed = {line.split(" -- ")[0].split(" [")[0] for line in result.stdout.lines if " -- " in line}
    assert set(SHARED_FIXTURES) <= listed
