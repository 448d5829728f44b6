"""Read-only objects with a model's fields as attributes, made without pydantic.

The views of validated data (`framework/view.py`: a cached framework; `records/view.py`:
a case record or answer sheet read without pydantic) are `Node`s: typed as the model for
their callers, with the same fields, look-ups, `model_dump` and equality by value.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Node:
    """One validated model object, read-only: its fields as attributes."""

    model_name: ClassVar[str] = ""

    def __init__(self, data: dict[str, Any], values: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", data)
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self.model_name} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self.model_name} is read-only")

    def model_dump(
        self, *, mode: str = "python", exclude: set[str] | None = None
    ) -> dict[str, Any]:
        """The fields as plain data, like the model's: tables and lists copied, every other
        value (text, numbers, moments) as it is."""
        data: dict[str, Any] = self._data  # type: ignore[attr-defined]
        return {k: _copy(v) for k, v in data.items() if not exclude or k not in exclude}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Node):
            return NotImplemented
        return self.model_name == other.model_name and self._data == other._data  # type: ignore[attr-defined]

    def __hash__(self) -> int:  # like a frozen model: by value, and not when a field is a list
        return hash((self.model_name, *(self.__dict__[k] for k in self._data)))  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={self.__dict__[k]!r}" for k in self._data)  # type: ignore[attr-defined]
        return f"{self.model_name}({shown})"


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
