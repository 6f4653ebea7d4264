variable "runtimes" {
  description = "modules/agentcore's runtimes (described there), with their types and defaults."
  type = map(object({
    container_uri = optional(string)
    code = optional(object({
      s3_bucket      = string
      s3_prefix      = string
      s3_version_id  = optional(string)
      python_runtime = optional(string, "PYTHON_3_12")
      entry_point    = list(string)
    }))
    protocol              = optional(string, "HTTP")
    network_mode          = optional(string, "PUBLIC")
    subnet_ids            = optional(list(string), [])
    security_group_ids    = optional(list(string), [])
    environment_variables = optional(map(string), {})
    name                  = optional(string)
    endpoint_name         = optional(string, "live")
    description           = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for r in values(var.runtimes) : (r.container_uri == null) != (r.code == null)])
    error_message = "runtimes[*]: set exactly one of container_uri or code; invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"]" if(r.container_uri == null) == (r.code == null)])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : r.container_uri == null || can(regex("^(([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.([a-z0-9-]+(\\.[a-z0-9-]+)+)|public\\.ecr\\.aws)/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([^:@]{1,300}))?(@(.+))?$", r.container_uri))])
    error_message = "runtimes[*].container_uri must be an ECR image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@digest] or public.ecr.aws/...); invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"].container_uri = \"${r.container_uri}\"" if r.container_uri != null && !can(regex("^(([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.([a-z0-9-]+(\\.[a-z0-9-]+)+)|public\\.ecr\\.aws)/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([^:@]{1,300}))?(@(.+))?$", r.container_uri))])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : r.code == null || try(contains(["PYTHON_3_10", "PYTHON_3_11", "PYTHON_3_12", "PYTHON_3_13", "PYTHON_3_14", "NODE_22"], r.code.python_runtime) && length(r.code.entry_point) >= 1 && length(r.code.entry_point) <= 2 && can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", r.code.s3_bucket)) && length(r.code.s3_prefix) >= 1, false)])
    error_message = "runtimes[*].code needs s3_bucket (an S3 bucket name), s3_prefix (the object key), entry_point (1 or 2 items) and python_runtime one of PYTHON_3_10, PYTHON_3_11, PYTHON_3_12, PYTHON_3_13, PYTHON_3_14, NODE_22; invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"].code" if r.code != null && !try(contains(["PYTHON_3_10", "PYTHON_3_11", "PYTHON_3_12", "PYTHON_3_13", "PYTHON_3_14", "NODE_22"], r.code.python_runtime) && length(r.code.entry_point) >= 1 && length(r.code.entry_point) <= 2 && can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", r.code.s3_bucket)) && length(r.code.s3_prefix) >= 1, false)])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : contains(["HTTP", "MCP", "A2A", "AGUI"], r.protocol)])
    error_message = "runtimes[*].protocol must be HTTP, MCP, A2A or AGUI; invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"].protocol = \"${r.protocol}\"" if !contains(["HTTP", "MCP", "A2A", "AGUI"], r.protocol)])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : contains(["PUBLIC", "VPC"], r.network_mode)])
    error_message = "runtimes[*].network_mode must be PUBLIC or VPC; invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"].network_mode = \"${r.network_mode}\"" if !contains(["PUBLIC", "VPC"], r.network_mode)])}."
  }

  validation {
    condition = alltrue([for r in values(var.runtimes) : r.network_mode != "VPC" || (
      length(r.subnet_ids) >= 1 && length(r.subnet_ids) <= 16 && length(r.security_group_ids) >= 1 && length(r.security_group_ids) <= 16 &&
      alltrue([for s in r.subnet_ids : can(regex("^subnet-[0-9a-zA-Z]{8,17}$", s))]) &&
      alltrue([for g in r.security_group_ids : can(regex("^sg-[0-9a-zA-Z]{8,17}$", g))])
    )])
    error_message = "runtimes[*]: network_mode VPC needs 1-16 subnet_ids (subnet-...) and 1-16 security_group_ids (sg-...); invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"]" if r.network_mode == "VPC" && !(length(r.subnet_ids) >= 1 && length(r.subnet_ids) <= 16 && length(r.security_group_ids) >= 1 && length(r.security_group_ids) <= 16 && alltrue([for s in r.subnet_ids : can(regex("^subnet-[0-9a-zA-Z]{8,17}$", s))]) && alltrue([for g in r.security_group_ids : can(regex("^sg-[0-9a-zA-Z]{8,17}$", g))]))])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : r.network_mode == "VPC" || (length(r.subnet_ids) == 0 && length(r.security_group_ids) == 0)])
    error_message = "runtimes[*]: subnet_ids and security_group_ids apply only to network_mode VPC; set network_mode = \"VPC\" or remove them for: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"]" if r.network_mode != "VPC" && (length(r.subnet_ids) > 0 || length(r.security_group_ids) > 0)])}."
  }

  validation {
    condition     = alltrue(flatten([for r in values(var.runtimes) : [for k, v in r.environment_variables : can(regex("^[a-zA-Z_][a-zA-Z0-9_]{0,127}$", k)) && length(v) <= 2048]]))
    error_message = "runtimes[*].environment_variables: names must match [a-zA-Z_][a-zA-Z0-9_]* (at most 128 characters) and values be at most 2048 characters; invalid: ${join(", ", flatten([for id, r in var.runtimes : [for k, v in r.environment_variables : "runtimes[\"${id}\"].environment_variables[\"${k}\"]" if !(can(regex("^[a-zA-Z_][a-zA-Z0-9_]{0,127}$", k)) && length(v) <= 2048)]]))}."
  }

  validation {
    condition     = alltrue(flatten([for r in values(var.runtimes) : [for k in keys(r.environment_variables) : !startswith(k, "OTEL_TRACES_SAMPLER")]]))
    error_message = "runtimes[*].environment_variables must not set OTEL_TRACES_SAMPLER or OTEL_TRACES_SAMPLER_ARG: trace sampling comes from the agent's trace_sample_rate (or otel_environment); found in: ${join(", ", flatten([for id, r in var.runtimes : [for k in keys(r.environment_variables) : "runtimes[\"${id}\"]" if startswith(k, "OTEL_TRACES_SAMPLER")]]))}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : r.name == null || can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", r.name))])
    error_message = "runtimes[*].name must match [a-zA-Z][a-zA-Z0-9_]{0,47}; invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"].name = \"${r.name}\"" if r.name != null && !can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", r.name))])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", r.endpoint_name)) && upper(r.endpoint_name) != "DEFAULT"])
    error_message = "runtimes[*].endpoint_name must match [a-zA-Z][a-zA-Z0-9_]{0,47} and not be DEFAULT (AgentCore creates that one itself); invalid: ${join(", ", [for id, r in var.runtimes : "runtimes[\"${id}\"].endpoint_name = \"${r.endpoint_name}\"" if !can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,47}$", r.endpoint_name)) || upper(r.endpoint_name) == "DEFAULT"])}."
  }

  validation {
    condition     = alltrue([for r in values(var.runtimes) : r.description == null || try(length(r.description) >= 1 && length(r.description) <= 1200, false)])
    error_message = "runtimes[*].description must be 1-1200 characters."
  }
}

