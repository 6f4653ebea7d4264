"""AWS-published public Lambda layers (the official Powertools for AWS Lambda layers).

In AWS, ``arn:aws:lambda:<region>:017000801446:layer:AWSLambdaPowertoolsPython...:<version>`` is a
layer published by AWS that any account may attach. moto (5.2) resolves a layer ARN by name in the
calling account only, so a function naming the official layer fails to create with
``UnknownLayerVersionException``. This resolves layer ARNs of the Powertools publisher account (and
only those) to a layer version with that ARN, so the modules' default (the official layer) applies to
the emulator as it does to AWS. Any other layer goes through moto as before: a layer the account did
not publish is still unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from moto.awslambda.models import LambdaBackend

POWERTOOLS_PUBLISHER = "017000801446"
PUBLIC_LAYER = re.compile(
    rf"^arn:aws:lambda:[a-z0-9-]+:{POWERTOOLS_PUBLISHER}:layer:AWSLambdaPowertoolsPython[A-Za-z0-9_-]*:[0-9]+$"
)

_registered = False


@dataclass(frozen=True)
class PublicLayerVersion:
    """What moto reads of a layer version when a function attaches it."""

    arn: str
    code_size: int = 0


def register() -> None:
    global _registered
    if _registered:
        return
    moto_lookup = LambdaBackend.layers_versions_by_arn

    def layers_versions_by_arn(self: LambdaBackend, layer_version_arn: str) -> Any:
        if PUBLIC_LAYER.match(layer_version_arn):
            return PublicLayerVersion(layer_version_arn)
        return moto_lookup(self, layer_version_arn)

    LambdaBackend.layers_versions_by_arn = layers_versions_by_arn  # type: ignore[method-assign]
    _registered = True
