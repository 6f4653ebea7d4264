sampling_appconfig = {
  application_id           = "abc1234"
  environment_id           = "env5678"
  configuration_profile_id = "prof901"
  configuration_arn        = "arn:aws:appconfig:eu-central-1:111122223333:application/abc1234/environment/env5678/configuration/prof901"
}
sampling_cache_ttl_seconds = 45
