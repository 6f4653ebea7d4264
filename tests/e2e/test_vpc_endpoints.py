"""examples/existing-vpc applied to the emulator, into a VPC made beforehand with boto3 (as a user's
VPC would be): the endpoints exist with the right service names and types, interface endpoints sit in
the given subnets behind a security group that admits only HTTPS from the allowed sources, gateway
endpoints are on exactly the given route tables; switching single_az on moves every interface
endpoint into one subnet in place; destroy removes them all."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

REGION = "us-east-1"
VPC_CIDR = "10.60.0.0/16"
DEFAULT_INTERFACES = {"bedrock-runtime", "bedrock-agentcore", "logs", "sts", "appconfigdata"}
INTERFACES = DEFAULT_INTERFACES | {"bedrock-agentcore.gateway"}
GATEWAYS = {"s3", "dynamodb"}


def _name(key: str) -> str:
    return f"com.amazonaws.{REGION}.{key}"


@pytest.fixture
def network(aws):
    """The user's VPC: two private subnets in two AZs with a route table each, one route table the
    module must not touch, and the agents' security group. Deleted afterwards."""
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock=VPC_CIDR)["Vpc"]["VpcId"]
    for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
        ec2.modify_vpc_attribute(VpcId=vpc, **{attribute: {"Value": True}})
    subnets, tables = {}, {}
    for i, az in enumerate((f"{REGION}a", f"{REGION}b")):
        subnets[az] = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.60.{16 * i}.0/20", AvailabilityZone=az)[
            "Subnet"
        ]["SubnetId"]
        tables[az] = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.associate_route_table(RouteTableId=tables[az], SubnetId=subnets[az])
    other_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    agents_sg = ec2.create_security_group(GroupName="agents", Description="agent runtimes", VpcId=vpc)[
        "GroupId"
    ]
    yield {
        "vpc": vpc,
        "subnets": subnets,
        "tables": tables,
        "other_table": other_table,
        "agents_sg": agents_sg,
    }
    ec2.delete_security_group(GroupId=agents_sg)
    for table in ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]:
        for assoc in table.get("Associations", []):
            if not assoc.get("Main"):
                ec2.disassociate_route_table(AssociationId=assoc["RouteTableAssociationId"])
        if not any(a.get("Main") for a in table.get("Associations", [])):
            ec2.delete_route_table(RouteTableId=table["RouteTableId"])
    for subnet in subnets.values():
        ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=vpc)


def _endpoints(ec2, vpc: str) -> dict[str, dict]:
    found = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]
    live = [e for e in found if e["State"].lower() not in ("deleted", "deleting")]
    by_name = {e["ServiceName"]: e for e in live}
    assert len(by_name) == len(live), "one endpoint per service"
    return by_name


def _gateway_routes(ec2, table: str) -> set[str]:
    """Endpoint ids that a route table routes to."""
    routes = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
    return {r["GatewayId"] for r in routes if r.get("GatewayId", "").startswith("vpce-")}