variable "gateway" {
  description = "modules/agentcore's gateway (described there), with its types and defaults."
  type = object({
    authorizer_type = optional(string, "AWS_IAM")
    jwt = optional(object({
      discovery_url     = string
      allowed_audiences = optional(list(string), [])
      allowed_clients   = optional(list(string), [])
    }))
    semantic_search = optional(bool, false)
    instructions    = optional(string)
    kms_key_arn     = optional(string)
    exception_level = optional(string)
    description     = optional(string)
    targets = optional(map(object({
      description = optional(string)
      lambda = optional(object({
        function_arn = string
        s3_uri       = optional(string)
        inline_json  = optional(string)
      }))
      openapi = optional(object({
        s3_uri = optional(string)
        inline = optional(string)
      }))
      mcp_server = optional(object({
        endpoint = string
      }))
      credential_provider = optional(object({
        type         = string
        provider_arn = string
        secret_arn   = string
        scopes       = optional(list(string), [])
        location     = optional(string, "HEADER")
        param_name   = optional(string)
        prefix       = optional(string)
      }))
    })), {})
  })
  default = null

  validation {
    condition     = var.gateway == null || try(contains(["AWS_IAM", "CUSTOM_JWT"], var.gateway.authorizer_type), false)
    error_message = "gateway.authorizer_type must be AWS_IAM or CUSTOM_JWT."
  }

  validation {
    condition     = var.gateway == null || try((var.gateway.authorizer_type == "CUSTOM_JWT") == (var.gateway.jwt != null), false)
    error_message = "gateway.jwt must be set when authorizer_type is CUSTOM_JWT, and only then."
  }

  validation {
    condition     = try(var.gateway.jwt, null) == null || try(can(regex("^https://.+/\\.well-known/openid-configuration$", var.gateway.jwt.discovery_url)) && length(var.gateway.jwt.allowed_audiences) + length(var.gateway.jwt.allowed_clients) > 0, false)
    error_message = "gateway.jwt.discovery_url must be an https URL ending in /.well-known/openid-configuration, and at least one of allowed_audiences or allowed_clients must be set."
  }

  validation {
    condition     = try(var.gateway.exception_level, null) == null || try(var.gateway.exception_level == "DEBUG", false)
    error_message = "gateway.exception_level must be \"DEBUG\" or null."
  }

  validation {
    condition     = try(var.gateway.kms_key_arn, null) == null || can(regex(local.aws_rules.kms_key_arn_pattern, var.gateway.kms_key_arn))
    error_message = "gateway.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)."
  }

  validation {
    condition     = try(var.gateway.instructions, null) == null || try(length(var.gateway.instructions) >= 1 && length(var.gateway.instructions) <= 2048, false)
    error_message = "gateway.instructions must be 1-2048 characters."
  }

  validation {
    condition     = try(var.gateway.description, null) == null || try(length(var.gateway.description) >= 1 && length(var.gateway.description) <= 200, false)
    error_message = "gateway.description must be 1-200 characters."
  }

  validation {
    condition     = var.gateway == null || try(alltrue([for k in keys(var.gateway.targets) : can(regex("^([0-9a-zA-Z]-?){1,100}$", k)) && !endswith(k, "-")]), false)
    error_message = "gateway.targets keys are target names: letters, digits and single '-', not ending with '-'; invalid: ${try(join(", ", [for k in keys(var.gateway.targets) : "\"${k}\"" if !(can(regex("^([0-9a-zA-Z]-?){1,100}$", k)) && !endswith(k, "-"))]), "")}."
  }

  validation {
    condition     = var.gateway == null || try(alltrue([for t in values(var.gateway.targets) : length([for kind in [t.lambda, t.openapi, t.mcp_server] : kind if kind != null]) == 1]), false)
    error_message = "gateway.targets[*]: set exactly one of lambda, openapi or mcp_server; invalid: ${try(join(", ", [for k, t in var.gateway.targets : "gateway.targets[\"${k}\"]" if length([for kind in [t.lambda, t.openapi, t.mcp_server] : kind if kind != null]) != 1]), "")}."
  }

  validation {
    condition     = var.gateway == null || try(alltrue([for t in values(var.gateway.targets) : t.lambda == null ? true : (can(regex("^arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(-gov)?-[a-z]+-\\d{1}):(\\d{12}):function:([a-zA-Z0-9-_.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$", t.lambda.function_arn)) && (t.lambda.s3_uri == null) != (t.lambda.inline_json == null))]), false)
    error_message = "gateway.targets[*].lambda needs function_arn (a Lambda function ARN) and exactly one of s3_uri or inline_json for the tool schema; invalid: ${try(join(", ", [for k, t in var.gateway.targets : "gateway.targets[\"${k}\"].lambda" if t.lambda == null ? false : !(can(regex("^arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(-gov)?-[a-z]+-\\d{1}):(\\d{12}):function:([a-zA-Z0-9-_.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$", t.lambda.function_arn)) && (t.lambda.s3_uri == null) != (t.lambda.inline_json == null))]), "")}."
  }

  validation {
    condition     = var.gateway == null || try(alltrue([for t in values(var.gateway.targets) : try(t.lambda.inline_json, null) == null || can(alltrue([for tool in jsondecode(t.lambda.inline_json) : tool.Name != "" && tool.Description != "" && tool.InputSchema.Type != ""]))]), false)
    error_message = "gateway.targets[*].lambda.inline_json must be a JSON array of CloudFormation ToolDefinition objects, each with Name, Description and InputSchema (with Type), e.g. jsonencode([{ Name = \"get_metrics\", Description = \"...\", InputSchema = { Type = \"object\" } }])."
  }

  validation {
    condition     = var.gateway == null || try(alltrue([for t in values(var.gateway.targets) : t.openapi == null ? true : ((t.openapi.s3_uri == null) != (t.openapi.inline == null) && t.credential_provider != null)]), false)
    error_message = "gateway.targets[*].openapi needs exactly one of s3_uri or inline, and a credential_provider (OAUTH or API_KEY)."
  }

  validation {
    condition     = var.gateway == null || try(alltrue([for t in values(var.gateway.targets) : t.mcp_server == null ? true : can(regex("^https://.+", t.mcp_server.endpoint))]), false)
    error_message = "gateway.targets[*].mcp_server.endpoint must be an https URL."
  }

  validation {
    condition     = var.gateway == null || try(alltrue(flatten([for t in values(var.gateway.targets) : [for u in compact([try(t.lambda.s3_uri, null), try(t.openapi.s3_uri, null)]) : can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$", u))]])), false)
    error_message = "gateway.targets[*] schema s3_uri values must look like s3://<bucket>/<key>."
  }

  validation {
    condition = var.gateway == null || try(alltrue([for t in values(var.gateway.targets) : t.credential_provider == null ? true : (
      contains(["OAUTH", "API_KEY"], t.credential_provider.type) && t.lambda == null &&
      (t.mcp_server == null || t.credential_provider.type == "OAUTH") &&
      (t.credential_provider.type != "OAUTH" || length(t.credential_provider.scopes) > 0) &&
      contains(["HEADER", "QUERY_PARAMETER"], t.credential_provider.location) &&
      can(regex("^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:token-vault/.+$", t.credential_provider.provider_arn)) &&
      can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", t.credential_provider.secret_arn))
    )]), false)
    error_message = "gateway.targets[*].credential_provider: type OAUTH (with scopes; openapi or mcp_server targets) or API_KEY (openapi targets; location HEADER or QUERY_PARAMETER); provider_arn a bedrock-agentcore token-vault ARN and secret_arn a Secrets Manager secret ARN. Lambda targets use the gateway's own role and take none."
  }
}

variable "memory" {
  description = "modules/agentcore's memory (described there), with its type and defaults, or null."
  type = object({
    event_expiry_days  = optional(number, 30)
    kms_key_arn        = optional(string)
    description        = optional(string)
    record_expiry_days = optional(number)
    semantic           = optional(bool, true)
    summary            = optional(bool, true)
    user_preference    = optional(bool, true)
    namespaces = optional(object({
      semantic        = optional(list(string), ["/facts/{actorId}"])
      summary         = optional(list(string), ["/summaries/{actorId}/{sessionId}"])
      user_preference = optional(list(string), ["/preferences/{actorId}"])
    }), {})
  })
  default = null

  validation {
    condition     = var.memory == null || try(var.memory.event_expiry_days == floor(var.memory.event_expiry_days) && var.memory.event_expiry_days >= 3 && var.memory.event_expiry_days <= 365, false)
    error_message = "memory.event_expiry_days must be a whole number of days from 3 to 365; got ${coalesce(try(tostring(var.memory.event_expiry_days), null), "null")}."
  }

  validation {
    condition     = try(var.memory.record_expiry_days, null) == null || try(var.memory.record_expiry_days == floor(var.memory.record_expiry_days) && var.memory.record_expiry_days >= 31, false)
    error_message = "memory.record_expiry_days must be a whole number of days, 31 or more (the AgentCore minimum), or null; got ${coalesce(try(tostring(var.memory.record_expiry_days), null), "null")}."
  }

  validation {
    condition     = try(var.memory.kms_key_arn, null) == null || can(regex(local.aws_rules.kms_key_arn_pattern, var.memory.kms_key_arn))
    error_message = "memory.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)."
  }

  validation {
    condition = var.memory == null || try(alltrue([
      for ns in concat(var.memory.namespaces.semantic, var.memory.namespaces.summary, var.memory.namespaces.user_preference) :
      can(regex("^/[a-zA-Z0-9\\-_/]*(\\{(actorId|sessionId|memoryStrategyId)\\}[a-zA-Z0-9\\-_/]*)*$", ns))
    ]) && length(var.memory.namespaces.semantic) > 0 && length(var.memory.namespaces.summary) > 0 && length(var.memory.namespaces.user_preference) > 0, false)
    error_message = "memory.namespaces: each strategy needs at least one namespace starting with '/', of letters, digits, '-', '_', '/' and the variables {actorId}, {sessionId}, {memoryStrategyId}."
  }
}
