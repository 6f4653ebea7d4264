"""Fixtures shared by the unit tests."""

from tests.unit.guards_support import mcp_gateway  # noqa: F401 (a local MCP server standing in for a Gateway)
