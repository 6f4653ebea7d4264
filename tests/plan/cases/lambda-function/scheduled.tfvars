function = {
  name         = "acme-nightly-report"
  handler      = "report.handler"
  package_file = "modules/lambda-function/tests/fixtures/empty.zip" # relative to the repository: module cases are planned from its root
  tags         = { team = "platform" }
}
policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadTable\",\"Effect\":\"Allow\",\"Action\":[\"dynamodb:Scan\"],\"Resource\":[\"arn:aws:dynamodb:us-east-1:123456789012:table/acme\"]}]}"
schedule    = { expression = "cron(0 6 * * ? *)" }
