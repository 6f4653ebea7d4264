"""The weekly usage digest Lambda (see ``digest``)."""
