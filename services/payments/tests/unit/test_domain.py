import pytest

from payments.domain import NAME_MAX_LENGTH, item_name


def test_an_item_name_is_trimmed_with_one_space_between_words():
    assert item_name("  Blue \t  mug ") == "Blue mug"


def test_an_item_name_of_spaces_only_is_refused():
    with pytest.raises(ValueError, match="blank"):
        item_name(" \t ")


def test_an_item_name_may_be_as_long_as_the_limit_and_no_longer():
    assert item_name("x" * NAME_MAX_LENGTH) == "x" * NAME_MAX_LENGTH
    with pytest.raises(ValueError, match=f"at most {NAME_MAX_LENGTH}"):
        item_name("x" * (NAME_MAX_LENGTH + 1))
