"""agentcore-finops shared Python: fleet schema, agent-config records, pricing, AWS clients, metrics.

Packaged into every Lambda zip by scripts/build_lambdas.py and installed as the `agentcore-finops`
distribution (which also provides the `agentcore-finops` command).
"""

__version__ = "0.1.0"  # the release version; pyproject.toml reads it (semantic versioning)
