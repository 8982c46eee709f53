"""Fakes: in-memory ports of the core (memory.py) and local fake chat servers."""

from tests.fakes.memory import FakeSender, FakeUnitOfWork, FixedClock, MemoryStore

__all__ = ["FakeSender", "FakeUnitOfWork", "FixedClock", "MemoryStore"]
