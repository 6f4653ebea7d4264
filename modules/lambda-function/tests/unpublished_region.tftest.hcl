# In a region or partition where AWS does not publish the Powertools layer, the default fails the plan
# with a message naming powertools_layer_arns; an explicit list (a self-built layer) plans.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id   = "cn-north-1"
      name = "cn-north-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws-cn"
    }
  }
}

variables {
  function = {
    name         = "probe-fn"
    package_file = "tests/fixtures/empty.zip"
    handler      = "probe.handler.lambda_handler"
  }
}

run "the_official_layer_is_not_there" {
  command         = plan
  expect_failures = [aws_lambda_function.this]
}

run "a_self_built_layer_plans" {
  command = plan

  variables {
    function = { name = "probe-fn", handler = "probe.handler.lambda_handler", package_file = "tests/fixtures/empty.zip", powertools_layer_arns = ["arn:aws-cn:lambda:cn-north-1:123456789012:layer:powertools:2"] }
  }

  assert {
    condition     = aws_lambda_function.this.layers == tolist(["arn:aws-cn:lambda:cn-north-1:123456789012:layer:powertools:2"])
    error_message = "the given layer is attached"
  }
}
