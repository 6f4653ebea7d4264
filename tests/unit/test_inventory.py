"""scripts.inventory: plan summaries and subset matching (the plan-test layer's own logic)."""

from __future__ import annotations

from scripts.inventory import ABSENT, UNKNOWN, check, regenerate, summarise

PLAN = {
    "planned_values": {
        "outputs": {"name": {"sensitive": False, "value": "t1"}, "arn": {"sensitive": False}},
        "root_module": {
            "resources": [
                {
                    "address": "aws_s3_bucket.a",
                    "mode": "managed",
                    "type": "aws_s3_bucket",
                    "values": {"bucket": "a"},
                }
            ],
            "child_modules": [
                {
                    "address": "module.m",
                    "resources": [
                        {
                            "address": 'module.m.aws_dynamodb_table_item.this["x.y"]',
                            "mode": "managed",
                            "type": "aws_dynamodb_table_item",
                            "values": {"item": '{"agent_id":{"S":"x.y"}}', "tags": None},
                        },
                        {
                            "address": "module.m.data.aws_region.r",
                            "mode": "data",
                            "type": "aws_region",
                            "values": {},
                        },
                    ],
                }
            ],
        },
    },
    "resource_changes": [
        {"address": "aws_s3_bucket.a", "change": {"after_unknown": {"arn": True}}},
    ],
    "output_changes": {"arn": {"after_unknown": True}},
}


def test_summary_flattens_modules_decodes_json_and_marks_unknowns():
    s = summarise(PLAN)
    assert s.counts == {"aws_dynamodb_table_item": 1, "aws_s3_bucket": 1, "resources": 2}
    assert s.values['module.m.aws_dynamodb_table_item.this["x.y"]']["item"] == {"agent_id": {"S": "x.y"}}
    assert s.values["aws_s3_bucket.a"]["arn"] == UNKNOWN
    assert s.outputs == {"name": "t1", "arn": UNKNOWN}


def test_matching_inventory_has_no_errors():
    inv = {
        "values": {
            'module.m.aws_dynamodb_table_item.this["x.y"]': {
                "item": {"agent_id": {"S": "x.y"}},
                "tags": ABSENT,
            },
            "aws_s3_bucket.b": ABSENT,
        },
        "counts": {"aws_s3_bucket": 1},
        "outputs": {"name": "t1", "arn": UNKNOWN},
    }
    assert check(summarise(PLAN), inv) == []


def test_every_kind_of_departure_is_reported():
    inv = {
        "values": {
            "aws_s3_bucket.a": {"bucket": "b", "missing_key": 1},
            "aws_s3_bucket.gone": {"bucket": "x"},
            'module.m.aws_dynamodb_table_item.this["x.y"]': ABSENT,
        },
        "counts": {"aws_s3_bucket": 2, "aws_sqs_queue": 1},
        "outputs": {"name": "t2", "nope": 1},
    }
    errors = check(summarise(PLAN), inv)
    assert len(errors) == 8, errors
    assert any("expected 'b', got 'a'" in e for e in errors)
    assert any("aws_s3_bucket.gone: not planned" in e for e in errors)
    assert any("expected not to be planned" in e for e in errors)


def test_lists_must_match_in_length():
    s = summarise(PLAN)
    s.values["aws_s3_bucket.a"]["rules"] = [{"id": 1}, {"id": 2}]
    assert check(s, {"values": {"aws_s3_bucket.a": {"rules": [{"id": 1}]}}})
    assert not check(s, {"values": {"aws_s3_bucket.a": {"rules": [{"id": 1}, {}]}}})


def test_unknown_inventory_section_is_an_error():
    assert check(summarise(PLAN), {"value": {}})


def test_regenerate_keeps_the_shape_and_refreshes_values():
    old = {"values": {"aws_s3_bucket.a": {"bucket": "old"}}, "outputs": {"name": "old"}}
    new = regenerate(summarise(PLAN), old)
    assert new["values"] == {"aws_s3_bucket.a": {"bucket": "a"}}
    assert new["outputs"] == {"name": "t1"}
    assert new["counts"]["resources"] == 2
    assert set(regenerate(summarise(PLAN), None)["values"]) == {
        "aws_s3_bucket.a",
        'module.m.aws_dynamodb_table_item.this["x.y"]',
    }


def test_resource_type_of_addresses_with_dotted_keys():
    from scripts.inventory import _type_of

    assert _type_of('module.a["k.1"].module.b[0].aws_x.name["key.2"]') == "aws_x"
    assert _type_of("aws_y.z") == "aws_y"
    assert _type_of('module.a.data.aws_region.r["x"]') == "data.aws_region"


def test_partly_unknown_outputs_keep_their_known_parts():
    plan = {
        "planned_values": {"outputs": {"g": {"sensitive": False}}, "root_module": {}},
        "output_changes": {"g": {"after": {"name": "b", "arn": None}, "after_unknown": {"arn": True}}},
    }
    assert summarise(plan).outputs["g"] == {"name": "b", "arn": UNKNOWN}


# The same plan as ``terraform test -json -verbose`` reports a run's plan: no planned_values, values in
# resource_changes[].change.after (data sources as "read"), outputs in output_changes.
TEST_PLAN = {
    "resource_changes": [
        {
            "address": "aws_s3_bucket.a",
            "mode": "managed",
            "change": {"actions": ["create"], "after": {"bucket": "a"}, "after_unknown": {"arn": True}},
        },
        {
            "address": 'module.m.aws_dynamodb_table_item.this["x.y"]',
            "mode": "managed",
            "change": {
                "actions": ["create"],
                "after": {"item": '{"agent_id":{"S":"x.y"}}', "tags": None},
                "after_unknown": {},
            },
        },
        {"address": "module.m.data.aws_region.r", "mode": "data", "change": {"actions": ["read"]}},
        {
            "address": "aws_s3_bucket.gone",
            "mode": "managed",
            "change": {"actions": ["delete"], "after": None},
        },
    ],
    "output_changes": {
        "name": {"actions": ["create"], "after": "t1"},
        "arn": {"actions": ["create"], "after_unknown": True},
        "old": {"actions": ["delete"], "before": "x"},
    },
}


def test_a_terraform_test_plan_summarises_like_the_show_json_of_the_same_plan():
    a, b = summarise(PLAN), summarise(TEST_PLAN)
    assert (a.values, a.counts, a.outputs) == (b.values, b.counts, b.outputs)
