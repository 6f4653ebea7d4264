"""The router's event contract: parse and validate one request, with errors that name the field.

See README.md for the contract in prose. ``parse_request`` returns a ``Request`` with every part in
Converse form (a string ``system`` or message ``content`` is expanded to text blocks; bare tool specs
are wrapped in ``toolSpec``), or raises ``RequestError`` (HTTP-style status 400) or its subclass
``RequestTooLarge`` (413) naming the field, what is wrong and what is allowed.

Sizes count every content block, not only text: ``block_size`` gives the characters of a block's
text-like content (text, a tool result's text and JSON, a tool call's input, any other block as JSON)
and the bytes of its media (image, document, video, audio; base64 in the event counts as the bytes it
decodes to). Limits apply per block type (``max_document_bytes``, ``max_image_bytes``) and in total
(``max_input_chars``, ``max_media_bytes``).

``parse_record`` checks the agent record the router reads from the config table (the fields it uses,
not the whole fleet schema) and raises ``AgentRecordError`` naming the field.

The function's types live here, as in every function of the project (``agentcore_finops.env``):
``Settings`` (its environment variables, ``VARIABLES``, read by ``Settings.from_env``), ``Request``
(the event) and ``Response`` (what the handler returns; a refused request carries ``error`` in the
shape of ``agentcore_finops.env.error_report``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, NotRequired, TypedDict

from agentcore_finops import env
from agentcore_finops.errors import FieldError
from agentcore_finops.fleet_rules import AGENT_ID_PATTERN, TOOL_NAME_PATTERN

MODES = ("route", "invoke")
COMPLEXITY_HINTS = ("low", "high")
ROLES = ("user", "assistant")
EVENT_FIELDS = (
    "agent_id",
    "mode",
    "messages",
    "system",
    "tool_schemas",
    "complexity",
    "max_tokens",
    "trace_id",
    "session_id",
)
# Union members of Converse ContentBlock and SystemContentBlock (botocore's bedrock-runtime model; a
# unit test compares these with the model so a new member is noticed).
CONTENT_BLOCK_TYPES = (
    "text",
    "image",
    "document",
    "video",
    "audio",
    "toolUse",
    "toolResult",
    "guardContent",
    "cachePoint",
    "reasoningContent",
    "citationsContent",
    "searchResult",
    "toolAddition",
    "toolRemoval",
)
SYSTEM_BLOCK_TYPES = ("text", "guardContent", "cachePoint")
TOOL_SPEC_FIELDS = ("name", "description", "inputSchema", "strict")
# Bedrock accepts at most 4 cache checkpoints per request; the router places up to 2 (system, tools).
MAX_CALLER_CACHE_POINTS = 2
TRACE_KEY_MAX = 256


class RequestError(FieldError):
    """A client error: the request breaks the contract. ``status`` is the HTTP-style code."""

    status = 400
    kind = "InvalidRequest"


class RequestTooLarge(RequestError):
    """The request exceeds a configured size limit (``limit``, set by the environment variable ``setting``)."""

    status = 413
    kind = "RequestTooLarge"

    def __init__(self, field: str, size: int, limit: int, unit: str, setting: str):
        super().__init__(
            field, f"{size:,} {unit} exceeds the limit of {limit:,} ({setting})", f"at most {limit:,}"
        )
        self.size, self.limit, self.setting = size, limit, setting


@dataclass(frozen=True)
class Limits:
    """Size limits on one request; each is set by the environment variable of the same name in capitals."""

    max_messages: int = 100
    max_input_chars: int = 400_000  # characters of every block's text-like content, about 100K tokens
    max_system_chars: int = 100_000
    max_tool_schemas: int = 128
    max_document_bytes: int = 4_500_000  # one document block (Converse's own limit is 4.5 MB)
    max_image_bytes: int = 3_750_000  # one image block (Converse's own limit is 3.75 MB)
    max_media_bytes: int = 6_000_000  # every media block together (a Lambda request is at most 6 MB)


MEDIA_BLOCK_TYPES = ("image", "document", "video", "audio")


# -- settings: the function's environment variables ---------------------------------------------------


@dataclass(frozen=True)
class AppConfigLocation:
    """Where the trace-sampling document lives in AppConfig."""

    application: str
    environment: str
    profile: str


APPCONFIG_VARIABLES = ("APPCONFIG_APPLICATION", "APPCONFIG_ENVIRONMENT", "APPCONFIG_PROFILE")
VARIABLES = (
    env.text("CONFIG_TABLE_NAME", required=True, allowed="the name of the agent-config table"),
    env.number("CONFIG_CACHE_TTL_SECONDS", default=60.0, lo=0, hi=3600),
    *(env.text(name) for name in APPCONFIG_VARIABLES),
    env.whole("SAMPLING_CACHE_TTL_SECONDS", default=60, lo=1, hi=3600),
    env.whole("CONVERSE_MAX_ATTEMPTS", default=4, lo=1, hi=10),
    env.number("CONVERSE_DEADLINE_SECONDS", default=60.0, lo=1, hi=900),
    *(env.whole(f.name.upper(), default=getattr(Limits(), f.name), lo=1, hi=10**9) for f in fields(Limits)),
)


def _appconfig_all_or_none(values: Mapping[str, Any]) -> list[FieldError]:
    missing = [name for name in APPCONFIG_VARIABLES if not values.get(name)]
    if not missing or len(missing) == len(APPCONFIG_VARIABLES):
        return []
    return [
        FieldError(
            ", ".join(missing),
            "missing while other APPCONFIG_* variables are set",
            "all of " + ", ".join(APPCONFIG_VARIABLES) + ", or none",
        )
    ]


@dataclass(frozen=True)
class Settings:
    table_name: str
    config_ttl_seconds: float = 60.0
    appconfig: AppConfigLocation | None = None
    sampling_ttl_seconds: int = 60
    converse_max_attempts: int = 4
    converse_deadline_seconds: float = 60.0
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from ``environ``; raises SettingsError naming every bad variable.

        CONFIG_TABLE_NAME (required), CONFIG_CACHE_TTL_SECONDS (0-3600, default 60),
        APPCONFIG_APPLICATION / APPCONFIG_ENVIRONMENT / APPCONFIG_PROFILE (all three or none),
        SAMPLING_CACHE_TTL_SECONDS (whole, 1-3600, default 60), CONVERSE_MAX_ATTEMPTS (1-10, default 4),
        CONVERSE_DEADLINE_SECONDS (1-900, default 60: every Converse attempt and backoff of one request
        ends within it, and within the invocation's remaining time), MAX_MESSAGES, MAX_INPUT_CHARS,
        MAX_SYSTEM_CHARS, MAX_TOOL_SCHEMAS, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MAX_MEDIA_BYTES (whole
        numbers >= 1).
        """
        v = env.read(environ, VARIABLES, check=_appconfig_all_or_none)
        location = None
        if all(v[name] for name in APPCONFIG_VARIABLES):
            location = AppConfigLocation(*(v[name] for name in APPCONFIG_VARIABLES))
        return cls(
            table_name=v["CONFIG_TABLE_NAME"],
            config_ttl_seconds=float(v["CONFIG_CACHE_TTL_SECONDS"]),
            appconfig=location,
            sampling_ttl_seconds=v["SAMPLING_CACHE_TTL_SECONDS"],
            converse_max_attempts=v["CONVERSE_MAX_ATTEMPTS"],
            converse_deadline_seconds=float(v["CONVERSE_DEADLINE_SECONDS"]),
            limits=Limits(**{f.name: v[f.name.upper()] for f in fields(Limits)}),
        )


