"""A tiny MCP server over stdio standing in for an AgentCore Gateway in tests.

Tool names follow the Gateway's ``<target>___<tool>`` convention. Every ``tools/list`` request is
appended to the file named by ``MCP_LIST_LOG`` (when set), so a test can count list calls.
"""

from __future__ import annotations

import os

try:  # mcp 2.x
    from mcp.server.mcpserver import MCPServer as Server
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as Server

server = Server("fake-gateway")


@server.tool(name="metrics___get_metrics")
def get_metrics(service: str) -> str:
    """Current error rate of a service."""
    return f"{service}: 0.2% errors"


@server.tool(name="tickets___open_ticket")
def open_ticket(title: str) -> str:
    """Open an incident ticket."""
    return f"opened: {title}"


@server.tool(name="billing___refund")
def refund(order_id: str) -> str:
    """Refund an order."""
    return f"refunded {order_id}"


_list = server.list_tools


async def _counted_list_tools(*args, **kwargs):
    log = os.environ.get("MCP_LIST_LOG")
    if log:
        with open(log, "a") as f:
            f.write("list\n")
    return await _list(*args, **kwargs)


server.list_tools = _counted_list_tools


if __name__ == "__main__":
    server.run("stdio")
