"""AgentCore Gateway (MCP) tool lists for ``ToolListCache``, and Strands tools from cached schemas.

- ``McpToolFetcher`` lists every page of an MCP server's tools (``tools/list``) through a short-lived
  Strands ``MCPClient`` session; it is the ``ToolListFetcher`` to put behind ``ToolListCache``.
- ``agent_tools`` turns cached schemas into Strands ``MCPAgentTool`` objects bound to a long-lived
  client, so the agent calls tools (``tools/call``) without listing them again; ``tools_session``
  starts that client and primes it (see ``prime_output_schemas``) so no hidden list happens either.
- ``gateway_client`` builds the ``MCPClient`` for a Gateway URL, authenticated with a bearer token
  (``CUSTOM_JWT`` gateways) or SigV4 (``AWS_IAM`` gateways, ``SigV4Auth``).

Needs the ``agent`` extra (strands-agents, which brings mcp and httpx); ``agentcore_finops.guards``
itself does not import this module.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import httpx

from .tool_cache import ToolSchema

if TYPE_CHECKING:
    from strands.tools.mcp import MCPAgentTool, MCPClient

GATEWAY_SERVICE = "bedrock-agentcore"


class McpToolFetcher:
    """``ToolListFetcher`` over MCP ``tools/list``, following ``nextCursor`` until the last page.

    ``client_factory`` returns a new, unstarted ``MCPClient`` (e.g. ``lambda: gateway_client(url, ...)``);
    each fetch opens one session, lists, and closes it.
    """

    def __init__(self, client_factory: Callable[[], MCPClient]):
        self.client_factory = client_factory

    def fetch(self) -> list[dict[str, Any]]:
        schemas: list[dict[str, Any]] = []
        with self.client_factory() as client:
            token: str | None = None
            while True:
                page = client.list_tools_sync(pagination_token=token, prefix="", tool_filters={})
                for tool in page:
                    schemas.append(tool.mcp_tool.model_dump(mode="json", by_alias=True, exclude_none=True))
                token = page.pagination_token
                if token is None:
                    return schemas


def agent_tools(schemas: Sequence[ToolSchema], client: MCPClient) -> list[MCPAgentTool]:
    """Strands tools for ``schemas`` that call through ``client`` (which must be started before the
    agent runs, e.g. ``with client: agent(...)``); no ``tools/list`` is made."""
    from mcp.types import Tool
    from strands.tools.mcp import MCPAgentTool

    return [MCPAgentTool(Tool.model_validate(dict(schema)), client) for schema in schemas]


def prime_output_schemas(client: MCPClient, schemas: Sequence[ToolSchema]) -> bool:
    """Give the client's MCP session the output schemas of the cached tools.

    The MCP SDK validates a tool's structured result against its output schema, and when the session
    has not listed tools yet it sends ``tools/list`` first: one billed Gateway operation per session,
    which would undo the cache. Seeding the session's schema table avoids it. This reaches into
    private state of strands' ``MCPClient`` and mcp's ``ClientSession`` (``_background_thread_session``,
    ``_tool_output_schemas``, present in both mcp 1.x and 2.x); when they are missing nothing is
    changed and ``False`` is returned (the session then lists once, as without priming).
    """
    session = getattr(client, "_background_thread_session", None)
    known = getattr(session, "_tool_output_schemas", None)
    if not isinstance(known, dict):
        return False
    for schema in schemas:
        known.setdefault(str(schema["name"]), schema.get("outputSchema"))
    return True


@contextmanager
def tools_session(client: MCPClient, schemas: Sequence[ToolSchema]) -> Iterator[list[MCPAgentTool]]:
    """Start ``client``, prime it with ``schemas`` and yield their Strands tools; stop it on exit."""
    with client:
        prime_output_schemas(client, schemas)
        yield agent_tools(schemas, client)


def gateway_client(
    url: str,
    *,
    bearer_token: str | None = None,
    sigv4_region: str | None = None,
    headers: Mapping[str, str] | None = None,
    **client_kwargs: Any,
) -> MCPClient:
    """An ``MCPClient`` for an AgentCore Gateway MCP URL (``https://<id>.gateway.bedrock-agentcore.
    <region>.amazonaws.com/mcp``). Give ``bearer_token`` for a ``CUSTOM_JWT`` gateway or
    ``sigv4_region`` for an ``AWS_IAM`` gateway."""
    from strands.tools.mcp import MCPClient

    if bearer_token and sigv4_region:
        raise ValueError("give bearer_token (CUSTOM_JWT gateway) or sigv4_region (AWS_IAM gateway), not both")
    all_headers = dict(headers or {})
    if bearer_token:
        all_headers["Authorization"] = f"Bearer {bearer_token}"
    if sigv4_region:
        client_kwargs["auth_provider"] = SigV4Auth(sigv4_region)
    return MCPClient(url=url, headers=all_headers or None, **client_kwargs)


class SigV4Auth(httpx.Auth):
    """``httpx.Auth`` that signs each request with SigV4 for ``bedrock-agentcore`` (AWS_IAM gateways)."""

    requires_request_body = True

    def __init__(self, region: str, service: str = GATEWAY_SERVICE, credentials: Any = None):
        self.region = region
        self.service = service
        self._credentials = credentials

    def _frozen_credentials(self) -> Any:
        if self._credentials is not None:
            return self._credentials
        import boto3

        credentials = boto3.session.Session().get_credentials()
        if credentials is None:
            raise RuntimeError("no AWS credentials found to sign Gateway requests")
        return credentials.get_frozen_credentials()

    def sign(self, request: httpx.Request) -> httpx.Request:
        from botocore.auth import SigV4Auth as BotocoreSigV4
        from botocore.awsrequest import AWSRequest

        headers = {k: v for k, v in request.headers.items() if k.lower() in ("host", "content-type")}
        aws_request = AWSRequest(
            method=request.method, url=str(request.url), data=request.content, headers=headers
        )
        BotocoreSigV4(self._frozen_credentials(), self.service, self.region).add_auth(aws_request)
        for name, value in aws_request.headers.items():
            request.headers[name] = value
        return request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, Any, None]:
        yield self.sign(request)
