"""The log-retention auditor Lambda: finds log groups that keep data forever (or longer than policy) and
fixes them when told to."""
