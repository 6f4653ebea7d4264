"""agentcore_finops.aws: the retry settings every client of the set is built with."""

from __future__ import annotations

from agentcore_finops.aws import DEFAULT_MAX_ATTEMPTS, client_config


def test_clients_retry_adaptively_by_default():
    assert client_config().retries == {"mode": "adaptive", "total_max_attempts": DEFAULT_MAX_ATTEMPTS}


def test_a_caller_that_does_its_own_retries_gets_no_client_side_rate_limiter():
    # Adaptive mode installs botocore's rate limiter even with one attempt; it would sleep outside the
    # caller's backoff (the tier router's Converse loop).
    assert client_config(max_attempts=1).retries == {"mode": "standard", "total_max_attempts": 1}