# -- the response ---------------------------------------------------------------------------------------


class Response(TypedDict):
    """What the handler returns. ``status`` is HTTP-style: 200 with ``decision`` (and ``output`` in
    invoke mode); 4xx/5xx with ``error`` (``agentcore_finops.env.error_report``'s shape plus the
    details of the error), and ``decision`` when the model call failed after the decision."""

    status: int
    mode: NotRequired[str]
    decision: NotRequired[dict[str, Any]]
    output: NotRequired[dict[str, Any]]
    error: NotRequired[dict[str, Any]]


@dataclass(frozen=True)
class Size:
    """What one block (or a request) weighs: characters of text-like content, bytes of media."""

    chars: int = 0
    media_bytes: int = 0

    def __add__(self, other: Size) -> Size:
        return Size(self.chars + other.chars, self.media_bytes + other.media_bytes)


def _bytes_of(source: Any) -> int:
    """Bytes a media ``source`` carries inline (an S3 location carries none)."""
    data = source.get("bytes") if isinstance(source, Mapping) else None
    if isinstance(data, bytes | bytearray):
        return len(data)
    if isinstance(data, str):  # base64 in a JSON event: the bytes it decodes to
        return len(data) * 3 // 4 - data[-2:].count("=")
    return 0


def _json_chars(value: Any) -> int:
    return len(json.dumps(value, default=str, ensure_ascii=False))


