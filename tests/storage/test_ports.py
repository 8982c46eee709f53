"""The storage classes match bot/ports.py: every Protocol member exists with the same parameters.

mypy checks the same structurally (see the functions at the end) when it is run on tests/; this test
catches a port that grew a method storage lacks even where mypy is not run.
"""

from __future__ import annotations

import inspect
import typing

import pytest

from bot import ports
from storage import create_engine_for, create_session_factory
from storage.outbox import SqlOutbox
from storage.registry import SqlRegistry
from storage.repositories import SqlAuditLog, SqlConversations, SqlInbound
from storage.responses import SqlResponses
from storage.rounds import SqlRounds
from storage.sessions import SqlBrowserSessions
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes import MemoryStore

PAIRS = [
    (ports.Registry, SqlRegistry),
    (ports.Rounds, SqlRounds),
    (ports.Responses, SqlResponses),
    (ports.Conversations, SqlConversations),
    (ports.Outbox, SqlOutbox),
    (ports.Inbound, SqlInbound),
    (ports.AuditLog, SqlAuditLog),
    (ports.BrowserSessions, SqlBrowserSessions),
    (ports.UnitOfWork, SqlUnitOfWork),
]


def members(protocol: type) -> list[str]:
    """The public methods a Protocol declares, and the dunders of the async context protocol."""
    return [
        name
        for name, value in vars(protocol).items()
        if callable(value) and (not name.startswith("_") or name in {"__aenter__", "__aexit__"})
    ]


@pytest.mark.parametrize(("protocol", "implementation"), PAIRS, ids=[p.__name__ for p, _ in PAIRS])
def test_every_port_member_is_implemented_alike(protocol: type, implementation: type) -> None:
    """Same names, same parameters (names, kinds, defaults), async where the port is async."""
    for name in members(protocol):
        wanted, given = getattr(protocol, name), getattr(implementation, name, None)
        assert given is not None, f"{implementation.__name__} lacks {name}"
        assert _parameters(given) == _parameters(wanted), f"{implementation.__name__}.{name}"
        if inspect.iscoroutinefunction(wanted):
            assert inspect.iscoroutinefunction(given), f"{implementation.__name__}.{name} must be async"
        else:  # a port's `def f() -> AsyncIterator[...]` is met by an async generator
            assert inspect.isasyncgenfunction(given) or not inspect.iscoroutinefunction(given), name


def repositories(protocol: type) -> dict[str, type]:
    """The repositories a unit-of-work port declares (its properties) and the port each one is."""
    return {
        name: typing.get_type_hints(value.fget)["return"]
        for name, value in vars(protocol).items()
        if isinstance(value, property) and value.fget is not None
    }


@pytest.mark.parametrize("kind", ["sql", "memory"])
async def test_unit_of_work_has_every_repository(kind: str) -> None:
    """Once open, SqlUnitOfWork (and the in-memory fake the unit tests use) has each repository the
    port declares, and each one has every member of its port."""
    declared = repositories(ports.UnitOfWork)
    assert {"registry", "rounds", "responses", "outbox"} <= set(declared), "the port's properties are read"
    engine = create_engine_for("sqlite+aiosqlite:///:memory:")
    uow = SqlUnitOfWork(create_session_factory(engine)) if kind == "sql" else MemoryStore().uow()
    try:
        async with uow:
            for name, port in declared.items():
                repository = getattr(uow, name, None)
                assert repository is not None, f"{type(uow).__name__} lacks {name}"
                missing = [member for member in members(port) if not hasattr(repository, member)]
                assert not missing, f"{type(uow).__name__}.{name} lacks {missing}"
    finally:
        await engine.dispose()


def _parameters(function: object) -> list[tuple[str, object, object]]:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def _static_checks(
    uow: SqlUnitOfWork,
    registry: SqlRegistry,
    rounds: SqlRounds,
    responses: SqlResponses,
    conversations: SqlConversations,
    outbox: SqlOutbox,
    inbound: SqlInbound,
    audit: SqlAuditLog,
) -> tuple[object, ...]:
    """Never called: mypy proves the structural matches here."""
    checked: tuple[
        ports.UnitOfWork,
        ports.Registry,
        ports.Rounds,
        ports.Responses,
        ports.Conversations,
        ports.Outbox,
        ports.Inbound,
        ports.AuditLog,
    ] = (uow, registry, rounds, responses, conversations, outbox, inbound, audit)
    return checked
