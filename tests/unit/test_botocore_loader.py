"""tests/conftest.py ``one_botocore_loader``: the boto3 sessions of a test process share one botocore
data loader (one parse of each data file per process), and a session with another data path gets a
loader of its own."""

from __future__ import annotations

import boto3


def _loader(session: boto3.session.Session):
    return session._session.get_component("data_loader")


def test_every_session_gets_the_same_loader(one_botocore_loader):
    first, second = boto3.session.Session(), boto3.session.Session()
    assert _loader(first) is _loader(second)
    assert _loader(first) in one_botocore_loader.values()
    # what a client is built from comes through it, parsed once
    first.client("dynamodb", region_name="us-east-1")
    parses = len(_loader(first)._cache)
    second.client("dynamodb", region_name="us-east-1")
    assert len(_loader(second)._cache) == parses


def test_another_data_path_gets_its_own_loader(one_botocore_loader, monkeypatch, tmp_path):
    usual = _loader(boto3.session.Session())
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    other = _loader(boto3.session.Session())
    assert other is not usual
    assert str(tmp_path) in other.search_paths
    assert _loader(boto3.session.Session()) is other