def block_size(block: Mapping[str, Any]) -> Size:
    """The size of one content block, whatever its type."""
    ((kind, value),) = block.items()
    if kind == "text":
        return Size(chars=len(value))
    if kind == "cachePoint":
        return Size()
    if kind in MEDIA_BLOCK_TYPES:
        return Size(media_bytes=_bytes_of(value.get("source")))
    if kind == "toolResult":
        total = Size()
        for item in value.get("content") or []:
            if isinstance(item, Mapping) and len(item) == 1:
                total = total + block_size(item)
            else:
                total = total + Size(chars=_json_chars(item))
        return total
    if kind == "toolUse":
        return Size(chars=_json_chars(value.get("input")))
    if kind == "json":
        return Size(chars=_json_chars(value))
    return Size(chars=_json_chars(value))


@dataclass(frozen=True)
class Request:
    agent_id: str
    mode: str
    messages: list[dict[str, Any]]
    system: list[dict[str, Any]] = field(default_factory=list)
    tool_schemas: list[dict[str, Any]] = field(default_factory=list)
    complexity: str | None = None
    max_tokens: int | None = None
    trace_id: str | None = None
    session_id: str | None = None

    @cached_property
    def input_chars(self) -> int:
        """Characters of every block's text-like content across the messages (block_size)."""
        return sum(block_size(b).chars for m in self.messages for b in m["content"])

    @property
    def user_turns(self) -> int:
        return sum(1 for m in self.messages if m["role"] == "user")

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message["role"] == "user":
                return text_of(message)
        return ""

    def trace_key(self, fallback: str) -> str:
        """What decides trace sampling: the trace id, else the session id, else ``fallback``."""
        return self.trace_id or self.session_id or fallback


def text_of(message: Mapping[str, Any]) -> str:
    """The text blocks of one Converse message, joined by newlines."""
    return "\n".join(b["text"] for b in message["content"] if "text" in b)


def _fail(field: str, problem: str, allowed: str | None = None) -> RequestError:
    return RequestError(field, problem, allowed)


