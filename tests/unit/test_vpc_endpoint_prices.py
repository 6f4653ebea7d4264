"""modules/vpc-endpoints takes its prices as inputs (Terraform cannot read the Python catalogue at plan
time); their defaults must stay equal to the catalogue's ``services.network`` prices."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import hcl2
import pytest

from agentcore_finops import pricing

VARIABLES_TF = Path(__file__).resolve().parents[2] / "modules" / "vpc-endpoints" / "variables.tf"
# Every price the module's estimate uses; the field names are the catalogue's item names.
PRICE_FIELDS = {
    "interface_endpoint_hour_per_az",
    "interface_endpoint_data_gb",
    "gateway_endpoint_hour",
    "nat_gateway_hour",
    "nat_gateway_data_gb",
}
_FIELD = re.compile(r"(\w+)\s*=\s*optional\(\s*number\s*,\s*([0-9.eE+-]+)\s*\)")


def price_defaults(variables_tf: str) -> dict[str, Decimal]:
    """The defaults of ``var.prices`` (``name = optional(number, <default>)`` fields of its type)."""
    doc = hcl2.loads(variables_tf)
    blocks = [
        body for block in doc["variable"] for name, body in block.items() if name.strip('"') == "prices"
    ]
    assert len(blocks) == 1, 'variables.tf must declare exactly one variable "prices"'
    found = {name: Decimal(value) for name, value in _FIELD.findall(blocks[0]["type"])}
    assert found, f"no optional(number, default) fields in the type of var.prices: {blocks[0]['type']}"
    return found


@pytest.fixture(scope="module")
def defaults() -> dict[str, Decimal]:
    return price_defaults(VARIABLES_TF.read_text())


def test_the_module_prices_every_item_of_its_formula(defaults):
    assert set(defaults) == PRICE_FIELDS


@pytest.mark.parametrize("item", sorted(PRICE_FIELDS))
def test_module_default_equals_the_catalogue(item, defaults):
    catalogue = pricing.load_catalogue().price("network", item)
    assert defaults[item] == catalogue.value, (
        f"modules/vpc-endpoints var.prices.{item} defaults to {defaults[item]}, the catalogue says "
        f"{catalogue.value} ({catalogue.unit}); change both together"
    )


def test_a_drifted_default_is_caught():
    text = VARIABLES_TF.read_text().replace(
        "nat_gateway_hour               = optional(number, 0.045)",
        "nat_gateway_hour               = optional(number, 0.05)",
    )
    assert text != VARIABLES_TF.read_text(), "the probe edit must match variables.tf"
    drifted = price_defaults(text)
    assert drifted["nat_gateway_hour"] != pricing.load_catalogue().price("network", "nat_gateway_hour").value
