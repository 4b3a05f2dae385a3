"""Pages of phishing reporting: the reporter's side and the analyst's side, one module per area."""
