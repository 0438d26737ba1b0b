"""Item rules with no database: what an item's name is."""

NAME_MAX_LENGTH = 200


def item_name(raw: str) -> str:
    """The name as it is kept and compared: trimmed, one space between words.

    So "Blue  mug" and " Blue mug" name the same item, and the unique index sees that.
    """
    name = " ".join(raw.split())
    if not name:
        raise ValueError("an item's name cannot be blank")
    if len(name) > NAME_MAX_LENGTH:
        raise ValueError(f"an item's name has at most {NAME_MAX_LENGTH} characters, got {len(name)}")
    return name
