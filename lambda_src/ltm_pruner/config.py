"""The pruner's settings now live in ``ltm_pruner.contract`` (the project's convention: one contract
module per function holds its settings, event and report types); this module keeps the
``ltm_pruner.config`` import path that the module's docs and callers use."""

from .contract import DEFAULT_PRICE_ITEM, MAX_BATCH, TIERS, VARIABLES, PrunerConfig, Scope, load_config

__all__ = ["DEFAULT_PRICE_ITEM", "MAX_BATCH", "TIERS", "VARIABLES", "PrunerConfig", "Scope", "load_config"]
