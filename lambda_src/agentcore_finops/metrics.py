"""CloudWatch metric conventions shared by every Lambda and helper of this project.

All metrics go to one namespace as CloudWatch embedded metric format (EMF) through Powertools
``Metrics``. Each emitter declares the metric names it can emit in a module-level ``METRIC_NAMES``
tuple (see the Lambdas' handler modules); the cost dashboard is built from the same names and a test
checks both sides agree.
"""

from __future__ import annotations

NAMESPACE = "AgentCoreFinOps"

# Dimension names used across emitters.
DIM_AGENT = "AgentId"
DIM_TIER = "Tier"
DIM_SERVICE = "service"  # added by Powertools from the `service` argument
