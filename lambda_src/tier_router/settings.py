"""The router's settings now live in ``tier_router.contract`` (the project's convention: one contract
module per function holds its settings, event and report types); this module keeps the old import
path working."""

from .contract import APPCONFIG_VARIABLES, VARIABLES, AppConfigLocation, Settings

__all__ = ["APPCONFIG_VARIABLES", "VARIABLES", "AppConfigLocation", "Settings"]