def _text(field: str, value: Any, *, max_len: int | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(field, f"invalid value {_short(value)}", "a non-empty string")
    if max_len is not None and len(value) > max_len:
        raise _fail(field, f"{len(value)} characters", f"at most {max_len}")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(field, f"invalid value {_short(value)}", "a whole number >= 1")
    return value


def _block(where: str, block: Any, types: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(block, Mapping) or len(block) != 1:
        raise _fail(
            where,
            f"invalid content block {_short(block)}",
            f"an object with exactly one of {', '.join(types)}",
        )
    ((kind, value),) = block.items()
    if kind not in types:
        raise _fail(f"{where}.{kind}", "unknown content block type", ", ".join(types))
    if kind == "text":
        _text(f"{where}.text", value)
    elif kind == "cachePoint" and not (isinstance(value, Mapping) and value.get("type") == "default"):
        raise _fail(f"{where}.cachePoint", f"invalid value {_short(value)}", '{"type": "default"}')
    elif not isinstance(value, Mapping):
        raise _fail(f"{where}.{kind}", f"invalid value {_short(value)}", "an object")
    return dict(block)


def _content(where: str, value: Any, types: tuple[str, ...]) -> list[dict[str, Any]]:
    if isinstance(value, str):
        return [{"text": _text(where, value)}]
    if not isinstance(value, list) or not value:
        raise _fail(
            where,
            f"invalid value {_short(value)}",
            "a non-empty string or a non-empty list of content blocks",
        )
    return [_block(f"{where}[{i}]", b, types) for i, b in enumerate(value)]


def _messages(value: Any, limits: Limits) -> tuple[list[dict[str, Any]], Size]:
    """The messages in Converse form, and their total size (each block weighed once)."""
    if value is None:
        raise _fail("messages", "missing required field", "a non-empty list of Converse messages")
    if not isinstance(value, list) or not value:
        raise _fail("messages", f"invalid value {_short(value)}", "a non-empty list of Converse messages")
    if len(value) > limits.max_messages:
        raise RequestTooLarge("messages", len(value), limits.max_messages, "messages", "MAX_MESSAGES")
    out, total = [], Size()
    for i, message in enumerate(value):
        where = f"messages[{i}]"
        if not isinstance(message, Mapping):
            raise _fail(where, f"invalid message {_short(message)}", "an object with role and content")
        for key in message:
            if key not in ("role", "content"):
                raise _fail(f"{where}.{key}", "unknown field", "role, content")
        role = message.get("role")
        if role is None:
            raise _fail(f"{where}.role", "missing required field", ", ".join(ROLES))
        if role not in ROLES:
            raise _fail(f"{where}.role", f"invalid value {_short(role)}", ", ".join(ROLES))
        if "content" not in message:
            raise _fail(
                f"{where}.content", "missing required field", "a non-empty string or list of content blocks"
            )
        content = _content(f"{where}.content", message["content"], CONTENT_BLOCK_TYPES)
        for j, block in enumerate(content):
            total = total + _check_block_size(f"{where}.content[{j}]", block, limits)
        if all("cachePoint" in b for b in content):
            raise _fail(f"{where}.content", "holds only cachePoint blocks", "at least one block with content")
        out.append({"role": role, "content": content})
    if out[0]["role"] != "user":
        raise _fail("messages[0].role", f"the conversation starts with {out[0]['role']!r}", "user")
    cache_points = sum(1 for m in out for b in m["content"] if "cachePoint" in b)
    if cache_points > MAX_CALLER_CACHE_POINTS:
        raise _fail(
            "messages",
            f"{cache_points} cachePoint blocks (Bedrock allows 4 per request and the router places up to 2)",
            f"at most {MAX_CALLER_CACHE_POINTS}",
        )
    return out, total


def _check_block_size(where: str, block: Mapping[str, Any], limits: Limits) -> Size:
    """The block's size, after checking it against the per-block limits."""
    kind = next(iter(block))
    size = block_size(block)
    for name, setting in (("document", "MAX_DOCUMENT_BYTES"), ("image", "MAX_IMAGE_BYTES")):
        limit = getattr(limits, f"max_{name}_bytes")
        if kind == name and size.media_bytes > limit:
            raise RequestTooLarge(f"{where}.{kind}", size.media_bytes, limit, "bytes", setting)
    if kind == "toolResult":
        for k, item in enumerate(block[kind].get("content") or []):
            if isinstance(item, Mapping) and len(item) == 1 and next(iter(item)) in ("document", "image"):
                _check_block_size(f"{where}.toolResult.content[{k}]", item, limits)
    return size


def _system(value: Any, limits: Limits) -> list[dict[str, Any]]:
    if value is None:
        return []
    blocks = _content("system", value, SYSTEM_BLOCK_TYPES)
    chars = sum(len(b["text"]) for b in blocks if "text" in b)
    if chars > limits.max_system_chars:
        raise RequestTooLarge("system", chars, limits.max_system_chars, "characters", "MAX_SYSTEM_CHARS")
    # The router owns the cache point after the system prompt: a caller's is dropped, then re-placed
    # when the chosen model accepts one there.
    return [b for b in blocks if "cachePoint" not in b]


def _tool_schemas(value: Any, limits: Limits) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail("tool_schemas", f"invalid value {_short(value)}", "a list of Converse tool specs")
    if len(value) > limits.max_tool_schemas:
        raise RequestTooLarge(
            "tool_schemas", len(value), limits.max_tool_schemas, "tool specs", "MAX_TOOL_SCHEMAS"
        )
    out, seen = [], set()
    for i, tool in enumerate(value):
        where = f"tool_schemas[{i}]"
        if isinstance(tool, Mapping) and set(tool) == {"toolSpec"}:
            spec, where = tool["toolSpec"], f"{where}.toolSpec"
        else:
            spec = tool
        if not isinstance(spec, Mapping):
            raise _fail(
                where, f"invalid tool spec {_short(spec)}", '{"toolSpec": {name, description, inputSchema}}'
            )
        for key in spec:
            if key not in TOOL_SPEC_FIELDS:
                raise _fail(f"{where}.{key}", "unknown field", ", ".join(TOOL_SPEC_FIELDS))
        name = spec.get("name")
        if not (isinstance(name, str) and TOOL_NAME_PATTERN.match(name)):
            raise _fail(
                f"{where}.name",
                f"invalid tool name {_short(name)}",
                "1-64 characters of a-z, A-Z, 0-9, '_', '-'",
            )
        if name in seen:
            raise _fail(f"{where}.name", f"duplicate tool name {name!r}", "each tool once")
        seen.add(name)
        schema = spec.get("inputSchema")
        if not (
            isinstance(schema, Mapping) and set(schema) == {"json"} and isinstance(schema["json"], Mapping)
        ):
            raise _fail(
                f"{where}.inputSchema", f"invalid value {_short(schema)}", '{"json": <JSON schema object>}'
            )
        if "description" in spec:
            _text(f"{where}.description", spec["description"])
        out.append({"toolSpec": dict(spec)})
    return out


def parse_request(event: Any, limits: Limits = Limits()) -> Request:
    """Validate ``event`` against the contract; raise RequestError naming the first field at fault."""
    if not isinstance(event, Mapping):
        raise _fail("event", f"must be a JSON object, got {type(event).__name__}")
    for key in event:
        if key not in EVENT_FIELDS:
            raise _fail(str(key), "unknown field", ", ".join(EVENT_FIELDS))
    agent_id = event.get("agent_id")
    if agent_id is None:
        raise _fail("agent_id", "missing required field", "an agent id of the deployed fleet")
    if not (isinstance(agent_id, str) and AGENT_ID_PATTERN.match(agent_id)):
        raise _fail(
            "agent_id",
            f"invalid agent id {_short(agent_id)}",
            "2-48 characters of lowercase letters, digits and '-', starting with a letter",
        )
    mode = event.get("mode", "route")
    if mode not in MODES:
        raise _fail("mode", f"invalid value {_short(mode)}", " or ".join(MODES))
    complexity = event.get("complexity")
    if complexity is not None and complexity not in COMPLEXITY_HINTS:
        raise _fail(
            "complexity", f"invalid value {_short(complexity)}", " or ".join(COMPLEXITY_HINTS) + ", or absent"
        )
    max_tokens = event.get("max_tokens")
    messages, size = _messages(event.get("messages"), limits)
    if size.chars > limits.max_input_chars:
        raise RequestTooLarge(
            "messages", size.chars, limits.max_input_chars, "characters of content", "MAX_INPUT_CHARS"
        )
    if size.media_bytes > limits.max_media_bytes:
        raise RequestTooLarge(
            "messages", size.media_bytes, limits.max_media_bytes, "bytes of media", "MAX_MEDIA_BYTES"
        )
    request = Request(
        agent_id=agent_id,
        mode=mode,
        messages=messages,
        system=_system(event.get("system"), limits),
        tool_schemas=_tool_schemas(event.get("tool_schemas"), limits),
        complexity=complexity,
        max_tokens=None if max_tokens is None else _whole("max_tokens", max_tokens),
        trace_id=None
        if event.get("trace_id") is None
        else _text("trace_id", event["trace_id"], max_len=TRACE_KEY_MAX),
        session_id=None
        if event.get("session_id") is None
        else _text("session_id", event["session_id"], max_len=TRACE_KEY_MAX),
    )
    # Every block was weighed once above: seed the cached property so decide() does not weigh them again.
    request.__dict__["input_chars"] = size.chars
    return request


# -- the agent record the router reads from the config table ---------------------------------------------


class AgentRecordError(RuntimeError):
    """A record in the agent-config table that the router cannot use: not the caller's fault (the
    function fails, so the error alarm fires). ``field`` names the record field."""

    def __init__(self, agent_id: str, field: str, problem: str, allowed: str):
        super().__init__(
            f"agent-config record {agent_id!r}: {field}: {problem} (allowed: {allowed}); "
            "re-apply modules/agent-config"
        )
        self.agent_id, self.field, self.problem, self.allowed = agent_id, field, problem, allowed


def _model_id(value: Any) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 2048 and not value.isspace()


def _count(lo: int, hi: int) -> Any:
    return lambda v: not isinstance(v, bool) and isinstance(v, int) and lo <= v <= hi


# Field -> (required, check, what is allowed). The fields decide() and the sampling source read.
RECORD_FIELDS: dict[str, tuple[bool, Any, str]] = {
    "agent_id": (True, lambda v: isinstance(v, str) and bool(AGENT_ID_PATTERN.match(v)), "an agent id"),
    "tier": (True, lambda v: v in (1, 2, 3) and not isinstance(v, bool), "1, 2 or 3"),
    "model_id": (True, _model_id, "a Bedrock model id, inference profile or ARN"),
    "escalation_model_id": (False, lambda v: v is None or _model_id(v), "a Bedrock model id, or null"),
    "max_tokens": (True, _count(1, 1_000_000), "a whole number from 1 to 1,000,000"),
    "step_budget": (True, _count(1, 10_000), "a whole number from 1 to 10,000"),
    "tools": (
        False,
        lambda v: v is None or (isinstance(v, list) and all(isinstance(t, str) for t in v)),
        "a list of tool names",
    ),
    "async": (False, lambda v: v is None or isinstance(v, bool), "true or false"),
    "trace_sample_rate": (
        True,
        lambda v: not isinstance(v, bool) and isinstance(v, int | float) and 0 <= v <= 1,
        "a number from 0 to 1",
    ),
    "config_version": (True, lambda v: isinstance(v, str | int) and str(v) != "", "a version string"),
}


def parse_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` if it has every field the router reads, well formed; else AgentRecordError."""
    agent_id = str(record.get("agent_id", "?"))[:64]
    for name, (required, check, allowed) in RECORD_FIELDS.items():
        if name not in record or record[name] is None:
            if required:
                raise AgentRecordError(agent_id, name, "missing", allowed)
            continue
        if not check(record[name]):
            raise AgentRecordError(agent_id, name, f"invalid value {_short(record[name])}", allowed)
    return dict(record)
