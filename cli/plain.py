"""Help that reads like the README: `--json`, not `--json <bool>`; `SLUG`, not `{slug} <str>`.

Typer shows every parameter's Python type in help. A coordinator needs the name of what to type:
flags show nothing after them, arguments and options their name in capitals (or the metavar given).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup


def _plain(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperArgument):
            name = param.metavar or (param.name or "").upper()
            param.metavar = name
            # Typer writes a required argument as {NAME} and repeats its type; the README writes NAME.
            usage = name if param.required else f"[{name}]"
            shown: Any = param  # instance attributes for this help only, over Typer's methods
            shown._usage_display_name = lambda usage=usage: usage
            shown.display_type_rich = lambda ctx: None
        elif getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.metavar is None and param.name:
            param.metavar = param.name.upper()
    return params


class PlainCommand(TyperCommand):
    """A command whose help names what to type, without Python types."""

    def get_params(self, ctx: Any) -> list[Any]:
        """The parameters, made plain for help."""
        return _plain(super().get_params(ctx))


class PlainGroup(TyperGroup):
    """A group whose own options are plain too, its commands in the order of `ORDER` where named."""

    #: The top-level commands in the order of a round's life; others follow in creation order.
    ORDER = (
        "demo",
        "db",
        "registry",
        "contacts",
        "round",
        "track",
        "invite",
        "link",
        "console",
        "run",
        "digest",
        "audit",
    )

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands, in the order of a round's life."""
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    def get_params(self, ctx: Any) -> list[Any]:
        """The parameters, made plain for help."""
        return _plain(super().get_params(ctx))
