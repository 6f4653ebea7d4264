output "appconfig_application_arn" {
  description = "ARN of the AppConfig application."
  value       = aws_appconfig_application.this.arn
}

output "appconfig_application_id" {
  description = "Id of the AppConfig application (what readers pass as the application)."
  value       = aws_appconfig_application.this.id
}

output "appconfig_configuration_arns" {
  description = "Per environment, the ARN readers need in IAM for appconfig:StartConfigurationSession and appconfig:GetLatestConfiguration (arn:...:application/<app>/environment/<env>/configuration/<profile>)."
  value = {
    for env, e in aws_appconfig_environment.this :
    env => "${aws_appconfig_application.this.arn}/environment/${e.environment_id}/configuration/${aws_appconfig_configuration_profile.this.configuration_profile_id}"
  }
}

output "appconfig_configuration_profile_id" {
  description = "Id of the configuration profile holding the sampling document (what readers pass as the profile)."
  value       = aws_appconfig_configuration_profile.this.configuration_profile_id
}

output "appconfig_configuration_version" {
  description = "Version number of the deployed hosted configuration."
  value       = aws_appconfig_hosted_configuration_version.this.version_number
}

output "appconfig_deployment_strategy_id" {
  description = "Id of the deployment strategy used for the sampling document."
  value       = aws_appconfig_deployment_strategy.this.id
}

output "appconfig_environment_ids" {
  description = "Environment name to AppConfig environment id (what readers pass as the environment)."
  value       = { for env, e in aws_appconfig_environment.this : env => e.environment_id }
}

output "document" {
  description = "The deployed sampling document (JSON): version, per-tier and per-agent rates, overrides applied."
  value       = jsonencode(local.document)
}

output "otel_environment" {
  description = "Per agent id, the OpenTelemetry head-sampling variables for its runtime (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG) at the fleet's rate; overrides do not change them."
  value       = local.otel_environment
}

output "transaction_search_stack_id" {
  description = "Id of the CloudFormation stack that turns on Transaction Search, or null."
  value       = try(aws_cloudformation_stack.transaction_search[0].id, null)
}
