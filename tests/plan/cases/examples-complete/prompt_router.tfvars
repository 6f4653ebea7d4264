# The document specialists on the Amazon Nova default prompt router (fleet.tf).
doc_specialists_on_prompt_router = true
