"""emulator/ext/lambda_layers: the official Powertools layers attach in the emulator, as in AWS;
any other layer the account did not publish stays unknown."""

from __future__ import annotations

import io
import zipfile

import pytest
from botocore.exceptions import ClientError

OFFICIAL = "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("probe/handler.py", "def lambda_handler(event, context):\n    return event\n")
    return buf.getvalue()


def _create(lam, iam, name: str, layers: list[str]) -> dict:
    role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    return lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="probe.handler.lambda_handler",
        Code={"ZipFile": _zip()},
        Layers=layers,
    )


def test_the_official_powertools_layer_attaches_and_own_layers_still_resolve(ext_aws):
    lam, iam = ext_aws("lambda"), ext_aws("iam")
    own = lam.publish_layer_version(LayerName="probe-boto3", Content={"ZipFile": _zip()})["LayerVersionArn"]
    created = _create(lam, iam, "probe-layers", [OFFICIAL, own])
    assert [layer["Arn"] for layer in created["Layers"]] == [OFFICIAL, own]
    config = lam.get_function_configuration(FunctionName="probe-layers")
    assert [layer["Arn"] for layer in config["Layers"]] == [OFFICIAL, own]


@pytest.mark.parametrize(
    "arn",
    [
        # another publisher's layer, and a Powertools name under another account: unknown, as moto has it
        "arn:aws:lambda:us-east-1:111122223333:layer:SomeoneElsesLayer:3",
        "arn:aws:lambda:us-east-1:111122223333:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37",
    ],
)
def test_a_layer_nobody_published_is_still_unknown(ext_aws, arn):
    lam, iam = ext_aws("lambda"), ext_aws("iam")
    with pytest.raises(ClientError) as exc:
        _create(lam, iam, "probe-unknown", [arn])
    assert "Layer" in exc.value.response["Error"]["Code"] or "layer" in str(exc.value).lower()
