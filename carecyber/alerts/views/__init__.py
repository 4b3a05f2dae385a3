"""Pages of Broadcast, by noun. Thin: parse, call a query or a service, render."""
