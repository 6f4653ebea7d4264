# monthly_cost_estimate against hand calculations (730 hours a month; catalogue prices unless given):
#   endpoints = interface endpoints x AZs x 730 x hour price + GB x endpoint GB price (+ gateway: free)
#   NAT       = one NAT gateway per AZ x 730 x NAT hour price + GB x NAT GB price

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id = "us-east-1"
    }
  }
}

variables {
  name   = "fleet"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
  subnets = {
    "us-east-1a" = "subnet-0aaaaaaaaaaaaaaaa"
    "us-east-1b" = "subnet-0bbbbbbbbbbbbbbbb"
    "us-east-1c" = "subnet-0cccccccccccccccc"
  }
  route_table_ids     = ["rtb-0aaaaaaaaaaaaaaaa"]
  allowed_cidr_blocks = ["10.0.0.0/16"]
}

run "five_endpoints_in_three_azs_500_gb" {
  command = plan

  variables {
    monthly_traffic_gb = 500
  }

  # 5 x 3 x 730 x 0.01 = 109.50; 500 x 0.01 = 5.00; NAT 3 x 730 x 0.045 = 98.55; 500 x 0.045 = 22.50
  assert {
    condition     = output.monthly_cost_estimate.interface_endpoints == 5 && output.monthly_cost_estimate.availability_zones == 3 && output.monthly_cost_estimate.nat_gateways == 3
    error_message = "5 interface endpoints in 3 AZs, compared with 3 NAT gateways"
  }
  assert {
    condition     = output.monthly_cost_estimate.endpoint_hours_usd == 109.5 && output.monthly_cost_estimate.endpoint_data_usd == 5
    error_message = "endpoint hours 109.50 and processing 5.00, got ${output.monthly_cost_estimate.endpoint_hours_usd} and ${output.monthly_cost_estimate.endpoint_data_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.gateway_endpoints == 2 && output.monthly_cost_estimate.gateway_endpoints_usd == 0
    error_message = "gateway endpoints are free"
  }
  assert {
    condition     = output.monthly_cost_estimate.endpoints_total_usd == 114.5
    error_message = "endpoints total 114.50, got ${output.monthly_cost_estimate.endpoints_total_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.nat_hours_usd == 98.55 && output.monthly_cost_estimate.nat_data_usd == 22.5 && output.monthly_cost_estimate.nat_total_usd == 121.05
    error_message = "NAT 98.55 + 22.50 = 121.05, got ${output.monthly_cost_estimate.nat_total_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.monthly_savings_vs_nat_usd == 6.55
    error_message = "saving 121.05 - 114.50 = 6.55, got ${output.monthly_cost_estimate.monthly_savings_vs_nat_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.monthly_savings_if_nat_kept_usd == -92
    error_message = "with the NAT gateways kept, only 22.50 of NAT processing is saved against 114.50: -92.00, got ${output.monthly_cost_estimate.monthly_savings_if_nat_kept_usd}"
  }
}

run "no_traffic_nat_is_cheaper" {
  command = plan

  # 109.50 for the endpoints against 98.55 for three NAT gateways: the saving is negative.
  assert {
    condition     = output.monthly_cost_estimate.endpoints_total_usd == 109.5 && output.monthly_cost_estimate.nat_total_usd == 98.55 && output.monthly_cost_estimate.monthly_savings_vs_nat_usd == -10.95
    error_message = "with no traffic, five endpoints in three AZs cost 10.95 more than three NAT gateways, got ${output.monthly_cost_estimate.monthly_savings_vs_nat_usd}"
  }
}

run "single_az_seven_endpoints_2000_gb" {
  command = plan

  variables {
    single_az           = true
    interface_endpoints = ["bedrock-runtime", "bedrock-agentcore", "bedrock-agentcore.gateway", "logs", "sts", "appconfigdata", "secretsmanager"]
    monthly_traffic_gb  = 2000
  }

  # 7 x 1 x 730 x 0.01 = 51.10; 2000 x 0.01 = 20.00; NAT 1 x 730 x 0.045 = 32.85; 2000 x 0.045 = 90.00
  assert {
    condition     = output.monthly_cost_estimate.availability_zones == 1 && output.monthly_cost_estimate.endpoint_hours_usd == 51.1 && output.monthly_cost_estimate.endpoints_total_usd == 71.1
    error_message = "single AZ: 51.10 + 20.00 = 71.10, got ${output.monthly_cost_estimate.endpoints_total_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.nat_total_usd == 122.85 && output.monthly_cost_estimate.monthly_savings_vs_nat_usd == 51.75
    error_message = "NAT 32.85 + 90.00 = 122.85, saving 51.75, got ${output.monthly_cost_estimate.monthly_savings_vs_nat_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.monthly_savings_if_nat_kept_usd == 18.9
    error_message = "with the NAT gateway kept: 90.00 - 71.10 = 18.90, got ${output.monthly_cost_estimate.monthly_savings_if_nat_kept_usd}"
  }
}

run "prices_of_another_region" {
  command = plan

  variables {
    subnets = {
      "us-east-1a" = "subnet-0aaaaaaaaaaaaaaaa"
      "us-east-1b" = "subnet-0bbbbbbbbbbbbbbbb"
    }
    monthly_traffic_gb = 1000
    prices = {
      interface_endpoint_hour_per_az = 0.011
      nat_gateway_hour               = 0.048
      nat_gateway_data_gb            = 0.048
    }
  }

  # 5 x 2 x 730 x 0.011 = 80.30; 1000 x 0.01 (default kept) = 10.00; NAT 2 x 730 x 0.048 = 70.08; 1000 x 0.048 = 48.00
  assert {
    condition     = output.monthly_cost_estimate.endpoint_hours_usd == 80.3 && output.monthly_cost_estimate.endpoint_data_usd == 10 && output.monthly_cost_estimate.endpoints_total_usd == 90.3
    error_message = "endpoints 80.30 + 10.00 = 90.30, got ${output.monthly_cost_estimate.endpoints_total_usd}"
  }
  assert {
    condition     = output.monthly_cost_estimate.nat_total_usd == 118.08 && output.monthly_cost_estimate.monthly_savings_vs_nat_usd == 27.78
    error_message = "NAT 70.08 + 48.00 = 118.08, saving 27.78, got ${output.monthly_cost_estimate.monthly_savings_vs_nat_usd}"
  }
}
