# The reference fleet: 100 agents, tiered by decision complexity (10 orchestrators on the tier-1 model,
# 40 specialists on tier 2, 50 utilities on tier 3). Every field an agent does not set comes from its tier.

locals {
  orchestrators = {
    "sre-orchestrator"               = { tier = 1, tools = ["get_metrics", "query_logs", "open_ticket", "page_oncall"], description = "Drives incident triage across the SRE specialists" }
    "claims-orchestrator"            = { tier = 1, tools = ["get_claim", "route_claim", "request_documents"], description = "Routes insurance claims to the right specialists" }
    "support-orchestrator"           = { tier = 1, tools = ["search_kb", "get_customer", "open_ticket", "escalate_case"], description = "Front door for customer support conversations" }
    "sales-orchestrator"             = { tier = 1, tools = ["get_account", "get_opportunity", "draft_quote"], description = "Plans account research and quote preparation" }
    "onboarding-orchestrator"        = { tier = 1, tools = ["get_customer", "create_account", "send_email"], description = "Runs new-customer onboarding end to end" }
    "finance-close-orchestrator"     = { tier = 1, tools = ["get_ledger", "run_reconciliation", "open_ticket"], description = "Coordinates the month-end close" }
    "security-incident-orchestrator" = { tier = 1, tools = ["query_logs", "get_findings", "isolate_host", "page_oncall"], description = "Coordinates security incident response" }
    "supply-chain-orchestrator"      = { tier = 1, tools = ["get_inventory", "get_shipments", "create_po"], description = "Plans replenishment and shipment exceptions" }
    "hr-case-orchestrator"           = { tier = 1, tools = ["get_employee", "search_policies", "open_case"], description = "Handles HR cases across policy specialists" }
    "release-orchestrator"           = { tier = 1, tools = ["get_pipeline", "get_change", "approve_change"], description = "Coordinates releases and change approvals" }
  }

  specialists = {
    "doc-specialist"         = { tier = 2, tools = ["search_docs", "get_document"] }
    "contract-reviewer"      = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "kyc-analyst"            = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "fraud-analyst"          = { tier = 2, tools = ["get_transactions", "score_risk"] }
    "log-analyst"            = { tier = 2, tools = ["query_logs"] }
    "metrics-analyst"        = { tier = 2, tools = ["get_metrics"] }
    "root-cause-analyst"     = { tier = 2, tools = ["search_docs", "get_document"] }
    "policy-checker"         = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "pricing-advisor"        = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "refund-specialist"      = { tier = 2, tools = ["get_transactions", "score_risk"] }
    "billing-specialist"     = { tier = 2, tools = ["query_logs"] }
    "tax-specialist"         = { tier = 2, tools = ["get_metrics"] }
    "claims-assessor"        = { tier = 2, tools = ["search_docs", "get_document"] }
    "damage-estimator"       = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "underwriting-analyst"   = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "credit-analyst"         = { tier = 2, tools = ["get_transactions", "score_risk"] }
    "compliance-reviewer"    = { tier = 2, tools = ["query_logs"] }
    "privacy-reviewer"       = { tier = 2, tools = ["get_metrics"] }
    "vendor-risk-analyst"    = { tier = 2, tools = ["search_docs", "get_document"] }
    "procurement-advisor"    = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "inventory-planner"      = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "demand-forecaster"      = { tier = 2, tools = ["get_transactions", "score_risk"] }
    "route-planner"          = { tier = 2, tools = ["query_logs"] }
    "customs-specialist"     = { tier = 2, tools = ["get_metrics"] }
    "benefits-advisor"       = { tier = 2, tools = ["search_docs", "get_document"] }
    "payroll-specialist"     = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "recruiting-screener"    = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "learning-advisor"       = { tier = 2, tools = ["get_transactions", "score_risk"] }
    "knowledge-curator"      = { tier = 2, tools = ["query_logs"], ltm_enabled = true }
    "product-advisor"        = { tier = 2, tools = ["get_metrics"] }
    "returns-specialist"     = { tier = 2, tools = ["search_docs", "get_document"] }
    "warranty-specialist"    = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "network-analyst"        = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "database-tuner"         = { tier = 2, tools = ["get_transactions", "score_risk"] }
    "cost-analyst"           = { tier = 2, tools = ["query_logs"] }
    "capacity-planner"       = { tier = 2, tools = ["get_metrics"] }
    "change-risk-reviewer"   = { tier = 2, tools = ["search_docs", "get_document"] }
    "test-triage-specialist" = { tier = 2, tools = ["get_contract", "search_clauses"] }
    "threat-hunter"          = { tier = 2, tools = ["get_customer", "check_sanctions"] }
    "vulnerability-analyst"  = { tier = 2, tools = ["get_transactions", "score_risk"] }
  }

  utilities = {
    "invoice-validator"         = { tier = 3 }
    "email-classifier"          = { tier = 3, max_tokens = 50 }
    "language-detector"         = { tier = 3, max_tokens = 50 }
    "pii-redactor"              = { tier = 3 }
    "sentiment-tagger"          = { tier = 3, max_tokens = 50 }
    "address-normaliser"        = { tier = 3 }
    "date-extractor"            = { tier = 3 }
    "currency-converter"        = { tier = 3 }
    "sku-matcher"               = { tier = 3 }
    "intent-classifier"         = { tier = 3, max_tokens = 50 }
    "priority-tagger"           = { tier = 3, max_tokens = 50 }
    "spam-filter"               = { tier = 3 }
    "duplicate-detector"        = { tier = 3, max_tokens = 50 }
    "ticket-router"             = { tier = 3 }
    "title-generator"           = { tier = 3 }
    "keyword-extractor"         = { tier = 3 }
    "entity-extractor"          = { tier = 3 }
    "phone-normaliser"          = { tier = 3 }
    "unit-converter"            = { tier = 3 }
    "timezone-resolver"         = { tier = 3 }
    "form-validator"            = { tier = 3 }
    "iban-validator"            = { tier = 3 }
    "vat-validator"             = { tier = 3 }
    "postcode-validator"        = { tier = 3 }
    "receipt-parser"            = { tier = 3 }
    "po-matcher"                = { tier = 3 }
    "log-summariser"            = { tier = 3 }
    "alert-deduplicator"        = { tier = 3 }
    "severity-tagger"           = { tier = 3, max_tokens = 50 }
    "runbook-linker"            = { tier = 3 }
    "faq-matcher"               = { tier = 3 }
    "greeting-responder"        = { tier = 3 }
    "handoff-summariser"        = { tier = 3 }
    "call-disposition-tagger"   = { tier = 3, max_tokens = 50 }
    "survey-scorer"             = { tier = 3 }
    "toxicity-filter"           = { tier = 3 }
    "profanity-masker"          = { tier = 3 }
    "translation-checker"       = { tier = 3 }
    "spell-checker"             = { tier = 3 }
    "tone-rewriter"             = { tier = 3 }
    "json-repairer"             = { tier = 3 }
    "schema-validator"          = { tier = 3 }
    "csv-cleaner"               = { tier = 3 }
    "nightly-report-summariser" = { tier = 3, async = true }
    "weekly-digest-writer"      = { tier = 3, async = true }
    "backlog-labeller"          = { tier = 3 }
    "changelog-writer"          = { tier = 3, async = true }
    "meeting-notes-tagger"      = { tier = 3, max_tokens = 50 }
    "attachment-classifier"     = { tier = 3, max_tokens = 50 }
    "image-alt-writer"          = { tier = 3 }
  }

  agents = merge(local.orchestrators, local.specialists, local.utilities)
}