def test_existing_vpc_example_applies_as_configured(aws_env, aws, network, tmp_path):
    ec2 = aws("ec2")
    tf_vars = {
        "region": REGION,
        "name": "e2e-agents",
        "vpc_id": network["vpc"],
        "subnets": network["subnets"],
        "route_table_ids": sorted(network["tables"].values()),
        "allowed_cidr_blocks": [VPC_CIDR],
        "allowed_security_group_ids": [network["agents_sg"]],
        "interface_endpoints": sorted(INTERFACES),
        "monthly_traffic_gb": 400,
        "tags": {"team": "platform"},
    }
    with harness.applied("examples/existing-vpc", tmp_path, aws_env, tf_vars=tf_vars) as ws:
        out = ws.outputs()
        endpoints = _endpoints(ec2, network["vpc"])

        # Right services, right types: six interface endpoints, two gateway endpoints, nothing else.
        assert {n: e["VpcEndpointType"] for n, e in endpoints.items()} == {
            **{_name(k): "Interface" for k in INTERFACES},
            **{_name(k): "Gateway" for k in GATEWAYS},
        }
        assert {_name(k): i for k, i in out["vpc_endpoint_ids"].items()} == {
            n: e["VpcEndpointId"] for n, e in endpoints.items()
        }

        # Interface endpoints: in both given subnets, private DNS on, behind the module's group only.
        sg_id = out["security_group_id"]
        for key in INTERFACES:
            endpoint = endpoints[_name(key)]
            assert sorted(endpoint["SubnetIds"]) == sorted(network["subnets"].values()), key
            assert endpoint["PrivateDnsEnabled"] is True, key
            assert [g["GroupId"] for g in endpoint["Groups"]] == [sg_id], key
            assert {t["Key"]: t["Value"] for t in endpoint["Tags"]} == {
                "Name": f"e2e-agents-{key}",
                "team": "platform",
                "agentcore-finops:availability-zones": " ".join(sorted(network["subnets"])),
            }
            assert out["vpc_endpoint_dns_names"][key], f"{key} has DNS names"

        # Gateway endpoints: on exactly the two given route tables, which route to them; the third
        # route table of the VPC is untouched.
        gateway_ids = {endpoints[_name(k)]["VpcEndpointId"] for k in GATEWAYS}
        for key in GATEWAYS:
            assert sorted(endpoints[_name(key)]["RouteTableIds"]) == sorted(network["tables"].values()), key
        for table in network["tables"].values():
            assert _gateway_routes(ec2, table) == gateway_ids, table
        assert _gateway_routes(ec2, network["other_table"]) == set()

        # The security group admits TCP 443 from the VPC CIDR and the agents' group, nothing else,
        # and has no egress rule.
        group = ec2.describe_security_groups(GroupIds=[sg_id])["SecurityGroups"][0]
        assert group["VpcId"] == network["vpc"] and group["GroupName"].startswith("e2e-agents-vpc-endpoints-")
        ingress = group["IpPermissions"]
        assert all(p["IpProtocol"] == "tcp" and p["FromPort"] == 443 and p["ToPort"] == 443 for p in ingress)
        assert sorted(r["CidrIp"] for p in ingress for r in p.get("IpRanges", [])) == [VPC_CIDR]
        assert [g["GroupId"] for p in ingress for g in p.get("UserIdGroupPairs", [])] == [
            network["agents_sg"]
        ]
        assert not any(p.get("Ipv6Ranges") or p.get("PrefixListIds") for p in ingress)
        assert group["IpPermissionsEgress"] == []
        rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg_id]}])[
            "SecurityGroupRules"
        ]
        assert len(rules) == 2 and all(
            not r["IsEgress"] and (r["IpProtocol"], r["FromPort"], r["ToPort"]) == ("tcp", 443, 443)
            for r in rules
        ), rules

        # The estimate, by hand: 6 endpoints x 2 AZs x 730 h x $0.01 = 87.60, 400 GB x $0.01 = 4.00;
        # NAT 2 x 730 x $0.045 = 65.70, 400 x $0.045 = 18.00.
        cost = out["monthly_cost_estimate"]
        assert (cost["endpoint_hours_usd"], cost["endpoint_data_usd"], cost["endpoints_total_usd"]) == (
            87.6,
            4,
            91.6,
        )
        assert (cost["nat_total_usd"], cost["monthly_savings_vs_nat_usd"]) == (83.7, -7.9)

        # single_az in us-east-1b: every interface endpoint moves into that subnet, in place.
        ws.apply({**tf_vars, "single_az": True, "single_az_zone": f"{REGION}b"})
        moved = _endpoints(ec2, network["vpc"])
        for key in INTERFACES:
            assert moved[_name(key)]["VpcEndpointId"] == endpoints[_name(key)]["VpcEndpointId"], key
            assert moved[_name(key)]["SubnetIds"] == [network["subnets"][f"{REGION}b"]], key
        assert ws.outputs()["monthly_cost_estimate"]["availability_zones"] == 1

    assert _endpoints(ec2, network["vpc"]) == {}, "destroy removes every endpoint"
    assert not ec2.describe_security_groups(Filters=[{"Name": "group-id", "Values": [sg_id]}])[
        "SecurityGroups"
    ]
    for table in network["tables"].values():
        assert _gateway_routes(ec2, table) == set(), "destroy removes the gateway routes"
