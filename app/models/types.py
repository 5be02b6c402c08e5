"""Column types shared by the models."""

import enum

from sqlalchemy import Enum

MAX_ID = 2**31 - 1  # primary keys are INTEGER columns on PostgreSQL


def enum_column(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    """Store an Enum by its value as a plain string (no native enum types to migrate)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
